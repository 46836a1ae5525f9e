// A forward rule whose parameters do not follow the contract (each floating
// or pointer-to-floating parameter followed by its tangent of the same type,
// then a pointer to the result's tangent; returns the primal) is an error at
// the rule's name in the annotation, showing the declaration it must have.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

double axpy_jvp(double a, double t_a, const double *x, double *y, int n);
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:18: error: rule 'axpy_jvp' of 'axpy' must be declared as double axpy_jvp(double a, double t_a, const double *x, const double *t_x, double *y, double *t_y, int n, double *t_ret){{$}}
// CHECK-NEXT: {{^ADCC_PUSHFORWARD\(axpy_jvp\)$}}
// CHECK-NEXT: {{^ {17}\^$}}
ADCC_PUSHFORWARD(axpy_jvp)
double axpy(double a, const double *x, double *y, int n);

ADCC_JVP(a, x, y)
double f(double a, const double *x, double *y, int n)
{
    return axpy(a, x, y, n);
}
