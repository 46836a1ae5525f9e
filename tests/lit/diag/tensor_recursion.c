// Functions that take tensors are inlined into the model; one that calls
// itself cannot be, and the error at the innermost call says to give it a
// rule instead.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

static double total(const adt_tensor *t, int n)
{
    if (n == 0)
        return adt_sum_all(t);
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: 'total' takes or returns tensors and calls itself (directly or through other functions); adcc inlines such functions, so it cannot differentiate the recursion: give 'total' a rule with ADCC_PULLBACK{{$}}
    // CHECK-NEXT: {{^    return total\(t, n - 1\) \* 2\.0;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return total(t, n - 1) * 2.0;
}

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    return total(w, 3);
}
