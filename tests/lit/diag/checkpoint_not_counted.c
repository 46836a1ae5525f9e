// A checkpointed loop must count up by one from a start to a bound: its
// steps are what the schedule numbers.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: a checkpointed loop must count up by one: for (i = a; i < b; i++), with i not changed in the body{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(4\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(4)
    for (int i = 0; i < n; i += 2)
        s = s * x;
    return s;
}
