// Global constant tables: a const global table read by active code gets no
// shadow, and neither does a non-const global array that is only read; the
// generated file repeats the static table (it cannot link to it) and
// declares the non-static global extern.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_W --implicit-check-not=d_G < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

static const double W[4] = {0.5, 1.5, -2.0, 3.0};
double G[4] = {1.0, 2.0, 3.0, 4.0};

// CHECK:       {{^}}static {{.*}}double W[4] = {0.5, 1.5, -2.0, 3.0};
// CHECK:       {{^}}extern double G[4];
// CHECK-LABEL: {{^}}double table_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       d_x[i] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double table(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += W[i % 4] * x[i] * x[i] + G[i % 4] * x[i];
    return s;
}
