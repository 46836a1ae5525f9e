// ADCC_PULLBACK() with no rule name is an error at the annotation saying it
// must name the function's reverse rule.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_PULLBACK must name exactly one function: the reverse rule of 'sq'{{$}}
// CHECK-NEXT: {{^ADCC_PULLBACK\(\)$}}
// CHECK-NEXT: {{^\^$}}
ADCC_PULLBACK()
double sq(double x);

ADCC_GRAD(x)
double f(double x)
{
    return sq(x) * x;
}
