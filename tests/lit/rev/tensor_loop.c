// A tensor variable reassigned in a loop: the old tensor and its adjoint go
// on the tape; the reverse sweep keeps the new pair in temporaries while it
// pops the old one, calls the rule with the new adjoint as seed, then
// releases the new pair. Tensors local to the body are pushed at its end.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>

// CHECK-LABEL: {{^}}double deep_grad(adt_tensor *w, adt_tensor *d_w, const adt_tensor *x, int layers){{$}}
// CHECK:       for (int l = 1; l < layers; l++) {
// CHECK-NEXT:      adt_tensor *z = adt_matmul(h, w);
// CHECK-NEXT:      adt_tensor *d_z = adt_zeros_like(z);
// CHECK-NEXT:      adcc_push_p(h);
// CHECK-NEXT:      adcc_push_p(d_h);
// CHECK-NEXT:      h = adt_tanh(z);
// CHECK-NEXT:      d_h = adt_zeros_like(h);
// CHECK-NEXT:      adcc_push_p(z);
// CHECK-NEXT:      adcc_push_p(d_z);
// CHECK-NEXT:  }
// CHECK:       /* reverse sweep */
// CHECK:       for (int l = adcc_end{{[0-9]+}} - 1; l >= 1; l--) {
// CHECK:           d_z = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:      z = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:      adt_tensor *[[NEW:adcc_o[0-9]+]] = h;
// CHECK-NEXT:      adt_tensor *[[NEWD:adcc_o[0-9]+]] = d_h;
// CHECK-NEXT:      d_h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:      h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:      adt_tanh_pb(z, d_z, [[NEWD]]);
// CHECK-NEXT:      adt_free([[NEWD]]);
// CHECK-NEXT:      adt_free([[NEW]]);
// CHECK-NEXT:      adt_matmul_pb(h, d_h, w, d_w, d_z);
// CHECK-NEXT:      adt_free(d_z);
// CHECK-NEXT:      adt_free(z);
// CHECK-NEXT:  }
// CHECK:       adt_matmul_pb(x, NULL, w, d_w, d_h);
// CHECK-NEXT:  adt_free(d_h);
// CHECK-NEXT:  adt_free(h);
ADCC_GRAD(w)
double deep(adt_tensor *w, const adt_tensor *x, int layers)
{
    adt_tensor *h = adt_matmul(x, w);
    for (int l = 1; l < layers; l++) {
        adt_tensor *z = adt_matmul(h, w);
        adt_free(h);
        h = adt_tanh(z);
        adt_free(z);
    }
    double s = adt_sum_all(h);
    adt_free(h);
    return s;
}
