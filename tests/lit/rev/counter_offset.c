// A loop test that offsets the counter, `i + 1 < n` with a step of 2 (the
// extended Rosenbrock function), is tested as `i < n - 1`: the loop is
// counted, so f_grad runs its reverse iterations inside the forward loop
// and tapes nothing. Unsigned counters keep their test.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double ext_ros_grad({{.*}}){{$}}
// CHECK-NOT:   adcc_push
// CHECK:       for (int i = 0; i < n - 1; i += 2) {
// CHECK:       d_x[i + 1] += d_a;
// CHECK:       /* reverse sweep */
// CHECK-NOT:   for (
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double ext_ros(int n, const double *x)
{
    double f = 0.0;
    for (int i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}

// CHECK-LABEL: {{^}}double unsigned_counter_grad({{.*}}){{$}}
// CHECK:       while (i + 1u < n) {
ADCC_GRAD(x)
double unsigned_counter(unsigned n, const double *x)
{
    double f = 0.0;
    for (unsigned i = 0; i + 1u < n; i += 2)
        f += x[i] * x[i + 1];
    return f;
}
