// Forward mode: a runtime function that returns a tensor carrying
// derivatives but has no ADCC_PUSHFORWARD rule (adt_clone) is an error at
// the call (diag/tensor_no_rule.c is the reverse mode one).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

ADCC_JVP(w)
double f(adt_tensor *w)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:21: error: no forward derivative rule for 'adt_clone': it takes or returns objects that carry derivatives, and adcc differentiates such functions only through a rule; give it one with ADCC_PUSHFORWARD(adt_clone_jvp) on its declaration{{$}}
    // CHECK-NEXT: {{^    adt_tensor \*c = adt_clone\(w\);$}}
    // CHECK-NEXT: {{^ {20}\^$}}
    adt_tensor *c = adt_clone(w);
    double s = adt_sum_all(c);
    adt_free(c);
    return s;
}
