// ADCC_CHECKPOINT on a function: the forward sweep saves the array the
// call overwrites (its extent from the function's loop: n) and makes the
// plain call; the reverse sweep restores it, runs the call's forward
// sweep (relax_fwd, taping) and then its reverse sweep.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

ADCC_CHECKPOINT
static void relax(double *u, int n)
{
    for (int k = 0; k < 10; k++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.1 * sin(u[i]);
}

ADCC_GRAD(u)
void smooth(double *u, int n)
{
    relax(u, n);
}

// CHECK-LABEL: void smooth_grad(double *u, double *d_u, int n)
// CHECK-NEXT:  {
// CHECK-NEXT:      adcc_push_array_d(u, (long)n);
// CHECK-NEXT:      relax(u, n);
// CHECK-NEXT:      /* reverse sweep */
// CHECK-NEXT:      for (long [[K:adcc_k[0-9]+]] = 0; [[K]] < n; [[K]]++) {
// CHECK-NEXT:          adcc_redo_d(&u[[[K]]]);
// CHECK-NEXT:      }
// CHECK-NEXT:      adcc_pop_array_d(u, (long)n);
// CHECK-NEXT:      relax_fwd(u, d_u, n);
// CHECK-NEXT:      relax_rev(u, d_u, n);
// CHECK-NEXT:      adcc_redo_apply();
