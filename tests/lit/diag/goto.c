// goto is rejected at the goto statement with a hint to restructure.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    for (int i = 0; i < n; i++) {
        if (s > 10.0)
            // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:13: error: goto is not supported; restructure the code with loops, break and continue{{$}}
            // CHECK-NEXT: {{^            goto out;$}}
            // CHECK-NEXT: {{^ {12}\^$}}
            goto out;
        s = s * x;
    }
out:
    return s;
}
