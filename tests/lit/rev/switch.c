// switch with break, fall-through and default: each case body with reverse
// work records whether it ran, and the reverse sweep replays the case
// bodies in reverse order from those records; no goto is generated.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=goto < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double sw_grad(double x, double *d_x, int k){{$}}
// CHECK:       y = x * x;
// CHECK:       adcc_push_i(
// CHECK:       y = sin(x);
// CHECK:       adcc_push_i(
// CHECK:       y += x;
// CHECK:       adcc_push_i(
// CHECK:       /* reverse sweep */
// CHECK:       if (adcc_pop_i()) {
// CHECK:       if (adcc_pop_i()) {
// CHECK:       *d_x +=
// CHECK:       if (adcc_pop_i()) {
// CHECK:       cos(x)
// CHECK:       if (adcc_pop_i()) {
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double sw(double x, int k)
{
    double y = 0;
    switch (k) {
    case 0:
        y = x * x;
        break;
    case 1:
        y = sin(x);
        /* fall through */
    case 2:
        y += x;
        break;
    default:
        y = 1;
    }
    return y;
}
