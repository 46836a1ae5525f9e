// A body that assigns no variable and declares one it never reads:
// clean-up drops the dead declaration with an empty list of assignments
// (under UBSan, scripts/test.sh's sanitizer run, qsort and the search on
// the empty list's NULL items were reported). Found by the fuzzer.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=unused < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}void f_grad(const double *x, double *d_x, double *y){{$}}
// CHECK:       y[0] = 1.0;
ADCC_GRAD(x)
void f(const double *x, double *y)
{
    double unused = x[0] * 3.0;
    y[0] = 1.0;
}
