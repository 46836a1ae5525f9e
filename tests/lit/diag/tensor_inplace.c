// A library function that changes a tensor in place (adt_fill_, adt_axpy_)
// has no rule; called on a tensor that carries derivatives it is an error at
// the call, not a silently missing derivative. Functions that only read a
// tensor through a const parameter (adt_size) are fine.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

ADCC_GRAD(w)
double f(adt_tensor *w, const adt_tensor *x)
{
    adt_tensor *l = adt_matmul(x, w);
    int64_t n = adt_size(l, 0);
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: no derivative rule for 'adt_fill_': it takes or returns objects that carry derivatives, and adcc differentiates such functions only through a rule; give it one with ADCC_PULLBACK(adt_fill__pullback) on its declaration{{$}}
    // CHECK-NEXT: {{^    adt_fill_\(l, 1\.0\);$}}
    // CHECK-NEXT: {{^    \^$}}
    adt_fill_(l, 1.0);
    double s = adt_sum_all(l) * (double)n;
    adt_free(l);
    return s;
}
