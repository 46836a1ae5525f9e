// Other types the IR lacks (_Complex) are rejected at the declaration,
// naming the type.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:21: error: type '_Complex double' is not supported; use float, double, an integer type or a pointer to one{{$}}
    // CHECK-NEXT: {{^    _Complex double z = x;$}}
    // CHECK-NEXT: {{^ {20}\^$}}
    _Complex double z = x;
    return __real__(z * z);
}
