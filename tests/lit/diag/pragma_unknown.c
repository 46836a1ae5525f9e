// A #pragma adcc that adcc does not know.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: unknown adcc pragma; the one adcc knows is #pragma adcc checkpoint(snapshots=K){{$}}
    // CHECK-NEXT: {{^#pragma adcc revolve\(4\)$}}
    // CHECK-NEXT: {{^\^$}}
#pragma adcc revolve(4)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
