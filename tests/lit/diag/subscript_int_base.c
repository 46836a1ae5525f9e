// A subscript written index-first (1[x], valid C) is rejected at the
// subscript expression.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(const double *x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: subscript of a non-pointer is not supported; write the array or pointer first, as in x[1]{{$}}
    // CHECK-NEXT: {{^    return 1\[x\] \* x\[0\];$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return 1[x] * x[0];
}
