// ADCC_CHECKPOINT_LOOP(K) at the end of a block, with no loop after it.
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
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: this checkpoint marker has no for loop right after it; put it directly before a for statement{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(4\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(4)
}
