// A marker and a pragma in one function: each checkpoints its own loop
// (the marker's statement is a macro expansion, whose offsets are in
// adcc.h; adcc matches pragmas by offsets in this file).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double g(double x, int n)
{
    double s = x;
    ADCC_CHECKPOINT_LOOP(3)
    for (int i = 0; i < n; i++)
        s = s * cos(s);
#pragma adcc checkpoint(snapshots=5)
    for (int i = 0; i < n; i++)
        s = s * sin(s);
    return s;
}

// CHECK-LABEL: double g_grad(double x, double *d_x, int n)
// CHECK:       adcc_ckpt_begin(n > 0 ? n : 0, 3);
// CHECK:       adcc_ckpt_begin(n > 0 ? n : 0, 5);
