// Forward mode reports an unsupported construct in the annotated function
// itself (a label here) at the construct.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_JVP(x)
double f(double x, int n)
{
    double s = x;
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: labels and goto are not supported; restructure the code with loops, break and continue{{$}}
// CHECK-NEXT: {{^again:$}}
// CHECK-NEXT: {{^\^$}}
again:
    s = s * x;
    if (--n > 0)
        goto again;
    return s;
}
