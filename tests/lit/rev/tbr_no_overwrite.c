// To-be-recorded analysis: a value that the forward sweep never overwrites
// is read directly by the reverse sweep, never taped. Here x is a parameter
// never reassigned, and y, z are set once: no adcc_push_d / adcc_pop_d.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=adcc_push --implicit-check-not=adcc_pop < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double noover_grad(double x, double *d_x, double w){{$}}
// CHECK:       double y = x * x;
// CHECK:       /* reverse sweep */
// CHECK:       *d_x +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double noover(double x, double w)
{
    double y = x * x;
    double z = sin(y) * w;
    return z * y;
}

// Array elements only read (x[i]) and a sum that is overwritten but whose
// old value no adjoint needs (s += ...): no tape either, beyond nothing.
// CHECK-LABEL: {{^}}double sumsq_grad(const double *x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double sumsq(const double *x)
{
    double s = 0;
    s += x[0] * x[0];
    s += x[1] * x[1];
    s += sin(x[2]);
    return s;
}
