// Annotations this version does not implement yet (ADCC_KERNEL here) are an
// error at the annotation that says so and points to what is there, not ignored.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_KERNEL is not implemented yet in this version of adcc; use ADCC_GRAD, ADCC_JVP or ADCC_HVP{{$}}
// CHECK-NEXT: {{^ADCC_KERNEL$}}
// CHECK-NEXT: {{^\^$}}
ADCC_KERNEL
double f(double x)
{
    return x * x;
}
