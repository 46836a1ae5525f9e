// When adcc fails, an existing output file (and header) is left exactly as
// it was, and no temporary file is left beside it.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: echo 'previous contents' > %t.dir/out.c
// RUN: echo 'previous header' > %t.dir/out.h
// RUN: %not %adcc %s -o %t.dir/out.c --header %t.dir/out.h 2>&1 | %FileCheck %s
// CHECK: error: labels and goto are not supported
// RUN: echo 'previous contents' | diff - %t.dir/out.c
// RUN: echo 'previous header' | diff - %t.dir/out.h
// RUN: ls %t.dir | %FileCheck %s --check-prefix=LS --implicit-check-not=adcc-tmp
// LS: out.c
// LS-NEXT: out.h
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
again:
    s = s * x;
    if (--n > 0)
        goto again;
    return s;
}
