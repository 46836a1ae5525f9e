// Forward mode of a tensor model: every op is a runtime call with an
// ADCC_PUSHFORWARD rule (adt.h, <op>_pf). Each active tensor parameter w is
// followed by its tangent t_w (const kept: a const adt_tensor * gets a
// const tangent), and the double result adds a final double *t_ret. Each
// tensor the model makes gets a tangent t_ declared NULL just before the
// rule call that stores it; inputs that carry no derivative (x, labels)
// get NULL tangents; each tangent is released right after the model
// releases its primal, and the primal value is returned.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=adt_zeros_like < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>

// CHECK-LABEL: {{^}}double mlp_loss_jvp(adt_tensor *w1, adt_tensor *t_w1, adt_tensor *b1, adt_tensor *t_b1, adt_tensor *w2, adt_tensor *t_w2, const adt_tensor *b2, const adt_tensor *t_b2, const adt_tensor *x, const adt_tensor *labels, double *t_ret){{$}}
// CHECK-NEXT:  {{^}}{
// CHECK-NEXT:  adt_tensor *t_z = NULL;
// CHECK-NEXT:  adt_tensor *z = adt_linear_pf(x, NULL, w1, t_w1, b1, t_b1, &t_z);
// CHECK-NEXT:  adt_tensor *t_h = NULL;
// CHECK-NEXT:  adt_tensor *h = adt_relu_pf(z, t_z, &t_h);
// CHECK-NEXT:  adt_free(z);
// CHECK-NEXT:  adt_free(t_z);
// CHECK-NEXT:  adt_tensor *t_logits = NULL;
// CHECK-NEXT:  adt_tensor *logits = adt_linear_pf(h, t_h, w2, t_w2, b2, t_b2, &t_logits);
// CHECK-NEXT:  adt_free(h);
// CHECK-NEXT:  adt_free(t_h);
// CHECK-NEXT:  double t_loss = 0.0;
// CHECK-NEXT:  double loss = adt_cross_entropy_pf(logits, t_logits, labels, NULL, &t_loss);
// CHECK-NEXT:  adt_free(logits);
// CHECK-NEXT:  adt_free(t_logits);
// CHECK-NEXT:  *t_ret = t_loss;
// CHECK-NEXT:  return loss;
// CHECK-NEXT:  {{^}}}
ADCC_JVP(w1, b1, w2, b2)
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, const adt_tensor *b2,
                const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor *z = adt_linear(x, w1, b1);
    adt_tensor *h = adt_relu(z);
    adt_free(z);
    adt_tensor *logits = adt_linear(h, w2, b2);
    adt_free(h);
    double loss = adt_cross_entropy(logits, labels);
    adt_free(logits);
    return loss;
}
