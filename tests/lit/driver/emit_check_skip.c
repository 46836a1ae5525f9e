// An array whose extent adcc cannot read from the function (a while loop
// indexes it): adcc --emit-check warns, naming the annotation to add, and
// the driver prints a SKIP row for each of the function's derivatives
// (never a silent pass) and checks the others. A tensor parameter is
// skipped too, with its reason, and no warning.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc %s -o %t/grad.c
// RUN: %adcc --emit-check %s -o %t/check.c 2>&1 | %FileCheck %s --check-prefix=WARN --strict-whitespace -DFILE=%s --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %cc %s %t/grad.c %t/check.c %adcc_rt -lopenblas -lpthread -o %t/check
// RUN: %t/check > %t/out.txt
// RUN: %FileCheck %s < %t/out.txt
// CHECK: walk grad x - - SKIP: extent of 'x' unknown: add ADCC_CHECK_ARGS(x:N) to 'walk'
// CHECK-NEXT: walk jvp x - - SKIP: extent of 'x' unknown: add ADCC_CHECK_ARGS(x:N) to 'walk'
// CHECK-NEXT: loss grad W - - SKIP: parameter 'W' has type 'adt_tensor *'; the driver fills only integers and floating-point scalars and arrays
// CHECK-NEXT: square grad primal return {{.*}} PASS
// CHECK-NEXT: square grad d_x {{.*}} PASS
// CHECK-NEXT: 2 passed, 0 failed, 3 skipped
#include <adcc.h>
#include <adt.h>

ADCC_GRAD(x) ADCC_JVP(x)
// WARN: {{^}}[[FILE]]:[[@LINE+3]]:27: warning: the derivative check cannot tell how many elements 'x' of 'walk' has (the index 'k' is not made of counted loops' counters, integer parameters and numbers); the driver skips 'walk': state it with ADCC_CHECK_ARGS(x:N){{$}}
// WARN-NEXT: {{^}}double walk(const double *x, int n){{$}}
// WARN-NEXT: {{^ {26}\^$}}
double walk(const double *x, int n)
{
    double s = 0;
    int k = 0;
    while (k < n) {
        s += x[k] * x[k];
        k += 2;
    }
    return s;
}

ADCC_GRAD(W)
double loss(adt_tensor *W)
{
    return adt_sum_all(W);
}

ADCC_GRAD(x)
double square(double x)
{
    return x * x;
}
