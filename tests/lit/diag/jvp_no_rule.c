// Forward mode of a call to a function with no body and no forward rule is
// an error at the call that says how to give it one; a function that has
// only a reverse rule gets a note that forward mode needs its forward rule.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

void ext_pb(double x, double *d_x, double d_ret);
ADCC_PULLBACK(ext_pb)
double ext(double x);

double other(double x);

ADCC_JVP(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+5]]:16: error: no forward derivative rule for 'ext': it has no body in this file; give it one with ADCC_PUSHFORWARD(ext_jvp) on its declaration{{$}}
    // CHECK-NEXT: {{^    double a = ext\(x\);$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    // CHECK-NEXT: {{^}}[[FILE]]:11:8: note: 'ext' has a reverse rule (ADCC_PULLBACK); forward mode needs its forward rule too{{$}}
    // CHECK: {{^}}[[FILE]]:[[@LINE+2]]:16: error: no forward derivative rule for 'other': it has no body in this file; give it one with ADCC_PUSHFORWARD(other_jvp) on its declaration{{$}}
    double a = ext(x);
    double b = other(x);
    return a + b;
}
