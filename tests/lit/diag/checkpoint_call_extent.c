// A checkpointed function that writes an array adcc cannot size: the call
// is an error that says how to name the extent.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_CHECKPOINT
static void step(double *u, int n)
{
    for (int i = 1; i < n; i++)
        u[i] = u[i - 1] * u[i];
}

ADCC_GRAD(u)
void f(double *u, int n)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: adcc cannot tell how many elements of 'u' the checkpointed 'step' writes; name them on its definition: ADCC_CHECKPOINT_EXTENTS(u:n), n a parameter or a number{{$}}
    // CHECK-NEXT: {{^    step\(u, n\);$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    step(u, n);
}
