// if/else chains: the branch taken is recorded with adcc_push_i only for an
// if whose branches have reverse work, and the reverse sweep replays it with
// `if (adcc_pop_i())`; an if that only touches integers records nothing.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_k < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double chain_grad(double x, double *d_x, int k){{$}}
// CHECK:       if (k == 0) {
// CHECK:       adcc_push_i(
// CHECK:       } else {
// CHECK:       if (k == 1) {
// CHECK:       adcc_push_i(
// CHECK:       if (k > 5) {
// CHECK-NEXT:  k = 2;
// CHECK-NEXT:  }
// CHECK-NOT:   adcc_push
// CHECK:       /* reverse sweep */
// CHECK:       if (adcc_pop_i()) {
// CHECK:       *d_x +=
// CHECK:       } else {
// CHECK:       if (adcc_pop_i()) {
// CHECK:       cos(x)
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double chain(double x, int k)
{
    double y;
    if (k == 0)
        y = x * x;
    else if (k == 1)
        y = sin(x);
    else
        y = 2.0 * x;
    if (k > 5)
        k = 2;
    return y;
}

// An if whose branches do no active work (only an integer changes) is not
// recorded at all.
// CHECK-LABEL: {{^}}double inactive_if_grad(double x, double *d_x, int k){{$}}
// CHECK-NOT:   adcc_push
// CHECK-NOT:   adcc_pop
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double inactive_if(double x, int k)
{
    int m = 0;
    if (k > 0)
        m = k;
    else
        m = -k;
    return x * x + m;
}
