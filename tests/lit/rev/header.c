// --header FILE writes the prototypes of the public generated functions
// (f_grad, not the static _fwd/_rev helpers) inside an include guard named
// after the header, and the generated .c includes that header.
// RUN: rm -f %t.h
// RUN: %adcc %s -o %t.c --header %t.h
// RUN: %FileCheck %s --check-prefix=H --implicit-check-not=_fwd --implicit-check-not=_rev < %t.h
// RUN: %FileCheck %s --check-prefix=C < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// H:      #ifndef [[GUARD:ADCC_[A-Z0-9_]*_H]]
// H-NEXT: #define [[GUARD]]
// H:      {{^}}double hdr_grad(double x, double *d_x, double y);{{$}}
// H-NEXT: {{^}}void hdr2_grad(const double *x, double *d_x, double *y, double *d_y, int n);{{$}}
// H:      #endif

// C:      #include "header.c.tmp.h"
// C:      {{^}}static double sq_fwd(
// C:      {{^}}double hdr_grad(double x, double *d_x, double y){{$}}

static double sq(double a)
{
    return a * a;
}

ADCC_GRAD(x)
double hdr(double x, double y)
{
    return sq(x) * y;
}

ADCC_GRAD(x, y)
void hdr2(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}
