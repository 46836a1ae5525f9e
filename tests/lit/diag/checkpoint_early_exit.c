// A checkpointed loop that can leave early (break, return): adcc counts
// the steps before the loop runs, so this is an error at the marker that
// names the exit (it used to say the loop did not count up by one).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: a checkpointed loop must run all its steps, and this one can leave early ('break' in its body): adcc counts the steps before the loop runs; make the exit test part of the loop's bound, or do not checkpoint this loop{{$}}
    // CHECK-NEXT: {{^    ADCC_CHECKPOINT_LOOP\(2\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    ADCC_CHECKPOINT_LOOP(2)
    for (int t = 0; t < n; t++) {
        if (s > 10.0)
            break;
        s = sin(s) * x;
    }
    return s;
}

ADCC_GRAD(x)
double g(double x, int n)
{
    double s = x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: a checkpointed loop must run all its steps, and this one can leave early ('return' in its body): adcc counts the steps before the loop runs; make the exit test part of the loop's bound, or do not checkpoint this loop{{$}}
    // CHECK-NEXT: {{^    #pragma adcc checkpoint\(snapshots=3\)$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    #pragma adcc checkpoint(snapshots=3)
    for (int t = 0; t < n; t++) {
        if (s > 10.0)
            return s;
        s = sin(s) * x;
    }
    return s;
}
