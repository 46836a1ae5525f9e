// The GNU conditional with the middle operand left out (a ?: b) is rejected
// at the expression with the standard C to write instead.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, double y)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: this expression is not supported; write it in standard C (a ?: b as a ? a : b){{$}}
    // CHECK-NEXT: {{^    double z = y \?: x;$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    double z = y ?: x;
    return z * x;
}
