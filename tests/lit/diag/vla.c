// A variable-length array is rejected at its declaration with a hint to use
// malloc.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(const double *x, int n)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: variable-length arrays are not supported; use malloc{{$}}
    // CHECK-NEXT: {{^    double t\[n\];$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    double t[n];
    for (int i = 0; i < n; i++)
        t[i] = x[i] * x[i];
    return t[0];
}
