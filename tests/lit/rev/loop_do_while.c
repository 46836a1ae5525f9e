// do-while loops: like while, the trip count is counted, pushed once after
// the loop and popped by the reverse sweep, which replays that many
// iterations.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_k < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double dosin_grad(double x, double *d_x, int k){{$}}
// CHECK:       int [[N:adcc_[a-z]+[0-9]+]] = 0;
// CHECK-NEXT:  do {
// CHECK:       [[N]]++;
// CHECK-NEXT:  } while (k > 0);
// CHECK-NEXT:  adcc_push_i([[N]]);
// CHECK:       /* reverse sweep */
// CHECK:       for (int [[R:adcc_[a-z]+[0-9]+]] = adcc_pop_i(); [[R]] > 0; [[R]]--) {
// CHECK:       cos(s)
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double dosin(double x, int k)
{
    double s = x;
    do {
        s = sin(s) * x;
        k--;
    } while (k > 0);
    return s;
}
