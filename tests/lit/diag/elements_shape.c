// ADCC_ELEMENTS on a function that does not take one object (a struct type
// registered with ADCC_OBJECT_TYPE) is an error at the annotation saying
// where it must sit.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

double *data_adjoint(double *d);
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_ELEMENTS must sit on a function that takes one object and returns a pointer to its floating-point elements{{$}}
// CHECK-NEXT: {{^ADCC_ELEMENTS\(data_adjoint\) double \*data\(double \*d\);$}}
// CHECK-NEXT: {{^\^$}}
ADCC_ELEMENTS(data_adjoint) double *data(double *d);

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
