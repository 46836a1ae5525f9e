// The extent in ADCC_CHECKPOINT_EXTENTS(p:n) is an integer parameter or a number.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:25: error: in 'u:h', 'h' is neither an integer parameter of 'step' nor a number; an extent counts the elements of u{{$}}
// CHECK-NEXT: {{^ADCC_CHECKPOINT_EXTENTS\(u:h\)$}}
// CHECK-NEXT: {{^ {24}\^$}}
ADCC_CHECKPOINT_EXTENTS(u:h)
static void step(double *u, double h, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = u[i] * h;
}

ADCC_GRAD(u)
void f(double *u, int n)
{
    step(u, 0.5, n);
}
