// ADCC_CHECKPOINT on a declaration without the function's body.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_CHECKPOINT must sit on the definition of 'step' (with its body): its calls run the body again in the reverse sweep{{$}}
// CHECK-NEXT: {{^ADCC_CHECKPOINT$}}
// CHECK-NEXT: {{^\^$}}
ADCC_CHECKPOINT
void step(double *u, int n);

ADCC_GRAD(u)
void f(double *u, int n)
{
    (void)u;
    (void)n;
}
