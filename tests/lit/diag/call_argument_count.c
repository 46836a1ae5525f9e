// A call through an old-style declaration with another number of
// arguments than the definition's parameters is an error at the call (it
// used to give g_rev calls with the wrong arguments, code that does not
// compile).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

double g();

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: 'g' is called with 3 arguments but its definition takes 1; declare it with a prototype{{$}}
    // CHECK-NEXT: {{^    return g\(x, x, x\) \* x;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return g(x, x, x) * x;
}

double g(a) double a; { return a * a; }
