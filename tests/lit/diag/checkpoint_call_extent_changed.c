// A checkpointed function that changes its count parameter before the loop
// that writes the array: the argument is not the extent, so adcc asks for
// it instead of saving too few elements.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_CHECKPOINT
static void grown(double *u, int n)
{
    n = n + 1;
    for (int i = 0; i < n; i++)
        u[i] = u[i] * u[i];
}

ADCC_GRAD(x)
double f(const double *x)
{
    double u[2] = {x[0], x[1]};
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: adcc cannot tell how many elements of 'u' the checkpointed 'grown' writes; name them on its definition: ADCC_CHECKPOINT_EXTENTS(u:n), n a parameter or a number{{$}}
    // CHECK-NEXT: {{^    grown\(u, 1\);$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    grown(u, 1);
    return u[0] + u[1];
}
