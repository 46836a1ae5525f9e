// A function with a forward rule (ADCC_PUSHFORWARD) is replaced by its rule
// in forward mode: the arguments each followed by their tangent, then the
// address of the result's tangent; the rule returns the primal value.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

double quant_jvp(double x, double t_x, double *t_ret);
ADCC_PUSHFORWARD(quant_jvp)
double quant(double x);

ADCC_JVP(w)
double model(double w, double x)
{
    double q = quant(w * x);
    return q * q;
}

// CHECK-LABEL: {{^}}double model_jvp(double w, double t_w, double x, double *t_ret){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      double t_q = 0.0;
// CHECK-NEXT:      double q = quant_jvp(w * x, t_w * x, &t_q);
// CHECK-NEXT:      *t_ret = 2.0 * q * t_q;
// CHECK-NEXT:      return q * q;
