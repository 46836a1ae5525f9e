// A local of struct type is rejected at its declaration.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

struct P {
    double a, b;
};

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:14: error: struct and union types are not supported yet; pass the members as separate variables or arrays{{$}}
    // CHECK-NEXT: {{^    struct P p;$}}
    // CHECK-NEXT: {{^ {13}\^$}}
    struct P p;
    p.a = x;
    return p.a * x;
}
