// Usage errors exit with status 2 (DESIGN: 0 success, 1 errors in the input,
// 2 usage errors), print one `adcc: error:` line saying what is wrong, and
// write no output file.
// RUN: rm -f %t.c
// RUN: %adcc --no-such-option %s -o %t.c 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=OPT < %t.err
// OPT: {{^}}adcc: error: unknown option '--no-such-option' (see adcc --help){{$}}
// RUN: %adcc %s %s -o %t.c 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=TWO < %t.err
// TWO: {{^}}adcc: error: more than one input file ('{{.*}}' and '{{.*}}'); give adcc one model file per run{{$}}
// RUN: %adcc -o %t.c 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=NOIN < %t.err
// NOIN: {{^}}adcc: error: no input file; give the model file to differentiate{{$}}
// NOIN-NEXT: {{^}}usage: adcc
// RUN: %adcc %s 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=NOOUT < %t.err
// NOOUT: {{^}}adcc: error: no output file; use -o model_grad.c{{$}}
// RUN: %adcc --dump-after=nonsense %s 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=DUMP < %t.err
// DUMP: {{^}}adcc: error: --dump-after knows only 'lower'; use --dump-after=lower{{$}}
// RUN: test ! -e %t.c
// --help and --version succeed.
// RUN: %adcc --help | %FileCheck %s --check-prefix=HELP
// HELP: usage: adcc
// RUN: %adcc --version | %FileCheck %s --check-prefix=VERSION
// VERSION: adcc {{[0-9]}}
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
