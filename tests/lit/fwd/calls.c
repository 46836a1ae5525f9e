// Calls in forward mode: each activity pattern of a callee gets one static
// NAME_jvp, declared first (_2, _3 for the second and third patterns); the
// call passes each active argument followed by its tangent and receives the
// result's tangent through a last pointer argument.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

static double sq(double a, double b)
{
    return a * b + a;
}

ADCC_JVP(x, y)
double calls(double x, double y)
{
    return sq(x, 2.0) + sq(x, y) + sq(3.0, y) + sq(y, x);
}

// CHECK:       static double sq_jvp(double a, double t_a, double b, double *t_ret);
// CHECK-NEXT:  static double sq_jvp_2(double a, double t_a, double b, double t_b, double *t_ret);
// CHECK-NEXT:  static double sq_jvp_3(double a, double b, double t_b, double *t_ret);
// CHECK-NOT:   sq_jvp_4
// CHECK-LABEL: {{^}}static double sq_jvp_3(double a, double b, double t_b, double *t_ret){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      *t_ret = a * t_b;
// CHECK-LABEL: {{^}}double calls_jvp(double x, double t_x, double y, double t_y, double *t_ret){{$}}
// CHECK:           double adcc_t1 = sq_jvp(x, t_x, 2.0, &t_adcc_t1);
// CHECK:           double adcc_t2 = sq_jvp_2(x, t_x, y, t_y, &t_adcc_t2);
// CHECK:           double adcc_t3 = sq_jvp_3(3.0, y, t_y, &t_adcc_t3);
// CHECK:           double adcc_t4 = sq_jvp_2(y, t_y, x, t_x, &t_adcc_t4);
// CHECK-NEXT:      *t_ret = t_adcc_t1 + t_adcc_t2 + t_adcc_t3 + t_adcc_t4;
