// An extent that is neither a name nor an integer.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(u)
void f(double *u, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: expected a name or an integer in the checkpointed loop's state list at '(n)'; write the state as x, or x:n for a pointer to n elements{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8, u:\(n\)\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8, u:(n))
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] * 0.5;
}
