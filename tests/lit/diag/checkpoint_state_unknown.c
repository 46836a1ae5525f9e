// A name in a checkpointed loop's state list that is not a variable.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(u)
void f(double *u, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: unknown name 'w' in the checkpointed loop's state list; name a variable in scope at the loop{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8, w:n\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8, w:n)
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] * 0.5;
}
