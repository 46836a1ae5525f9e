// To-be-recorded analysis on arrays: elements written for the first time
// (a local array, an int index array and a heap array filled once in a
// loop, read only after it) hold no old value the reverse sweep needs, so
// the forward sweep pushes nothing (the loop end indices come from the bounds).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=adcc_push_d --implicit-check-not=adcc_pop_d < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <stdlib.h>

// CHECK-LABEL: {{^}}double fill_grad(const double *x, double *d_x){{$}}
// CHECK:       for (int i = 0; i < 4; i++) {
// CHECK-NOT:   adcc_push
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double fill(const double *x)
{
    double t[4];
    int idx[4];
    for (int i = 0; i < 4; i++) {
        idx[i] = 3 - i;
        t[i] = x[i] * x[i];
    }
    return t[idx[0]] * t[idx[3]];
}

// CHECK-LABEL: {{^}}double fillheap_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (int i = 0; i < n; i++) {
// CHECK-NOT:   adcc_push
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double fillheap(const double *x, int n)
{
    double *w = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++)
        w[i] = x[i] * x[i];
    double s = w[0] * w[n - 1];
    free(w);
    return s;
}

// Memory reached through a parameter, written once, whose old value no
// reverse statement reads (the only reverse read of scratch[0] sees the new
// value): no push, no restore.
// CHECK-LABEL: {{^}}double scratch_grad(double x, double *d_x, double *scratch){{$}}
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double scratch(double x, double *scratch)
{
    scratch[0] = 1.0;
    return x * scratch[0];
}
