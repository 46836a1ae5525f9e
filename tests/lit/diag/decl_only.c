// ADCC_GRAD on a declaration whose function has no body in the file is an
// error at the annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_GRAD must sit on the definition of 'f' (with its body){{$}}
// CHECK-NEXT: {{^ADCC_GRAD\(x\)$}}
// CHECK-NEXT: {{^\^$}}
ADCC_GRAD(x)
double f(double x);

double g(double x)
{
    return f(x) * 2.0;
}
