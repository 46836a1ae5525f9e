// while loops: the forward sweep counts the iterations and pushes the count
// once after the loop; the reverse sweep pops it and runs that many
// iterations. The integer counter k gets no adjoint.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_k < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double wpow_grad(double x, double *d_x, int n){{$}}
// CHECK:       int [[N:adcc_[a-z]+[0-9]+]] = 0;
// CHECK-NEXT:  while (k < n) {
// CHECK:       [[N]]++;
// CHECK-NEXT:  }
// CHECK-NEXT:  adcc_push_i([[N]]);
// CHECK:       /* reverse sweep */
// CHECK:       for (int [[R:adcc_[a-z]+[0-9]+]] = adcc_pop_i(); [[R]] > 0; [[R]]--) {
// CHECK:       *d_x +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double wpow(double x, int n)
{
    double s = x;
    int k = 0;
    while (k < n) {
        s = s * x;
        k++;
    }
    return s;
}
