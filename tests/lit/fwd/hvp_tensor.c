// f_hvp of a tensor model: f_grad differentiated in forward mode, where
// each pullback f_grad calls is replaced by its own forward rule
// (<op>_pb_pf, declared in adt.h with ADCC_PUSHFORWARD on the pullback).
// Each adjoint tensor f_grad makes with adt_zeros_like gets a tangent made
// the same way (a tensor the rules accumulate H v into, not NULL); the
// tensors f_grad keeps on the tape across the loop are pushed each with
// its tangent and popped back in the mirror order; every tangent is
// released beside its primal.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>

// CHECK-LABEL: {{^}}double f_hvp(adt_tensor *w, adt_tensor *v_w, adt_tensor *d_w, adt_tensor *hv_w, const adt_tensor *x, int layers){{$}}
// CHECK-NEXT:  {{^}}{
// CHECK-NEXT:  adt_tensor *v_h = NULL;
// CHECK-NEXT:  adt_tensor *h = adt_tanh_pf(w, v_w, &v_h);
// CHECK-NEXT:  adt_tensor *d_h = adt_zeros_like(h);
// CHECK-NEXT:  adt_tensor *hv_h = adt_zeros_like(d_h);
// CHECK-NEXT:  for (int l = 0; l < layers; l++) {
// CHECK-NEXT:  adt_tensor *v_next = NULL;
// CHECK-NEXT:  adt_tensor *next = adt_mul_pf(h, v_h, w, v_w, &v_next);
// CHECK-NEXT:  adt_tensor *d_next = adt_zeros_like(next);
// CHECK-NEXT:  adt_tensor *hv_next = adt_zeros_like(d_next);
// CHECK-NEXT:  adcc_push_p(h);
// CHECK-NEXT:  adcc_push_p(v_h);
// CHECK-NEXT:  adcc_push_p(d_h);
// CHECK-NEXT:  adcc_push_p(hv_h);
// CHECK-NEXT:  v_h = v_next;
// CHECK-NEXT:  h = next;
// CHECK-NEXT:  hv_h = hv_next;
// CHECK-NEXT:  d_h = d_next;
// CHECK-NEXT:  adcc_push_p(next);
// CHECK-NEXT:  adcc_push_p(v_next);
// CHECK-NEXT:  adcc_push_p(d_next);
// CHECK-NEXT:  adcc_push_p(hv_next);
// CHECK-NEXT:  }
// CHECK-NEXT:  double adcc_tn1 = 0.0;
// CHECK-NEXT:  double s = adt_mse_loss_pf(h, v_h, x, NULL, &adcc_tn1);
// CHECK-NEXT:  double adcc_result = s;
// CHECK-NEXT:  /* reverse sweep */
// CHECK-NEXT:  double d_s = 0.0;
// CHECK-NEXT:  d_s += 1.0;
// CHECK-NEXT:  double adcc_a2 = d_s;
// CHECK-NEXT:  d_s = 0.0;
// CHECK-NEXT:  adt_mse_loss_pb_pf(h, v_h, d_h, hv_h, x, NULL, NULL, NULL, adcc_a2, 0.0);
// CHECK-NEXT:  int adcc_end1 = layers > 0 ? layers : 0;
// CHECK-NEXT:  for (int l = adcc_end1 - 1; l >= 0; l--) {
// CHECK-NEXT:  adt_tensor *v_next = NULL;
// CHECK-NEXT:  adt_tensor *next;
// CHECK-NEXT:  adt_tensor *hv_next = NULL;
// CHECK-NEXT:  adt_tensor *d_next;
// CHECK-NEXT:  hv_next = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  d_next = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  v_next = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  next = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  hv_h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  d_h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  v_h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  h = (adt_tensor *)adcc_pop_p();
// CHECK-NEXT:  adt_mul_pb_pf(h, v_h, d_h, hv_h, w, v_w, d_w, hv_w, d_next, hv_next);
// CHECK-NEXT:  adt_free(d_next);
// CHECK-NEXT:  adt_free(hv_next);
// CHECK-NEXT:  adt_free(next);
// CHECK-NEXT:  adt_free(v_next);
// CHECK-NEXT:  }
// CHECK-NEXT:  adt_tanh_pb_pf(w, v_w, d_w, hv_w, d_h, hv_h);
// CHECK-NEXT:  adt_free(d_h);
// CHECK-NEXT:  adt_free(hv_h);
// CHECK-NEXT:  adt_free(h);
// CHECK-NEXT:  adt_free(v_h);
// CHECK-NEXT:  return adcc_result;
// CHECK-NEXT:  {{^}}}
ADCC_HVP(w)
double f(adt_tensor *w, const adt_tensor *x, int layers)
{
    adt_tensor *h = adt_tanh(w);
    for (int l = 0; l < layers; l++) {
        adt_tensor *next = adt_mul(h, w);
        adt_free(h);
        h = next;
    }
    double s = adt_mse_loss(h, x);
    adt_free(h);
    return s;
}
