// adcc -p BUILD_DIR takes the model's -I, -D, -U, -std=, -isystem and
// -include from BUILD_DIR/compile_commands.json ("command" or "arguments",
// paths relative to the entry's "directory"); the command line's own -D
// and -U come after them.
// RUN: rm -rf %t && mkdir -p %t/build
// RUN: echo '[{"directory": "%t/build", "file": "%s",' > %t/build/compile_commands.json
// RUN: echo ' "command": "cc -I ../inc -DFACTOR=5 -std=c11 -Wall -O2 -c %s -o model.o"}]' >> %t/build/compile_commands.json
// RUN: mkdir %t/inc && cp %S/Inputs/scale.h %t/inc/
// RUN: %adcc -p %t/build %s -o - | %FileCheck %s --check-prefix=DB
// DB: *d_x += 3.0 * 5;
// RUN: %adcc -p %t/build -DFACTOR=7 -UFACTOR -DFACTOR=7 %s -o - | %FileCheck %s --check-prefix=CLI
// CLI: *d_x += 3.0 * 7;
// RUN: mkdir %t/build2
// RUN: echo '[{"directory": "%t/build2", "file": "%s", "arguments": ["cc", "-DFACTOR=9", "-I", "../inc", "-c", "%s"]}]' > %t/build2/compile_commands.json
// RUN: %adcc -p %t/build2 %s -o - | %FileCheck %s --check-prefix=ARGS
// ARGS: *d_x += 3.0 * 9;
// The header read through the database's -I is a dependency too.
// RUN: %adcc -p %t/build %s -o %t/g.c -MD
// RUN: %FileCheck %s --check-prefix=DEP < %t/g.d
// DEP: {{ |^}}{{.*}}/inc/scale.h
#include <adcc.h>
#include "scale.h"

ADCC_GRAD(x)
double f(double x)
{
    return SCALE * FACTOR * x;
}
