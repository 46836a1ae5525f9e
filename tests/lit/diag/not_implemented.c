// Annotations this version does not implement yet (ADCC_JVP here) are an
// error at the annotation that says so and points to ADCC_GRAD, not ignored.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_JVP is not implemented yet{{.*}}; use ADCC_GRAD{{$}}
// CHECK-NEXT: {{^ADCC_JVP\(x\)$}}
// CHECK-NEXT: {{^\^$}}
ADCC_JVP(x)
double f(double x)
{
    return x * x;
}
