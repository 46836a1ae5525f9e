// A variadic function is rejected at its name.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:8: error: variadic functions are not supported; give the function a fixed list of parameters{{$}}
// CHECK-NEXT: {{^double f\(double x, \.\.\.\)$}}
// CHECK-NEXT: {{^ {7}\^$}}
double f(double x, ...)
{
    return x * x;
}
