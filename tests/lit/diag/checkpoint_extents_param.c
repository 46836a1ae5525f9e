// ADCC_CHECKPOINT_EXTENTS names p:n with p an array parameter.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:25: error: ADCC_CHECKPOINT_EXTENTS takes p:n with p an array parameter of 'step'; 'q:n' is not one{{$}}
// CHECK-NEXT: {{^ADCC_CHECKPOINT_EXTENTS\(q:n\)$}}
// CHECK-NEXT: {{^ {24}\^$}}
ADCC_CHECKPOINT_EXTENTS(q:n)
static void step(double *u, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = u[i] * u[i];
}

ADCC_GRAD(u)
void f(double *u, int n)
{
    step(u, n);
}
