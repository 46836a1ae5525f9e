// An annotation naming a parameter that does not exist is an error pointing
// at the name inside the annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:14: error: ADCC_GRAD names 'zz', which is not a parameter of 'f'; name only its parameters, spelled as in its definition{{$}}
// CHECK-NEXT: {{^ADCC_GRAD\(x, zz\)$}}
// CHECK-NEXT: {{^ {13}\^$}}
ADCC_GRAD(x, zz)
double f(double x)
{
    return x * x;
}
