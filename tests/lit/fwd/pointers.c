// Pointers in forward mode: a pointer parameter is followed by a tangent
// array of the same type (const kept), pointer arithmetic is mirrored on
// the tangent pointer, malloc gets a zeroed tangent buffer (calloc of the
// same size) that is freed with it, and outputs receive their tangents.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <stdlib.h>

ADCC_JVP(x, y)
void smooth(const double *x, double *y, int n)
{
    double *tmp = malloc(sizeof(double) * (size_t)n);
    const double *p = x + 1;
    for (int i = 0; i < n - 2; i++)
        tmp[i] = p[i - 1] + 2.0 * p[i] + p[i + 1];
    for (int i = 0; i < n - 2; i++)
        y[i] = 0.25 * tmp[i];
    free(tmp);
}

// CHECK-LABEL: {{^}}void smooth_jvp(const double *x, const double *t_x, double *y, double *t_y, int n){{$}}
// CHECK:           double *tmp = malloc(
// CHECK-NEXT:      double *t_tmp = (double *)calloc(sizeof(double) * (unsigned long)n, 1);
// CHECK-NEXT:      const double *t_p = t_x + 1;
// CHECK-NEXT:      const double *p = x + 1;
// CHECK:               t_tmp[i] = t_p[i - 1] + 2.0 * t_p[i] + t_p[i + 1];
// CHECK-NEXT:          tmp[i] = p[i - 1] + 2.0 * p[i] + p[i + 1];
// CHECK:               t_y[i] = 0.25 * t_tmp[i];
// CHECK-NEXT:          y[i] = 0.25 * tmp[i];
// CHECK:           free(tmp);
// CHECK-NEXT:      free(t_tmp);
