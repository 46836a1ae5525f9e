// malloc/calloc/free: active heap data gets a shadow allocated zeroed with
// calloc; free of active data is deferred until after the reverse sweep
// (the shadow is freed too); inactive heap data (z, from calloc and never
// touched by x) gets no shadow.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_z < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <stdlib.h>

// CHECK-LABEL: {{^}}double heap_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       double *w = malloc(
// CHECK-NEXT:  double *d_w = {{.*}}calloc(
// CHECK-NOT:   free(w);
// CHECK:       /* reverse sweep */
// CHECK-NOT:   free(w);
// CHECK:       d_w[i]
// CHECK:       free(d_w);
// CHECK-NOT:   d_w
// CHECK:       free(w);
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double heap(const double *x, int n)
{
    double *w = malloc(n * sizeof(double));
    double *z = calloc(n, sizeof(double));
    for (int i = 0; i < n; i++)
        w[i] = x[i] * x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += w[i] * w[i] + z[i];
    free(w);
    free(z);
    return s;
}

// A calloc'd active array: its shadow is allocated with calloc as well.
// CHECK-LABEL: {{^}}double heapc_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       double *w = calloc(
// CHECK-NEXT:  double *d_w = {{.*}}calloc(
// CHECK:       /* reverse sweep */
// CHECK:       free(d_w);
// CHECK:       free(w);
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double heapc(const double *x, int n)
{
    double *w = calloc(n, sizeof(double));
    for (int i = 1; i < n; i++)
        w[i] = w[i - 1] + x[i];
    double s = w[n - 1] * w[n - 1];
    free(w);
    return s;
}
