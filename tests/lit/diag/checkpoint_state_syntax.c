// A state list entry that is not a name.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(u)
void f(double *u, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: expected a variable name in the checkpointed loop's state list at '2:n'{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8, 2:n\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8, 2:n)
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] * 0.5;
}
