// Fixed-size local arrays: an active local array gets a zeroed shadow of the
// same size; an integer local array and an inactive double local array get
// none.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_idx --implicit-check-not=d_c < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double larr_grad(const double *x, double *d_x){{$}}
// CHECK:       double t[4]
// CHECK:       double d_t[4] = {0};
// CHECK:       /* reverse sweep */
// CHECK:       d_t[
// CHECK:       d_x[
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double larr(const double *x)
{
    double t[4];
    int idx[4];
    double c[2] = {1.0, 2.0};
    for (int i = 0; i < 4; i++) {
        idx[i] = 3 - i;
        t[i] = x[i] * c[i % 2];
    }
    return t[idx[0]] * t[idx[3]];
}
