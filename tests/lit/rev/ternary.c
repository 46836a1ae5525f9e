// ?: on active values: each arm's adjoint goes to the arm's own operands,
// under the same condition (re-evaluated or recorded), with no goto.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double pick_grad(double x, double *d_x, double y, double *d_y){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       if ({{.*}}) {
// CHECK:       *d_x +=
// CHECK:       } else {
// CHECK:       *d_y +=
// CHECK:       }
// CHECK:       return adcc_result;
ADCC_GRAD(x, y)
double pick(double x, double y)
{
    double z = x > y ? x * x : 3.0 * y;
    return z;
}
