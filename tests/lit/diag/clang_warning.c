// clang's warnings are forwarded with location, source line and caret, and
// do not fail the run: status 0 and the output file is written.
// RUN: rm -f %t.c
// RUN: %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: test -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:13: warning: implicit conversion of out of range value from 'double' to 'int' is undefined{{$}}
    // CHECK-NEXT: {{^    int k = 1e20;$}}
    // CHECK-NEXT: {{^ {12}\^$}}
    int k = 1e20;
    return x * x + k;
}
