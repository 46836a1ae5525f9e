// A function-pointer parameter is rejected at the parameter.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:29: error: function pointers are not supported; call the function by its name{{$}}
// CHECK-NEXT: {{^double f\(double x, double \(\*g\)\(double\)\)$}}
// CHECK-NEXT: {{^ {28}\^$}}
double f(double x, double (*g)(double))
{
    return g(x) * x;
}
