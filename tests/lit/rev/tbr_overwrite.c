// To-be-recorded analysis, the counterpart: a variable overwritten while
// its old value is still needed by the reverse sweep IS pushed before the
// overwrite and popped before the adjoint that reads it.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double over_grad(double x, double *d_x){{$}}
// CHECK:       double y = x * x;
// CHECK-NEXT:  adcc_push_d(y);
// CHECK-NEXT:  {{^ *}}y {{.*}}sin(y)
// CHECK:       /* reverse sweep */
// CHECK:       y = adcc_pop_d();
// CHECK:       cos(y)
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double over(double x)
{
    double y = x * x;
    y = sin(y) * y;
    return y * x;
}

// In-place update of an active array: the old element is pushed inside the
// loop and popped in the reversed loop.
// CHECK-LABEL: {{^}}void prefix_grad(double *x, double *d_x, int n){{$}}
// CHECK:       for (int i = 1; i < n; i++) {
// CHECK-NEXT:  adcc_push_d(x[i]);
// CHECK-NEXT:  {{^ *}}x[i] {{.*}}x[i - 1];
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 1; i--) {
// CHECK:       x[i] = adcc_pop_d();
// CHECK:       d_x[i - 1] +=
// CHECK:       return;
ADCC_GRAD(x)
void prefix(double *x, int n)
{
    for (int i = 1; i < n; i++)
        x[i] = x[i] * x[i - 1];
}
