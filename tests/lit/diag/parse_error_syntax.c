// A syntax error (missing semicolon) is forwarded from clang at its
// location; status 1, no output.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:21: error: expected ';' at end of declaration{{$}}
    // CHECK-NEXT: {{^    double y = x \* x$}}
    // CHECK-NEXT: {{^ {20}\^$}}
    double y = x * x
    return y;
}
