// A call in a for-loop step is rejected at the step with a hint to call in
// the loop body.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

static int next(int i)
{
    return i + 1;
}

ADCC_GRAD(x)
double f(const double *x, int n)
{
    double s = 0;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:28: error: calls in a for-loop step are not supported; call in the loop body{{$}}
    // CHECK-NEXT: {{^    for \(int i = 0; i < n; i = next\(i\)\)$}}
    // CHECK-NEXT: {{^ {27}\^$}}
    for (int i = 0; i < n; i = next(i))
        s += x[i] * x[i];
    return s;
}
