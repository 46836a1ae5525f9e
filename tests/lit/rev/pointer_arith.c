// Pointer arithmetic and two pointers into one array: each active local
// pointer gets a shadow computed with the same arithmetic on the shadow of
// its base, so aliasing reads/writes land in the same d_x.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double lag_grad(double *x, double *d_x, int n){{$}}
// CHECK:       double *p = x + 1;
// CHECK-NEXT:  double *d_p = d_x + 1;
// CHECK-NEXT:  double *q = x;
// CHECK-NEXT:  double *d_q = d_x;
// CHECK-DAG:   d_p[i] +=
// CHECK-DAG:   d_q[i] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double lag(double *x, int n)
{
    double *p = x + 1;
    double *q = x;
    double s = 0;
    for (int i = 0; i < n - 1; i++)
        s += p[i] * q[i];
    return s;
}

// A pointer that walks: p moves through x, and the shadow d_p moves with it;
// the reverse sweep steps both back (p--) instead of taping them.
// CHECK-LABEL: {{^}}void smooth_grad(double *x, double *d_x, int n){{$}}
// CHECK:       double *p = x;
// CHECK-NEXT:  double *d_p = d_x;
// CHECK-NOT:   adcc_push_p
// CHECK:       p++;
// CHECK-NEXT:  d_p++;
// CHECK:       /* reverse sweep */
// CHECK-NOT:   adcc_pop_p
// CHECK:       p--;
// CHECK-NEXT:  d_p--;
// CHECK:       d_p[{{.*}}] +=
// CHECK:       return;
ADCC_GRAD(x)
void smooth(double *x, int n)
{
    double *p = x;
    for (int i = 0; i < n - 1; i++)
        p[1] = 0.5 * (p[0] + p[1]), p = p + 1;
}
