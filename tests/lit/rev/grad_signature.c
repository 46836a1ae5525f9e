// The f_grad signature of DESIGN.md: the original parameters in order, each
// active one immediately followed by its adjoint (`T *d_a` for a scalar, a
// non-const `T *d_a` for a pointer, const or not), inactive ones alone; the
// return type is the function's (the primal value is returned) or void.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}void mix_grad(double a, double *d_a, const double *x, double *d_x, int n, double *out, double *d_out, float f, float *d_f, float *g){{$}}
// CHECK-NEXT:  {
ADCC_GRAD(a, x, out, f)
void mix(double a, const double *x, int n, double *out, float f, float *g)
{
    for (int i = 0; i < n; i++)
        out[i] = a * x[i] * f + g[i];
}

// CHECK-LABEL: {{^}}float fl_grad(const float *v, float *d_v, double w){{$}}
// CHECK-NEXT:  {
// CHECK:       return adcc_result;
ADCC_GRAD(v)
float fl(const float *v, double w)
{
    return v[0] * v[1] * (float)w;
}

// Annotation order does not matter: parameters keep their own order.
// CHECK-LABEL: {{^}}double ord_grad(double p, double *d_p, double q, double *d_q){{$}}
ADCC_GRAD(q, p)
double ord(double p, double q)
{
    return p * q;
}
