// The state of a checkpointed loop includes memory a helper writes through
// a pointer: adcc cannot tell its size, and says how to name it.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

static void step(double *u, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = u[i] * 0.5 + 1.0;
}

ADCC_GRAD(u)
void f(double *u, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: adcc cannot tell how many elements of 'u' the loop's state holds; name them: ADCC_CHECKPOINT_LOOP(K, u:n) or #pragma adcc checkpoint(snapshots=K, state=u:n){{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8)
    for (int t = 0; t < steps; t++)
        step(u, n);
}
