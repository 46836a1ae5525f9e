// Active data in globals: a global scalar written from x, and a global
// pointer set to an active array. The generated code must compile (the
// shadows d_acc, d_gp must be declared where they are used) and give the
// right gradient; or adcc rejects the input with a located error.
// RUN: if %adcc %s -o %t.c 2>%t.err; then %cc %s %t.c %adcc_rt -o %t.exe && %t.exe; else %FileCheck %s -DFILE=%s < %t.err; fi
// CHECK: {{^}}[[FILE]]:{{[0-9]+}}:{{[0-9]+}}: error:
#include <adcc.h>

double acc;
double *gp;

ADCC_GRAD(x)
double cube(double x)
{
    acc = x * x;
    return acc * x;
}

ADCC_GRAD(x)
double prod(double *x)
{
    gp = x;
    return gp[0] * gp[1];
}

#ifndef __ADCC__
#include <stdio.h>
double cube_grad(double x, double *d_x);
double prod_grad(double *x, double *d_x);

int main(void)
{
    double d = 0.0;
    double c = cube_grad(2.0, &d);
    double x[2] = {3.0, 5.0}, dx[2] = {0.0};
    double v = prod_grad(x, dx);
    printf("cube = %g, d = %g (want 12); prod = %g, d_x = {%g, %g} (want {5, 3})\n", c, d, v, dx[0], dx[1]);
    return c == 8.0 && d == 12.0 && v == 15.0 && dx[0] == 5.0 && dx[1] == 3.0 ? 0 : 1;
}
#endif
