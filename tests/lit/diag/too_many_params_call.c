// An active call of a helper with more than 64 parameters is rejected at the
// call (the helper itself is not annotated, so only the call can report it).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s
// RUN: test ! -e %t.c
#include <adcc.h>

#define P8(a) double a##0, double a##1, double a##2, double a##3, double a##4, double a##5, double a##6, double a##7
#define A8(v) v, v, v, v, v, v, v, v

static double big(double x, P8(a), P8(b), P8(c), P8(d), P8(e), P8(g), P8(h), P8(k))
{
    return x * a0 * k7;
}

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: 'big' has more than 64 parameters; pass the values in arrays instead{{$}}
    // CHECK-NEXT: {{^    return big\(x, A8\(1\.0\), A8\(1\.0\), A8\(1\.0\), A8\(1\.0\), A8\(1\.0\), A8\(1\.0\), A8\(1\.0\), A8\(2\.0\)\);$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return big(x, A8(1.0), A8(1.0), A8(1.0), A8(1.0), A8(1.0), A8(1.0), A8(1.0), A8(2.0));
}
