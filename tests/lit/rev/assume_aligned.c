// __builtin_assume_aligned(p, a) is p: the local pointer made from it gets
// the parameter's shadow (reverse) and tangent (forward), never NULL.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=NULL < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double f_grad(double *x, double *d_x){{$}}
// CHECK:       {{^}}    double *p = x;{{$}}
// CHECK:       {{^}}    double *d_p = d_x;{{$}}
// CHECK-LABEL: {{^}}double f_jvp(double *x, double *t_x, double *t_ret){{$}}
// CHECK:       {{^}}    double *t_p = t_x;{{$}}
// CHECK:       {{^}}    double *p = x;{{$}}
ADCC_GRAD(x)
ADCC_JVP(x)
double f(double *x)
{
    double *p = __builtin_assume_aligned(x, 16);
    return p[0] * p[1];
}
