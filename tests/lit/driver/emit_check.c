// adcc --emit-check writes a driver (a C program with main) that checks
// every derivative adcc generates for the file against finite
// differences: f_grad (and the primal it returns), f_jvp (and the
// dot-product test with f_grad), f_hvp (against differences of f_grad,
// or of its own gradient where there is no ADCC_GRAD), outputs written
// through pointers (seeded adjoints), a float model. It compiles
// warning-free beside the model and its derivatives, every row passes
// and it exits 0.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc %s -o %t/grad.c
// RUN: %adcc --emit-check %s -o %t/check.c 2>&1 | %FileCheck %s --check-prefix=QUIET --allow-empty
// QUIET-NOT: {{.}}
// RUN: %cc %s %t/grad.c %t/check.c %adcc_rt -o %t/check
// RUN: %t/check > %t/out.txt
// RUN: %FileCheck %s --implicit-check-not=FAIL --implicit-check-not=SKIP < %t/out.txt
// CHECK: adcc derivative check of emit_check.c: seed 20240611, inputs uniform in [0.5, 1.5)
// CHECK: function deriv parameter max rel err tolerance result
#include <adcc.h>
#include <math.h>

// The loop bound i + 1 < n makes x's extent n (n defaults to 3).
// CHECK-NEXT: rosen grad primal return {{.*}} 1.0e-14 PASS
// CHECK-NEXT: rosen grad d_x {{.*}} 1.0e-06 PASS
// CHECK-NEXT: rosen jvp primal return {{.*}} PASS
// CHECK-NEXT: rosen jvp t_ret {{.*}} PASS
// CHECK-NEXT: rosen jvp dot test {{.*}} 1.0e-10 PASS
// CHECK-NEXT: rosen hvp primal return {{.*}} PASS
// CHECK-NEXT: rosen hvp d_ vs f_grad {{.*}} PASS
// CHECK-NEXT: rosen hvp hv_x {{.*}} PASS
// CHECK-NEXT: rosen hvp symmetry {{.*}} PASS
ADCC_GRAD(x) ADCC_JVP(x) ADCC_HVP(x)
double rosen(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i + 1 < n; i++) {
        double t = x[i + 1] - x[i] * x[i];
        s += 100 * t * t + (1 - x[i]) * (1 - x[i]);
    }
    return s;
}

// y is an output: its adjoint is seeded, its tangent compared.
// CHECK-NEXT: layer grad primal y {{.*}} PASS
// CHECK-NEXT: layer grad d_W {{.*}} PASS
// CHECK-NEXT: layer grad d_x {{.*}} PASS
// CHECK-NEXT: layer grad d_b {{.*}} PASS
// CHECK-NEXT: layer grad d_y {{.*}} PASS
// CHECK-NEXT: layer jvp primal y {{.*}} PASS
// CHECK-NEXT: layer jvp t_y {{.*}} PASS
// CHECK-NEXT: layer jvp dot test {{.*}} PASS
ADCC_GRAD(W, x, b, y) ADCC_JVP(W, x, b, y)
void layer(int m, int n, const double *W, const double *x, double b, double *y)
{
    for (int i = 0; i < m; i++) {
        double s = b;
        for (int j = 0; j < n; j++)
            s += W[i * n + j] * x[j];
        y[i] = tanh(s);
    }
}

// No ADCC_GRAD: f_hvp's gradient is checked by finite differences of f,
// and H v by differences of f_hvp's own gradient.
// CHECK-NEXT: energy hvp primal return {{.*}} PASS
// CHECK-NEXT: energy hvp d_a {{.*}} PASS
// CHECK-NEXT: energy hvp d_x {{.*}} PASS
// CHECK-NEXT: energy hvp hv_a {{.*}} PASS
// CHECK-NEXT: energy hvp hv_x {{.*}} PASS
// CHECK-NEXT: energy hvp symmetry {{.*}} PASS
ADCC_HVP(a, x)
double energy(double a, const double *x)
{
    return exp(a * x[0]) + x[1] * x[2] * a;
}

// A float model: float steps and tolerances.
// CHECK-NEXT: softsum grad primal return {{.*}} 1.0e-06 PASS
// CHECK-NEXT: softsum grad d_x {{.*}} 2.0e-03 PASS
ADCC_GRAD(x)
float softsum(const float *x, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++)
        s += logf(1 + expf(x[i]));
    return s;
}
// CHECK-NEXT: 25 passed, 0 failed, 0 skipped (seed 20240611)
