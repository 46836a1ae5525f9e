// Integer code beside floating code: integer parameters, index arrays,
// integer locals and loop counters get no d_ variable, and integer values
// the reverse sweep needs (j, an index) are recomputed or restored, never
// differentiated.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_idx --implicit-check-not=d_j --implicit-check-not=d_cnt --implicit-check-not=d_i --implicit-check-not=d_n --implicit-check-not=adcc_push_d < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double gather_grad(const double *x, double *d_x, const int *idx, int n){{$}}
// CHECK:       int j = idx[i] % 4;
// CHECK:       d_x[idx[i]] +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double gather(const double *x, const int *idx, int n)
{
    double s = 0;
    int cnt = 0;
    for (int i = 0; i < n; i++) {
        int j = idx[i] % 4;
        s += (j + 1) * x[idx[i]];
        cnt += j;
    }
    return s + cnt;
}
