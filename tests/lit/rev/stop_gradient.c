// adcc_stop_gradient(e): the value of e is used, its derivative is zero: the
// local c set from it has no adjoint, the marker call does not reach the
// generated code, and x gets only the derivative through the second factor.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_c --implicit-check-not=__adcc_stop_gradient < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double stop_grad(double x, double *d_x){{$}}
// CHECK:       double c = {{.*}}x * x
// CHECK:       /* reverse sweep */
// CHECK:       *d_x +=
// CHECK-NOT:   d_x
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double stop(double x)
{
    double c = adcc_stop_gradient(x * x);
    return c * x;
}
