// f_hvp is f_grad differentiated in forward mode, so the reverse rules
// f_grad calls are differentiated too: one with no body and no forward
// rule of its own is an error at the call, with a note that says why the
// reverse rule is involved.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

void softplus_pb(double x, double *d_x, double d_ret);
double softplus_jvp(double x, double t_x, double *t_ret);
ADCC_PULLBACK(softplus_pb) ADCC_PUSHFORWARD(softplus_jvp)
double softplus(double x);

ADCC_HVP(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+5]]:12: error: no forward derivative rule for 'softplus_pb': it has no body in this file; give it one with ADCC_PUSHFORWARD(softplus_pb_jvp) on its declaration{{$}}
    // CHECK-NEXT: {{^    return softplus\(x\) \* x;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    // CHECK-NEXT: {{^}}[[FILE]]:[[@LINE+2]]:12: note: f_hvp differentiates f_grad in forward mode, and f_grad calls 'softplus_pb' here (a reverse rule is differentiated like any function: give it a body or a forward rule){{$}}
    // CHECK-NEXT: {{^    return softplus\(x\) \* x;$}}
    return softplus(x) * x;
}
