// An extent in a checkpointed loop's state list must be an integer.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(u)
void f(double *u, double h, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: 'h' in an extent of the checkpointed loop's state is not an integer; an extent counts elements{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8, u:h\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8, u:h)
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] * h;
}
