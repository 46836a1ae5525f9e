// To-be-recorded analysis: a local set once from values that do not change
// afterwards is recomputed in the reverse sweep instead of being pushed.
// Rosenbrock: a and b are set inside the loop from x[i], x[i+1] (never
// written), so the reversed loop recomputes them; the loop's end index comes
// from n, so nothing at all is taped. (The model returns s * s, whose
// adjoint depends on the loop's result, so the loop is reversed rather than
// fused with its forward loop.)
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=adcc_push --implicit-check-not=adcc_pop < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double rosen_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       double a = x[i + 1] - x[i] * x[i];
// CHECK:       double b = 1 - x[i];
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
// CHECK-DAG:   {{^ *}}a = x[i + 1] - x[i] * x[i];
// CHECK-DAG:   {{^ *}}b = 1 - x[i];
// CHECK:       d_x[i + 1] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double rosen(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1 - x[i];
        s += 100 * a * a + b * b;
    }
    return s * s;
}
