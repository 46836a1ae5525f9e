// A checkpointed loop whose body changes its bound: adcc counts the steps
// once, before the loop, so this is an error at the marker.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: the bound of a checkpointed loop must not change while the loop runs (adcc counts its steps once, before it); compute the bound into a variable the loop does not write{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(2\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(2)
    for (int t = 0; t < n; t++) {
        s = s * s;
        if (t == 0)
            n = n - 1;
    }
    return s;
}
