// A unary operator the IR lacks (__extension__) is rejected at the operator.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: this unary operator is not supported; rewrite the expression without it{{$}}
    // CHECK-NEXT: {{^    double y = __extension__ x;$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    double y = __extension__ x;
    return y * x;
}
