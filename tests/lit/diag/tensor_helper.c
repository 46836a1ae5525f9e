// A function of the file that takes tensors carrying derivatives is
// differentiated only through a rule: an error at the call says so.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

static double total(const adt_tensor *t)
{
    return adt_sum_all(t);
}

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: no derivative rule for 'total': it takes or returns objects that carry derivatives, and adcc differentiates such functions only through a rule; give it one with ADCC_PULLBACK(total_pullback) on its declaration{{$}}
    // CHECK-NEXT: {{^    return total\(w\) \* 2\.0;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return total(w) * 2.0;
}
