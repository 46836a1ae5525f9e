// Partials written over results: in a loop, exp (also expm1, exp2, tanh)
// inside a larger expression becomes a temporary adcc_eN that the forward
// sweep saves and the reverse sweep reads back as the partial, instead of
// evaluating exp again; a declared `t = tanh(u)` or `r = sqrt(u)` uses
// 1 - t*t and 0.5 / r. Outside loops and under ?: nothing is lifted.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double lse_grad({{.*}}){{$}}
// CHECK:       for (int i = 0; i < n; i++) {
// CHECK-NEXT:  double [[E:adcc_e[0-9]+]] = exp(x[i] - m);
// CHECK-NEXT:  s += [[E]] * w;
// CHECK-NEXT:  adcc_push_d([[E]]);
// CHECK:       double top = exp(s) + 1.0;
// CHECK:       /* reverse sweep */
// CHECK:       d_s += d_top * exp(s);
// CHECK:       [[E]] = adcc_pop_d();
// CHECK-NOT:   exp(x[i] - m)
// CHECK:       * [[E]];
ADCC_GRAD(x)
double lse(int n, const double *x, double m, double w)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m) * w;
    double top = exp(s) + 1.0;
    return top;
}

// CHECK-LABEL: {{^}}double decls_grad({{.*}}){{$}}
// CHECK:       double t = tanh(x[i]);
// CHECK-NEXT:  double r = sqrt(1.0 + t * t);
// CHECK-NEXT:  s += x[i] > 0.0 ? exp(r) : r;
// CHECK:       /* reverse sweep */
// CHECK:       = d_r * (0.5 / r);
// CHECK:       d_x[i] += d_t * (1.0 - t * t);
ADCC_GRAD(x)
double decls(int n, const double *x)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double t = tanh(x[i]);
        double r = sqrt(1.0 + t * t);
        s += x[i] > 0.0 ? exp(r) : r;
    }
    return s;
}

// CHECK-LABEL: {{^}}float fl_grad({{.*}}){{$}}
// CHECK:       float [[F:adcc_e[0-9]+]] = expf(0.5f * x[i]);
// CHECK-NEXT:  s += [[F]] * x[i];
// CHECK-NEXT:  adcc_push_f([[F]]);
ADCC_GRAD(x)
float fl(int n, const float *x)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += expf(0.5f * x[i]) * x[i];
    return s;
}
