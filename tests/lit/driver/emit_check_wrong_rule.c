// A hand-written reverse rule with a wrong adjoint (d sq = x instead of
// 2 x): the --emit-check driver reports the gradient that goes through it
// as FAIL, passes the rest, and exits 1.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc %s -o %t/grad.c
// RUN: %adcc --emit-check %s -o %t/check.c
// RUN: %cc %s %t/grad.c %t/check.c %adcc_rt -o %t/check
// RUN: %not %t/check > %t/out.txt
// RUN: %FileCheck %s < %t/out.txt
// CHECK: model grad primal return {{.*}} PASS
// CHECK-NEXT: model grad d_x {{.*}} 1.0e-06 FAIL
// CHECK-NEXT: linear grad primal return {{.*}} PASS
// CHECK-NEXT: linear grad d_x {{.*}} PASS
// CHECK-NEXT: 3 passed, 1 failed, 0 skipped
#include <adcc.h>

void sq_pb(double x, double *d_x, double d_ret);

ADCC_PULLBACK(sq_pb)
double sq(double x)
{
    return x * x;
}

void sq_pb(double x, double *d_x, double d_ret)
{
    *d_x += d_ret * x;   /* wrong on purpose: d sq = 2 x dx */
}

ADCC_GRAD(x)
double model(const double *x)
{
    return sq(x[0]) + 3.0 * x[1];
}

ADCC_GRAD(x)
double linear(const double *x)
{
    return 2.0 * x[0] - x[1];
}
