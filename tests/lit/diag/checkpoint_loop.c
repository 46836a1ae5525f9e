// ADCC_CHECKPOINT_LOOP(K) must be followed by the for loop it checkpoints:
// another statement after it is an error at the marker.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    int i = 0;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: a checkpointed loop must be a for statement right after ADCC_CHECKPOINT_LOOP(K) or #pragma adcc checkpoint(snapshots=K){{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(4\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(4)
    while (i++ < n)
        s = s * x;
    return s;
}
