// ADCC_CHECKPOINT_LOOP(K) is not implemented yet: an error at the marker
// that says to remove it, not a silently ignored annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: ADCC_CHECKPOINT_LOOP is not implemented yet; remove it to get a plain taped gradient{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(4\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(4)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
