// A checkpointed loop whose body changes a global, here through a helper:
// snapshots would restore it and the caller would not find its final value.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

int calls;

static double next_factor(void)
{
    calls = calls + 1;
    return 1.0 + 0.1 * calls;
}

ADCC_GRAD(x)
double f(double x, int steps)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: the loop changes the global 'calls' through next_factor; a checkpointed loop's state must be local (snapshots restore it, and the caller must find its final value): pass it as a parameter{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(2\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(2)
    for (int t = 0; t < steps; t++)
        s = s * next_factor();
    return s;
}
