// Forward mode: an object (tensor) argument of a rule call that is not a
// plain variable (a conditional here) is an error at the argument saying to
// assign it to a variable first.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

ADCC_JVP(a, b)
double f(adt_tensor *a, adt_tensor *b, int k)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:30: error: adcc cannot follow this expression to the tangent of the object it gives; assign the object to a variable first{{$}}
    // CHECK-NEXT: {{^    adt_tensor \*r = adt_relu\(k \? a : b\);$}}
    // CHECK-NEXT: {{^ {29}\^$}}
    adt_tensor *r = adt_relu(k ? a : b);
    double s = adt_sum_all(r);
    adt_free(r);
    return s;
}
