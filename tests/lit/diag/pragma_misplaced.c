// #pragma adcc checkpoint with no for loop after it (the last line of a
// body); before another statement it is checkpoint_loop.c's error.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: #pragma adcc checkpoint must come directly before a for statement in a function body{{$}}
    // CHECK-NEXT: {{^    #pragma adcc checkpoint\(snapshots=4\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    #pragma adcc checkpoint(snapshots=4)
}
