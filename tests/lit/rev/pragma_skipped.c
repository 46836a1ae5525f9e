// #pragma adcc checkpoint counts only where the compiler sees it: one in a
// block comment and one in an #if 0 block leave their loops plainly taped;
// the one in force checkpoints the third loop.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
/* not now:
#pragma adcc checkpoint(snapshots=2)
*/
    for (int i = 0; i < n; i++)
        s = s * cos(s);
#if 0
#pragma adcc checkpoint(snapshots=8)
#endif
    for (int i = 0; i < n; i++)
        s = s * sin(s);
#pragma adcc checkpoint(snapshots=4)
    for (int i = 0; i < n; i++)
        s = s * exp(-s);
    return s;
}

// CHECK-LABEL: double f_grad(double x, double *d_x, int n)
// CHECK-NOT:   adcc_ckpt_begin({{.*}}, 2)
// CHECK-NOT:   adcc_ckpt_begin({{.*}}, 8)
// CHECK:       adcc_ckpt_begin(n > 0 ? n : 0, 4);
// CHECK-NOT:   adcc_ckpt_begin(
