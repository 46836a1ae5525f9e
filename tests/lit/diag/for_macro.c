// A for statement whose header a macro writes: adcc cannot tell its parts
// apart, so it says so instead of generating a loop without its condition.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

#define LOOP(i, n) for (int i = 0; i < n; i++)

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: a for statement whose header a macro writes is not supported; write the for header in the function, or the whole loop in a helper function{{$}}
    // CHECK-NEXT: {{^    LOOP\(i, n\) s = s \* x;$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    LOOP(i, n) s = s * x;
    return s;
}
