// A pointer to a struct type with no name (no tag, no typedef) is rejected at
// the declaration with a hint to name the struct.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:42: error: pointers to unnamed struct types are not supported; give the struct a tag or a typedef{{$}}
// CHECK-NEXT: {{^double f\(double x, struct \{ double a; \} \*p\)$}}
// CHECK-NEXT: {{^ {41}\^$}}
double f(double x, struct { double a; } *p)
{
    return x * x;
}
