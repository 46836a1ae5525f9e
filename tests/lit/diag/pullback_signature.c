// A rule whose parameters do not follow the contract (each floating or
// pointer-to-floating parameter followed by its adjoint, then the seed) is
// an error at the rule's name in the annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

void axpy_rule(double a, double *d_a, const double *x, double *y, int n);
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:15: error: rule 'axpy_rule' of 'axpy' must be declared as void axpy_rule(double a, double *d_a, const double *x, double *d_x, double *y, double *d_y, int n){{$}}
// CHECK-NEXT: {{^ADCC_PULLBACK\(axpy_rule\)$}}
// CHECK-NEXT: {{^ {14}\^$}}
ADCC_PULLBACK(axpy_rule)
void axpy(double a, const double *x, double *y, int n);

ADCC_GRAD(a, x, y)
void f(double a, const double *x, double *y, int n)
{
    axpy(a, x, y, n);
}
