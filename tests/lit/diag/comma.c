// The comma operator inside an expression is rejected at the comma (clang's
// own warning about the unused left operand is forwarded first).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, double y)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: the comma operator is not supported; split the expression into separate statements{{$}}
    // CHECK-NEXT: {{^    double z = \(y, x\);$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    double z = (y, x);
    return z * x;
}
