// ADCC_CHECKPOINT_LOOP(K) as the whole body of an if: it must stand in a
// block, before its loop.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: ADCC_CHECKPOINT_LOOP must stand on its own in a block, directly before the for loop it checkpoints{{$}}
    // CHECK-NEXT: {{^    if \(n > 2\) ADCC_CHECKPOINT_LOOP\(4\)$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    if (n > 2) ADCC_CHECKPOINT_LOOP(4)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
