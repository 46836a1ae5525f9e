// ADCC_OBJECT_TYPE naming a type that is not a struct is an error at the
// annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_OBJECT_TYPE needs a struct type; name a struct (or a typedef of one) as its first argument{{$}}
// CHECK-NEXT: {{^ADCC_OBJECT_TYPE\(double, zeros, release\)$}}
// CHECK-NEXT: {{^\^$}}
ADCC_OBJECT_TYPE(double, zeros, release)

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
