// adcc -p: a directory without compile_commands.json, a database that is
// not JSON, and a model the database does not list are errors (status 1,
// no output) saying what to do.
// RUN: rm -rf %t && mkdir -p %t/empty %t/bad %t/other
// RUN: %not %adcc -p %t/empty %s -o %t/g.c 2>%t/err
// RUN: %FileCheck %s --check-prefix=NODB --implicit-check-not=error: < %t/err
// NODB: {{^}}adcc: error: no compilation database in '{{.*}}empty' (no readable compile_commands.json); configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or give the flags with -I and -D instead of -p{{$}}
// RUN: echo '[{' > %t/bad/compile_commands.json
// RUN: %not %adcc -p %t/bad %s -o %t/g.c 2>%t/err
// RUN: %FileCheck %s --check-prefix=BAD < %t/err
// BAD: {{^}}adcc: error: cannot read '{{.*}}bad/compile_commands.json' as a compilation database; regenerate it with the build system{{$}}
// RUN: echo '[{"directory": "%t/other", "command": "cc -c other.c", "file": "other.c"}]' > %t/other/compile_commands.json
// RUN: %not %adcc -p %t/other %s -o %t/g.c 2>%t/err
// RUN: %FileCheck %s --check-prefix=NOTIN --implicit-check-not=error: < %t/err
// NOTIN: {{^}}adcc: error: '{{.*}}compdb_errors.c' is not in the compilation database '{{.*}}other/compile_commands.json'; add it to the build, or give its flags with -I and -D instead of -p{{$}}
// RUN: test ! -e %t/g.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
