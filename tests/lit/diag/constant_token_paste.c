// A constant adcc cannot evaluate: the size of a variable-length array whose
// `sizeof` is made by token pasting (adcc keeps a sizeof written out as
// text, and evaluates other constants). Rejected at the expression.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

#define PASTE(a, b) a##b

ADCC_GRAD(x)
double f(double x, int n)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:24: error: this constant cannot be evaluated; write it out without macros{{$}}
    // CHECK-NEXT: {{^    double b = \(double\)PASTE\(size, of\)\(double\[n\]\);$}}
    // CHECK-NEXT: {{^ {23}\^$}}
    double b = (double)PASTE(size, of)(double[n]);
    return x * b;
}
