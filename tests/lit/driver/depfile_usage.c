// Usage errors of -MD, -MF, -MT and -p: status 2, one `adcc: error:` line,
// no output.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc %s -o %t/g.c -MF 2>%t/err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=MF < %t/err
// MF: {{^}}adcc: error: option '-MF' needs an argument (see adcc --help){{$}}
// RUN: %adcc %s -o %t/g.c -MD -MT 2>%t/err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=MT < %t/err
// MT: {{^}}adcc: error: option '-MT' needs an argument (see adcc --help){{$}}
// RUN: %adcc %s -o %t/g.c -p 2>%t/err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=P < %t/err
// P: {{^}}adcc: error: option '-p' needs an argument (see adcc --help){{$}}
// RUN: %adcc %s --explain -MD 2>%t/err >/dev/null; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=NOOUT < %t/err
// NOOUT: {{^}}adcc: error: -MD and -MF describe the -o file; add -o model_grad.c{{$}}
// RUN: %adcc %s -o - -MD 2>%t/err >/dev/null; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=STDOUT < %t/err
// STDOUT: {{^}}adcc: error: with -o -, -MD needs -MF FILE and -MT TARGET{{$}}
// RUN: test ! -e %t/g.c && test ! -e %t/g.d
// With -MF and -MT, -o - works: the rule goes to the file.
// RUN: %adcc %s -o - -MF %t/out.d -MT gen.c > %t/gen.c
// RUN: %FileCheck %s --check-prefix=RULE < %t/out.d
// RUN: %adcc --help | %FileCheck %s --check-prefix=HELP
// RULE: {{^}}gen.c: {{.*}}depfile_usage.c
// HELP-DAG: -MD
// HELP-DAG: -MF FILE
// HELP-DAG: -MT TARGET
// HELP-DAG: -MP
// HELP-DAG: -p BUILD_DIR
// HELP-DAG: -include FILE
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
