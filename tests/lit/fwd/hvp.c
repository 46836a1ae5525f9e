// A Hessian-vector product is f_grad differentiated in forward mode: each
// active parameter a is followed by v_a (direction), d_a (gradient) and
// hv_a (H v); the tangent of a value is v_x and that of its adjoint d_x is
// hv_x. Every value pushed on the tape is followed by its tangent and
// popped back before it, so the sweeps stay aligned.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

ADCC_HVP(a, b)
double h(double a, double b)
{
    double r = a;
    for (int i = 0; i < 3; i++)
        r = sin(r) * b;
    return r;
}

// CHECK-LABEL: {{^}}double h_hvp(double a, double v_a, double *d_a, double *hv_a, double b, double v_b, double *d_b, double *hv_b){{$}}
// CHECK:               adcc_push_d(r);
// CHECK-NEXT:          adcc_push_d(v_r);
// CHECK-NEXT:          v_r = cos(r) * v_r * b + sin(r) * v_b;
// CHECK-NEXT:          r = sin(r) * b;
// CHECK:           /* reverse sweep */
// CHECK:               v_r = adcc_pop_d();
// CHECK-NEXT:          r = adcc_pop_d();
// CHECK:               *hv_b += v_adcc_a1 * sin(r) + adcc_a1 * (cos(r) * v_r);
// CHECK-NEXT:          *d_b += adcc_a1 * sin(r);
// CHECK:           *hv_a += hv_r;
// CHECK-NEXT:      *d_a += d_r;
// CHECK-NEXT:      return adcc_result;
