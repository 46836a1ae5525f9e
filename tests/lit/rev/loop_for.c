// Counted for loops: the forward loop pushes only its end index, once,
// after the loop (no per-iteration push of the index); the reverse sweep
// runs the same loop as a counted `for` counting down from the popped end.
// A nested triangular loop reverses into a nested counted loop.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double sumsq_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (i = 0; i < n; i++) {
// CHECK-NOT:   adcc_push
// CHECK:       }
// CHECK-NEXT:  adcc_push_i(i);
// CHECK:       /* reverse sweep */
// CHECK:       int [[END:adcc_[a-z]+[0-9]+]] = adcc_pop_i();
// CHECK-NEXT:  for (int i = [[END]] - 1; i >= 0; i--) {
// CHECK-NOT:   adcc_pop
// CHECK:       d_x[i] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double sumsq(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

// CHECK-LABEL: {{^}}double tri_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (i = 0; i < n; i++) {
// CHECK:       for (j = 0; j < i; j++) {
// CHECK-NOT:   adcc_push_i
// CHECK:       adcc_push_i(j);
// CHECK:       adcc_push_i(i);
// CHECK:       /* reverse sweep */
// CHECK:       int [[ENDI:adcc_[a-z]+[0-9]+]] = adcc_pop_i();
// CHECK-NEXT:  for (int i = [[ENDI]] - 1; i >= 0; i--) {
// CHECK-NEXT:  int [[ENDJ:adcc_[a-z]+[0-9]+]] = adcc_pop_i();
// CHECK-NEXT:  for (int j = [[ENDJ]] - 1; j >= 0; j--) {
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double tri(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            s += x[i] * x[j];
    return s;
}

// A strided loop from a non-constant start: the reverse counts down by the
// same stride and stops at the (popped) start.
// CHECK-LABEL: {{^}}double strided_grad(const double *x, double *d_x, int m, int n){{$}}
// CHECK:       for (i = {{.*}}; i < n; i += 2) {
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= {{.*}}; i -= 2) {
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double strided(const double *x, int m, int n)
{
    double s = 0;
    for (int i = m; i < n; i += 2)
        s += x[i] * x[i];
    return s;
}
