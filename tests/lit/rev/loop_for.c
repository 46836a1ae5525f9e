// Counted for loops: when the bounds never change (parameters not assigned,
// counters of enclosing counted loops) the reverse sweep computes the exit
// value from them and the forward sweep records nothing; otherwise the
// forward loop pushes only its end index, once, after the loop. The reverse
// sweep runs the same loop as a counted `for` counting down from the end.
// A nested triangular loop reverses into a nested counted loop. (Each model
// returns s * s: its adjoint depends on the loop's result, so the loop is
// reversed rather than fused with its forward loop; see fuse_loop.c.)
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double sumsq_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (int i = 0; i < n; i++) {
// CHECK-NOT:   adcc_push
// CHECK:       /* reverse sweep */
// CHECK:       int [[END:adcc_[a-z]+[0-9]+]] = n > 0 ? n : 0;
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
    return s * s;
}

// CHECK-LABEL: {{^}}double tri_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (int i = 0; i < n; i++) {
// CHECK-NEXT:  for (int j = 0; j < i; j++) {
// CHECK-NOT:   adcc_push
// CHECK:       /* reverse sweep */
// CHECK:       int [[ENDI:adcc_[a-z]+[0-9]+]] = n > 0 ? n : 0;
// CHECK-NEXT:  for (int i = [[ENDI]] - 1; i >= 0; i--) {
// CHECK-NEXT:  int [[ENDJ:adcc_[a-z]+[0-9]+]] = i > 0 ? i : 0;
// CHECK-NEXT:  for (int j = [[ENDJ]] - 1; j >= 0; j--) {
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double tri(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            s += x[i] * x[j];
    return s * s;
}

// A strided loop from a non-constant start: the exit value is the first
// start + 2k at or past n; the reverse counts down by the same stride.
// CHECK-LABEL: {{^}}double strided_grad(const double *x, double *d_x, int m, int n){{$}}
// CHECK:       for (int i = m; i < n; i += 2) {
// CHECK-NOT:   adcc_push
// CHECK:       /* reverse sweep */
// CHECK:       int [[END:adcc_[a-z]+[0-9]+]] = n > m ? m + (n - m + 1) / 2 * 2 : m;
// CHECK-NEXT:  for (int i = [[END]] - 2; i >= m; i -= 2) {
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double strided(const double *x, int m, int n)
{
    double s = 0;
    for (int i = m; i < n; i += 2)
        s += x[i] * x[i];
    return s * s;
}

// A bound the function changes cannot be evaluated again: the end index is
// recorded once, after the loop, and popped.
// CHECK-LABEL: {{^}}double halved_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       for (i = 0; i < n; i++) {
// CHECK-NOT:   adcc_push
// CHECK:       }
// CHECK-NEXT:  adcc_push_i(i);
// CHECK:       /* reverse sweep */
// CHECK:       int [[END:adcc_[a-z]+[0-9]+]] = adcc_pop_i();
// CHECK-NEXT:  for (int i = [[END]] - 1; i >= 0; i--) {
ADCC_GRAD(x)
double halved(const double *x, int n)
{
    double s = 0;
    n = n / 2;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s * s;
}
