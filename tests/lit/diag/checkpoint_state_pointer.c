// A pointer named in a checkpointed loop's state without its extent.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(u)
void f(double *u, int n, int steps)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: 'u' in the checkpointed loop's state is a pointer; name the number of elements of the state it points to: u:n{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(8, u\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(8, u)
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] * 0.5;
}
