// A helper of the file that returns one of its active pointer arguments:
// the derivative through the returned pointer must not be silently dropped.
// adcc either rejects the input with a located error, or its gradient is
// right (checked by running it: d f / d x[0] = 2 x[0] when k != 0).
// RUN: if %adcc %s -o %t.c 2>%t.err; then %cc %s %t.c %adcc_rt -o %t.exe && %t.exe; else %FileCheck %s -DFILE=%s < %t.err; fi
// CHECK: {{^}}[[FILE]]:{{[0-9]+}}:{{[0-9]+}}: error:
#include <adcc.h>

static double *pick(double *a, double *b, int k)
{
    return k ? a : b;
}

ADCC_GRAD(x, y)
double f(double *x, double *y, int k)
{
    double *p = pick(x, y, k);
    return p[0] * p[0];
}

#ifndef __ADCC__
#include <stdio.h>
double f_grad(double *x, double *d_x, double *y, double *d_y, int k);

int main(void)
{
    double x[1] = {3.0}, y[1] = {5.0}, dx[1] = {0.0}, dy[1] = {0.0};
    double v = f_grad(x, dx, y, dy, 1);
    printf("f = %g, d_x = %g (want 6), d_y = %g (want 0)\n", v, dx[0], dy[0]);
    return v == 9.0 && dx[0] == 6.0 && dy[0] == 0.0 ? 0 : 1;
}
#endif
