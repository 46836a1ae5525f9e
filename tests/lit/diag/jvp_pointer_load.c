// Forward mode: a pointer that carries derivatives loaded from memory (a
// row of a pointer-to-pointer parameter) is an error at the load with a hint
// to index one flat array.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_JVP(x)
double f(double *x, double **rows)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: adcc cannot follow a pointer loaded from memory to its derivative; index one flat array instead{{$}}
    // CHECK-NEXT: {{^    double \*p = rows\[0\];$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    double *p = rows[0];
    p = x;
    return p[0] * x[0];
}
