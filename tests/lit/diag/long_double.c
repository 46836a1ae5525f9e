// long double is rejected at the declaration with a hint to use double.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: long double is not supported; use double{{$}}
    // CHECK-NEXT: {{^    long double y = x;$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    long double y = x;
    return (double)(y * y);
}
