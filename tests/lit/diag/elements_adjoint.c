// ADCC_ELEMENTS naming an adjoint function with the wrong parameters is an
// error at the name that shows the declaration it must have.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

double *rows_adjoint(const adt_tensor *t);
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:15: error: ADCC_ELEMENTS names the function that gives the adjoint's elements; declare it as double * rows_adjoint(const adt_tensor *obj, adt_tensor *d_obj){{$}}
// CHECK-NEXT: {{^ADCC_ELEMENTS\(rows_adjoint\) double \*rows\(const adt_tensor \*t\);$}}
// CHECK-NEXT: {{^ {14}\^$}}
ADCC_ELEMENTS(rows_adjoint) double *rows(const adt_tensor *t);

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    return adt_sum_all(w);
}
