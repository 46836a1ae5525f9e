// An expression kind the frontend has no case for (_Generic) is rejected at
// the expression, naming its kind.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: this kind of expression (GenericSelectionExpr) is not supported; rewrite it with plain C operators{{$}}
    // CHECK-NEXT: {{^    double z = _Generic\(x, double: x, default: 0\.0\);$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    double z = _Generic(x, double: x, default: 0.0);
    return z * x;
}
