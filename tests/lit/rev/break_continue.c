// break and continue: the loop is replayed by its recorded trip count; the
// guarded parts of the body are replayed from recorded branch flags; the
// generated code has no goto, and the integer index has no adjoint.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=goto --implicit-check-not=d_i < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double bc_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       while (
// CHECK:       adcc_push_i(
// CHECK:       /* reverse sweep */
// CHECK:       for (int [[R:adcc_[a-z]+[0-9]+]] = adcc_pop_i(); [[R]] > 0; [[R]]--) {
// CHECK:       if (adcc_pop_i()) {
// CHECK:       d_x[i] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double bc(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] < 0)
            continue;
        if (s > 10)
            break;
        s += x[i] * x[i];
    }
    return s;
}
