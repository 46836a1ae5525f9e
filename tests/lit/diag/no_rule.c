// An active call to a function with no body and no rule is an error at the
// call that names the function and says how to give it a rule
// (ADCC_PULLBACK); exit status 1 and no output file.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s
// RUN: test ! -e %t.c
#include <adcc.h>

double ext(double);

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: no derivative rule for 'ext': it has no body in this file; give it a rule with ADCC_PULLBACK(ext_pullback) on its declaration{{$}}
    // CHECK-NEXT: {{^    double y = ext\(x\);$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    double y = ext(x);
    return y * 2.0;
}
