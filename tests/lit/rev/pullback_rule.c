// A user reverse rule: ADCC_PULLBACK(r) on the declaration of a function
// with no body makes the reverse sweep call r with the signature of DESIGN.md
// (each floating argument followed by its adjoint pointer, then the seed).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

void softplus_pullback(double x, double *d_x, double d_ret);
ADCC_PULLBACK(softplus_pullback)
double softplus(double x);

// CHECK-LABEL: {{^}}double model_grad(double x, double *d_x){{$}}
// CHECK:       softplus(x)
// CHECK:       /* reverse sweep */
// CHECK:       softplus_pullback(x, d_x, {{.*}});
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double model(double x)
{
    double y = softplus(x);
    return y * y;
}
