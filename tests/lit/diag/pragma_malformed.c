// #pragma adcc checkpoint without its snapshot count.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: malformed adcc pragma; write #pragma adcc checkpoint(snapshots=K) or checkpoint(snapshots=K, state=x:n, ...){{$}}
    // CHECK-NEXT: {{^#pragma adcc checkpoint\(4\)$}}
    // CHECK-NEXT: {{^\^$}}
#pragma adcc checkpoint(4)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
