// adcc --explain lists, per gradient and helper sweep, what is taped and
// why (with the line), the bytes each loop tapes per iteration, which
// loops are checkpointed, and where checkpointing would pay off. No -o.
// RUN: %adcc --explain %s | %FileCheck %s -DFILE=explain.c
#include <adcc.h>
#include <math.h>

static void step(double *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = x[i] + 0.1 * sin(x[i]);
}

ADCC_GRAD(x)
double run(double *x, int n, int steps)
{
    double e = 0.0;
    for (int t = 0; t < steps; t++) {
        step(x, n);
        e = e * 0.5 + x[0];
        if (e > 1.0)
            e = 1.0;
    }
    return e;
}

ADCC_GRAD(s0)
double orbit(double s0, int steps)
{
    double s = s0;
    ADCC_CHECKPOINT_LOOP(8)
    for (int t = 0; t < steps; t++)
        s = s + 0.1 * cos(s);
    return s;
}

// CHECK:      step_fwd (a helper's forward sweep: what the caller's gradient tapes for each call):
// CHECK-NEXT:   [[FILE]]:11: x[i] saved (8 bytes, each iteration of the loop at line 10): overwritten at line 11 before its use in the reverse sweep
// CHECK-NEXT:   [[FILE]]:10: the loop tapes 8 bytes per iteration
// CHECK-NEXT:   checkpointing would pay off where it is called in a loop or deep in a recursion: ADCC_CHECKPOINT on its definition keeps only the arrays each call overwrites, and the reverse sweep runs the call again
// CHECK:      run_grad (the gradient: forward sweep, then reverse sweep):
// CHECK-NEXT:   [[FILE]]:21: the branch taken (8 bytes, each iteration of the loop at line 18): the reverse sweep replays it
// CHECK-NEXT:   [[FILE]]:18: the loop tapes 8 bytes per iteration, plus what step_fwd tapes per call
// CHECK-NEXT:   [[FILE]]:18: checkpointing would pay off here: the tape grows with the trip count; ADCC_CHECKPOINT_LOOP(K) before this loop keeps K snapshots of its state instead, and recomputes its steps in the reverse sweep
// CHECK:      orbit_grad (the gradient: forward sweep, then reverse sweep):
// CHECK-NEXT:   [[FILE]]:32: loop checkpointed (snapshots: 8): its steps are not taped; the reverse sweep recomputes them from the snapshots
// CHECK-NEXT:   outside loops: 8 bytes per call
