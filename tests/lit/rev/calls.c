// Calls to other functions of the file: each activity pattern of a callee
// gets one static NAME_fwd / NAME_rev pair, declared first; the second and
// third patterns get _2 and _3 suffixes; a call repeated with a pattern
// already seen reuses its pair. f_grad calls the forward sweeps in order and
// the reverse sweeps in reverse order; the reverse helper takes each active
// argument followed by its adjoint pointer, and the return seed last.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK:       static double sq_fwd(double a, double b);
// CHECK-NEXT:  static void sq_rev(double a, double *d_a, double b, double d_ret);
// CHECK-NEXT:  static double sq_fwd_2(double a, double b);
// CHECK-NEXT:  static void sq_rev_2(double a, double *d_a, double b, double *d_b, double d_ret);
// CHECK-NEXT:  static double sq_fwd_3(double a, double b);
// CHECK-NEXT:  static void sq_rev_3(double a, double b, double *d_b, double d_ret);
// CHECK-NOT:   sq_fwd_4
// CHECK-LABEL: {{^}}static double sq_fwd(double a, double b){{$}}
// CHECK-LABEL: {{^}}static void sq_rev(double a, double *d_a, double b, double d_ret){{$}}
// CHECK-LABEL: {{^}}static double sq_fwd_2(double a, double b){{$}}
// CHECK-LABEL: {{^}}static void sq_rev_2(double a, double *d_a, double b, double *d_b, double d_ret){{$}}
// CHECK-LABEL: {{^}}static double sq_fwd_3(double a, double b){{$}}
// CHECK-LABEL: {{^}}static void sq_rev_3(double a, double b, double *d_b, double d_ret){{$}}
static double sq(double a, double b)
{
    return a * b + a;
}

// CHECK-LABEL: {{^}}double calls_grad(double x, double *d_x, double y, double *d_y){{$}}
// CHECK:       = sq_fwd(x, 2.0);
// CHECK:       = sq_fwd_2(x, y);
// CHECK:       = sq_fwd_3(3.0, y);
// CHECK:       = sq_fwd_2(y, x);
// CHECK:       /* reverse sweep */
// CHECK:       sq_rev_2(y, d_y, x, d_x, {{.*}});
// CHECK:       sq_rev_3(3.0, y, d_y, {{.*}});
// CHECK:       sq_rev_2(x, d_x, y, d_y, {{.*}});
// CHECK:       sq_rev(x, d_x, 2.0, {{.*}});
// CHECK:       return adcc_result;
ADCC_GRAD(x, y)
double calls(double x, double y)
{
    double u = sq(x, 2.0);
    double v = sq(x, y);
    double w = sq(3.0, y);
    double t = sq(y, x);
    return u + v + w + t;
}
