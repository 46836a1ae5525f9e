// Pointer and array parameters: `const double *x` gets a non-const shadow
// `double *d_x`; an output `double *y` named in ADCC_GRAD gets `double *d_y`
// (its seed on entry); an array parameter `double v[4]` gets `double d_v[4]`;
// the pointer `w` not named in ADCC_GRAD gets no shadow.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_w < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}void square_grad(const double *x, double *d_x, double *y, double *d_y, const double *w, int n){{$}}
// CHECK:       y[i] = x[i] * x[i] * w[i];
// CHECK:       /* reverse sweep */
// CHECK:       d_y[i]
// CHECK:       d_x[i] +=
// CHECK:       return;
// CHECK-NEXT:  }
ADCC_GRAD(x, y)
void square(const double *x, double *y, const double *w, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i] * w[i];
}

// CHECK-LABEL: {{^}}double dot4_grad(double v[4], double d_v[4]){{$}}
// CHECK:       /* reverse sweep */
// CHECK:       d_v[{{.*}}] +=
// CHECK:       return adcc_result;
ADCC_GRAD(v)
double dot4(double v[4])
{
    return v[0] * v[1] + v[2] * v[3];
}
