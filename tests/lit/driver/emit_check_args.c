// ADCC_CHECK_ARGS(n=4, x:n, w:2*n) states what adcc cannot read from the
// function (a while loop indexes x and w): the value of the integer n and
// the extents of x and w. The driver uses them, warns about nothing, and
// every check passes. Compiled without adcc, the annotation is nothing.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc %s -o %t/grad.c
// RUN: %adcc --emit-check %s -o %t/check.c 2>&1 | %FileCheck %s --check-prefix=QUIET --allow-empty
// QUIET-NOT: {{.}}
// RUN: %FileCheck %s --check-prefix=CODE < %t/check.c
// CODE: const long n = 4;
// CODE: ck_fn.len[0] = adcc_check_len(n);
// CODE: ck_fn.len[1] = adcc_check_len(2*n);
// RUN: %cc %s %t/grad.c %t/check.c %adcc_rt -o %t/check
// RUN: %t/check > %t/out.txt
// RUN: %FileCheck %s --implicit-check-not=FAIL --implicit-check-not=SKIP < %t/out.txt
// CHECK: walk grad primal return {{.*}} PASS
// CHECK-NEXT: walk grad d_x {{.*}} PASS
// CHECK-NEXT: walk grad d_w {{.*}} PASS
// CHECK-NEXT: walk jvp primal return {{.*}} PASS
// CHECK-NEXT: walk jvp t_ret {{.*}} PASS
// CHECK-NEXT: walk jvp dot test {{.*}} PASS
// CHECK-NEXT: 6 passed, 0 failed, 0 skipped
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, w) ADCC_JVP(x, w) ADCC_CHECK_ARGS(n = 4, x:n, w:2*n)
double walk(const double *x, const double *w, int n)
{
    double s = 0;
    int k = 0;
    while (k < n) {
        s += sin(x[k]) * w[2 * k + 1];
        k++;
    }
    return s;
}
