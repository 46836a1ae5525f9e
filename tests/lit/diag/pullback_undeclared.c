// ADCC_PULLBACK naming a function that is not declared is an error at the
// name, and says which signature the rule must have.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:15: error: ADCC_PULLBACK names 'sq_rule', which is not declared; declare the rule before 'sq' as void sq_rule(double x, double *d_x, int n, double d_ret){{$}}
// CHECK-NEXT: {{^ADCC_PULLBACK\(sq_rule\)$}}
// CHECK-NEXT: {{^ {14}\^$}}
ADCC_PULLBACK(sq_rule)
double sq(double x, int n);

ADCC_GRAD(x)
double f(double x)
{
    return sq(x, 2);
}
