// The operator form _Pragma("adcc checkpoint(...)") checkpoints the loop
// after it like #pragma adcc does (one written in a comment does not), and
// a malformed one is reported at the _Pragma.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %not %adcc -DBAD %s -o %t2.c 2>&1 | %FileCheck %s --check-prefix=BAD --strict-whitespace -DFILE=%s --implicit-check-not=error:
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    // _Pragma("adcc checkpoint(snapshots=2)")
    for (int i = 0; i < n; i++)
        s = s * cos(s);
    _Pragma("adcc checkpoint(snapshots=4, state=s)")
    for (int i = 0; i < n; i++)
        s = s * exp(-s);
    return s;
}

// CHECK-LABEL: double f_grad(double x, double *d_x, int n)
// CHECK-NOT:   adcc_ckpt_begin({{.*}}, 2)
// CHECK:       adcc_ckpt_begin(n > 0 ? n : 0, 4)

#ifdef BAD
ADCC_GRAD(x)
double g(double x, int n)
{
    double s = x;
    // BAD: {{^}}[[FILE]]:[[@LINE+3]]:5: error: malformed adcc pragma; write #pragma adcc checkpoint(snapshots=K) or checkpoint(snapshots=K, state=x:n, ...){{$}}
    // BAD-NEXT: {{^    _Pragma\("adcc checkpoint\(snapshot=4\)"\)$}}
    // BAD-NEXT: {{^    \^$}}
    _Pragma("adcc checkpoint(snapshot=4)")
    for (int i = 0; i < n; i++)
        s = s * sin(s);
    return s;
}
#endif
