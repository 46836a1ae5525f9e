// A runtime function that returns a tensor carrying derivatives but has no
// ADCC_PULLBACK rule (adt_clone) is an error at the call.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:21: error: no derivative rule for 'adt_clone': it takes or returns objects that carry derivatives, and adcc differentiates such functions only through a rule; give it one with ADCC_PULLBACK(adt_clone_pullback) on its declaration{{$}}
    // CHECK-NEXT: {{^    adt_tensor \*c = adt_clone\(w\);$}}
    // CHECK-NEXT: {{^ {20}\^$}}
    adt_tensor *c = adt_clone(w);
    double s = adt_sum_all(c);
    adt_free(c);
    return s;
}
