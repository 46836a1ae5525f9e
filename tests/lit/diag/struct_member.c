// Reading a member of a (global) struct is rejected at the member.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

struct P {
    double a, b;
};
extern struct P g;

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:14: error: struct members are not supported yet; pass the member's value as its own variable or parameter{{$}}
    // CHECK-NEXT: {{^    return g\.a \* x;$}}
    // CHECK-NEXT: {{^ {13}\^$}}
    return g.a * x;
}
