// A state list naming a variable of a block that has ended.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    {
        double tmp = 2.0 * x;
        s = s + tmp;
    }
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: unknown name 'tmp' in the checkpointed loop's state list; name a variable in scope at the loop{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(2, s, tmp\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(2, s, tmp)
    for (int i = 0; i < n; i++)
        s = s * x;
    return s;
}
