// A tensor model: every op is a runtime call with an ADCC_PULLBACK rule
// (adt.h). Each tensor the model creates gets a zeroed adjoint beside it
// (adt_zeros_like); the reverse sweep calls the rules in reverse order with
// NULL for inputs that carry no derivative (x, labels), then releases each
// tensor and its adjoint. Nested calls become named temporaries that are
// released too, and the user's adt_free calls leave the forward sweep.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>

// CHECK-LABEL: {{^}}double mlp_loss_grad(adt_tensor *w1, adt_tensor *d_w1, adt_tensor *b1, adt_tensor *d_b1, adt_tensor *w2, adt_tensor *d_w2, adt_tensor *b2, adt_tensor *d_b2, const adt_tensor *x, const adt_tensor *labels){{$}}
// CHECK-NEXT:  {{^}}{
// CHECK-NEXT:  adt_tensor *adcc_t1 = adt_linear(x, w1, b1);
// CHECK-NEXT:  adt_tensor *d_adcc_t1 = adt_zeros_like(adcc_t1);
// CHECK-NEXT:  adt_tensor *h = adt_relu(adcc_t1);
// CHECK-NEXT:  adt_tensor *d_h = adt_zeros_like(h);
// CHECK-NEXT:  adt_tensor *logits = adt_linear(h, w2, b2);
// CHECK-NEXT:  adt_tensor *d_logits = adt_zeros_like(logits);
// CHECK-NEXT:  double loss = adt_cross_entropy(logits, labels);
// CHECK-NOT:   adt_free
// CHECK:       /* reverse sweep */
// CHECK:       adt_cross_entropy_pb(logits, d_logits, labels, NULL, [[SEED:adcc_a[0-9]+]]);
// CHECK-NEXT:  adt_linear_pb(h, d_h, w2, d_w2, b2, d_b2, d_logits);
// CHECK-NEXT:  adt_free(d_logits);
// CHECK-NEXT:  adt_free(logits);
// CHECK-NEXT:  adt_relu_pb(adcc_t1, d_adcc_t1, d_h);
// CHECK-NEXT:  adt_free(d_h);
// CHECK-NEXT:  adt_free(h);
// CHECK-NEXT:  adt_linear_pb(x, NULL, w1, d_w1, b1, d_b1, d_adcc_t1);
// CHECK-NEXT:  adt_free(d_adcc_t1);
// CHECK-NEXT:  adt_free(adcc_t1);
// CHECK-NEXT:  return adcc_result;
ADCC_GRAD(w1, b1, w2, b2)
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2,
                const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor *h = adt_relu(adt_linear(x, w1, b1));
    adt_tensor *logits = adt_linear(h, w2, b2);
    double loss = adt_cross_entropy(logits, labels);
    adt_free(h);
    adt_free(logits);
    return loss;
}
