// A function with a body and a forward rule (ADCC_PUSHFORWARD): f_jvp calls
// the rule wherever the function is called, directly or from a helper that
// is differentiated, and never a forward version generated from the body
// (no softclip_jvp, none of the body's sqrt).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=softclip_jvp --implicit-check-not=sqrt < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

double softclip_fwd(double x, double t_x, double *t_ret);

/* a body adcc could differentiate; the forward rule replaces it */
ADCC_PUSHFORWARD(softclip_fwd)
double softclip(double x)
{
    return x / sqrt(1.0 + x * x);
}

static double twice(double x)
{
    return 2.0 * softclip(x);
}

ADCC_JVP(x, y)
double model(double x, double y)
{
    return softclip(x * y) + twice(y);
}

// CHECK:       double softclip_fwd(double x, double t_x, double *t_ret);
// CHECK:       static double twice_jvp(double x, double t_x, double *t_ret);
// CHECK-LABEL: {{^}}static double twice_jvp(double x, double t_x, double *t_ret){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      double t_adcc_t1 = 0.0;
// CHECK-NEXT:      double adcc_t1 = softclip_fwd(x, t_x, &t_adcc_t1);
// CHECK-NEXT:      *t_ret = 2.0 * t_adcc_t1;
// CHECK-NEXT:      return 2.0 * adcc_t1;
// CHECK-LABEL: {{^}}double model_jvp(double x, double t_x, double y, double t_y, double *t_ret){{$}}
// CHECK:           double adcc_t1 = softclip_fwd(x * y, t_x * y + x * t_y, &t_adcc_t1);
// CHECK:           double adcc_t2 = twice_jvp(y, t_y, &t_adcc_t2);
// CHECK-NEXT:      *t_ret = t_adcc_t1 + t_adcc_t2;
// CHECK-NEXT:      return adcc_t1 + adcc_t2;
