// A function of the file that takes and returns tensors is inlined into
// the model: its parameters become locals set from the arguments, names the
// model already uses get a suffix, and its return value initialises the
// call's destination.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>

static adt_tensor *layer(const adt_tensor *x, adt_tensor *w)
{
    adt_tensor *h = adt_matmul(x, w);
    return h;
}

// CHECK-LABEL: {{^}}double f_grad(adt_tensor *w, adt_tensor *d_w, const adt_tensor *x){{$}}
// CHECK:       /* inlined layer */
// CHECK-NEXT:  const adt_tensor *x_2 = x;
// CHECK-NEXT:  adt_tensor *w_2 = w;
// CHECK-NEXT:  adt_tensor *d_w_2 = d_w;
// CHECK:       adt_tensor *h_2 = adt_matmul(x_2, w_2);
// CHECK-NEXT:  adt_tensor *d_h_2 = adt_zeros_like(h_2);
// CHECK:       adt_tensor *h = {{.*}};
// CHECK:       /* reverse sweep */
// CHECK:       adt_matmul_pb(x_2, NULL, w_2, d_w_2, d_h_2);
// CHECK-NEXT:  adt_free(d_h_2);
// CHECK-NEXT:  adt_free(h_2);
ADCC_GRAD(w)
double f(adt_tensor *w, const adt_tensor *x)
{
    adt_tensor *h = layer(x, w);
    double s = adt_sum_all(h);
    adt_free(h);
    return s;
}
