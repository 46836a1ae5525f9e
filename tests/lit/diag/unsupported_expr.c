// An expression kind the IR lacks (a compound literal) is rejected at the
// expression with a message that names what it is: not an empty name ('').
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --check-prefix=MSG --implicit-check-not="('')"
// RUN: test ! -e %t.c
#include <adcc.h>

// MSG: error:

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: compound literals are not supported; {{.+}}
    // CHECK-NEXT: {{^    double \*p = \(double\[\]\)\{x, 2 \* x\};$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    double *p = (double[]){x, 2 * x};
    return p[0] * p[1];
}
