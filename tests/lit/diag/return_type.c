// A differentiated function must return float, double or void: an int
// return type is an error at the function's name.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: 'f' returns 'int'; a differentiated function must return float, double or void{{$}}
// CHECK-NEXT: {{^int f\(double x\)$}}
// CHECK-NEXT: {{^ {4}\^$}}
int f(double x)
{
    return (int)(x * x);
}
