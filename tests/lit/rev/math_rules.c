// math.h rules, a few representative ones: the reverse sweep of sin uses cos,
// of cos uses sin, of exp reuses exp, of sqrt reuses sqrt, of tanh reuses tanh,
// of pow(x, p) uses pow; float functions use the float forms (sinf -> cosf).
// The arithmetic around them is not checked.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double d_sin_grad(double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       cos(x)
ADCC_GRAD(x)
double d_sin(double x) { return sin(x); }

// CHECK-LABEL: {{^}}double d_cos_grad(double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       sin(x)
ADCC_GRAD(x)
double d_cos(double x) { return cos(x); }

// CHECK-LABEL: {{^}}double d_exp_grad(double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       exp(x)
ADCC_GRAD(x)
double d_exp(double x) { return exp(x); }

// CHECK-LABEL: {{^}}double d_sqrt_grad(double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       sqrt(x)
ADCC_GRAD(x)
double d_sqrt(double x) { return sqrt(x); }

// CHECK-LABEL: {{^}}double d_tanh_grad(double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       tanh(x)
ADCC_GRAD(x)
double d_tanh(double x) { return tanh(x); }

// CHECK-LABEL: {{^}}double d_pow_grad(double x, double *d_x, double p){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       pow(x,
ADCC_GRAD(x)
double d_pow(double x, double p) { return pow(x, p); }

// CHECK-LABEL: {{^}}float d_sinf_grad(float y, float *d_y){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       cosf(y)
ADCC_GRAD(y)
float d_sinf(float y) { return sinf(y); }

// Two-argument rules: both partials of atan2 reach their own adjoints.
// CHECK-LABEL: {{^}}double d_atan2_grad(double y, double *d_y, double x, double *d_x){{$}}
// CHECK:       /* reverse sweep */
// CHECK-DAG:   *d_y +=
// CHECK-DAG:   *d_x +=
// CHECK:       return adcc_result;
ADCC_GRAD(x, y)
double d_atan2(double y, double x) { return atan2(y, x); }
