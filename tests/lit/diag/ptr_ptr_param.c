// Naming a pointer-to-pointer parameter is an error at the name that says to
// pass the data as one flat array.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:11: error: parameter 'x' of 'f' is a pointer to pointers; pass the data as one flat array{{$}}
// CHECK-NEXT: {{^ADCC_GRAD\(x\)$}}
// CHECK-NEXT: {{^ {10}\^$}}
ADCC_GRAD(x)
double f(double **x)
{
    return x[0][0] * x[0][1];
}
