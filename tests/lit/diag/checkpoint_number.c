// A snapshot count too large for an int.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: the number '99999999999999999999' in a checkpoint annotation is too large; snapshot counts and extents are ints{{$}}
    // CHECK-NEXT: {{^#pragma adcc checkpoint\(snapshots=99999999999999999999\)$}}
    // CHECK-NEXT: {{^\^$}}
#pragma adcc checkpoint(snapshots=99999999999999999999)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
