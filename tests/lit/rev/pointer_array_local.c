// A local array of pointers into an active array (rows of a matrix): the
// derivative through rows[i][j] must not be silently dropped. adcc either
// rejects the input with a located error, or its gradient is right
// (checked by running it: f = x[n] * x[0], so d_x[0] = x[n], d_x[n] = x[0]).
// RUN: if %adcc %s -o %t.c 2>%t.err; then %cc %s %t.c %adcc_rt -o %t.exe && %t.exe; else %FileCheck %s -DFILE=%s < %t.err; fi
// CHECK: {{^}}[[FILE]]:{{[0-9]+}}:{{[0-9]+}}: error:
#include <adcc.h>

ADCC_GRAD(x)
double f(double *x, int n)
{
    double *rows[2] = {x, x + n};
    return rows[1][0] * rows[0][0];
}

#ifndef __ADCC__
#include <stdio.h>
double f_grad(double *x, double *d_x, int n);

int main(void)
{
    double x[4] = {3.0, 0.0, 5.0, 0.0}, dx[4] = {0.0};
    double v = f_grad(x, dx, 2);
    printf("f = %g, d_x[0] = %g (want 5), d_x[2] = %g (want 3)\n", v, dx[0], dx[2]);
    return v == 15.0 && dx[0] == 5.0 && dx[2] == 3.0 ? 0 : 1;
}
#endif
