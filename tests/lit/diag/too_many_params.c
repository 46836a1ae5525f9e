// A differentiated function with more than 64 parameters is rejected at its
// name (65 here); diag/too_many_params_call.c covers an active call.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

#define P8(a) double a##0, double a##1, double a##2, double a##3, double a##4, double a##5, double a##6, double a##7

ADCC_GRAD(x)
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:8: error: 'f' has more than 64 parameters; pass the values in arrays instead{{$}}
// CHECK-NEXT: {{^double f\(double x, P8\(a\), P8\(b\), P8\(c\), P8\(d\), P8\(e\), P8\(g\), P8\(h\), P8\(k\)\)$}}
// CHECK-NEXT: {{^ {7}\^$}}
double f(double x, P8(a), P8(b), P8(c), P8(d), P8(e), P8(g), P8(h), P8(k))
{
    return x * a0 * k7;
}
