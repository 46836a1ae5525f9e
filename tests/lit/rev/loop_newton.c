// A while loop whose exit depends on active values (Newton's iteration for
// sqrt(a)): the trip count is recorded and replayed; the overwritten
// iterate r is pushed before each update and popped before its adjoint.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double newton_grad(double a, double *d_a){{$}}
// CHECK:       int [[N:adcc_[a-z]+[0-9]+]] = 0;
// CHECK-NEXT:  while (fabs(r * r - a) > 1e-12) {
// CHECK-NEXT:  adcc_push_d(r);
// CHECK-NEXT:  r = 0.5 * (r + a / r);
// CHECK-NEXT:  [[N]]++;
// CHECK-NEXT:  }
// CHECK-NEXT:  adcc_push_i([[N]]);
// CHECK:       /* reverse sweep */
// CHECK:       for (int [[R:adcc_[a-z]+[0-9]+]] = adcc_pop_i(); [[R]] > 0; [[R]]--) {
// CHECK-NEXT:  r = adcc_pop_d();
// CHECK:       *d_a +=
// CHECK:       return adcc_result;
ADCC_GRAD(a)
double newton(double a)
{
    double r = a;
    while (fabs(r * r - a) > 1e-12)
        r = 0.5 * (r + a / r);
    return r;
}
