// Forward mode: a call of a library function adcc has no rule for (lgamma)
// on active data is an error at the call naming it, with the two ways out
// (ADCC_PUSHFORWARD, adcc_stop_gradient).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>
#include <math.h>

ADCC_JVP(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: no derivative rule for 'lgamma': adcc knows the math.h functions; give 'lgamma' a forward rule with ADCC_PUSHFORWARD(rule) on its declaration, or wrap the call in adcc_stop_gradient() if it carries no derivative{{$}}
    // CHECK-NEXT: {{^    return lgamma\(x\) \* x;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return lgamma(x) * x;
}
