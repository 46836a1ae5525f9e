// An expression kind the IR lacks (a statement expression) is rejected at
// the expression with a message that names what it is: not an empty name ('').
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --check-prefix=MSG --implicit-check-not="('')"
// RUN: test ! -e %t.c
#include <adcc.h>

// MSG: error:

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: statement expressions ({ ... }) are not supported; use a helper function{{$}}
    // CHECK-NEXT: {{^    double y = \(\{ double t = x; t \* 2; \}\);$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    double y = ({ double t = x; t * 2; });
    return y * x;
}
