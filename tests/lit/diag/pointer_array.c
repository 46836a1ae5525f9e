// A local array of pointers into active data is an error at its declaration
// with a hint to index one flat array.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double *x, int n)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:13: error: arrays of pointers ('rows') are not supported in differentiated code; index one flat array instead{{$}}
    // CHECK-NEXT: {{^    double \*rows\[2\] = \{x, x \+ n\};$}}
    // CHECK-NEXT: {{^ {12}\^$}}
    double *rows[2] = {x, x + n};
    return rows[1][0] * rows[0][0];
}
