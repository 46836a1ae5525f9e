// Double scalars: f_grad takes each active scalar followed by `double *d_x`
// and returns the primal value; a parameter not named in ADCC_GRAD (z) gets
// no adjoint; locals computed from active values get d_ locals in the
// reverse sweep.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_z < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double scal_grad(double x, double *d_x, double y, double *d_y, double z){{$}}
// CHECK-NEXT:  {
// CHECK:       double a = x * y;
// CHECK:       double adcc_result =
// CHECK:       /* reverse sweep */
// CHECK-DAG:   double d_a
// CHECK-DAG:   double d_b
// CHECK-DAG:   *d_x +=
// CHECK-DAG:   *d_y +=
// CHECK:       return adcc_result;
// CHECK-NEXT:  }
ADCC_GRAD(x, y)
double scal(double x, double y, double z)
{
    double a = x * y;
    double b = sin(a) + z;
    return a * b;
}
