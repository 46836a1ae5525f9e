// Naming a parameter of integer type in ADCC_GRAD is an error at the name,
// giving its type and what can be differentiated.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:14: error: parameter 'n' of 'f' has type 'int'; only floating-point parameters and pointers to floating-point data can be differentiated{{$}}
// CHECK-NEXT: {{^ADCC_GRAD\(x, n\)$}}
// CHECK-NEXT: {{^ {13}\^$}}
ADCC_GRAD(x, n)
double f(double x, int n)
{
    return x * n;
}
