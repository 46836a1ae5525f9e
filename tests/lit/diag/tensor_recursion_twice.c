// A function on tensors that calls itself twice is rejected at its first
// recursive call, at once: inlining stops at the first call of a function
// already being inlined instead of unrolling the recursion (2^32 copies).
// RUN: rm -f %t.c
// RUN: %not timeout 60 %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

static double total(const adt_tensor *t, int n)
{
    if (n <= 1)
        return adt_sum_all(t);
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: 'total' takes or returns tensors and calls itself (directly or through other functions); adcc inlines such functions, so it cannot differentiate the recursion: give 'total' a rule with ADCC_PULLBACK{{$}}
    // CHECK-NEXT: {{^    return total\(t, n - 1\) \+ total\(t, n - 2\);$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return total(t, n - 1) + total(t, n - 2);
}

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    return total(w, 30);
}
