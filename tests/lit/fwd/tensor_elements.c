// Forward mode of C loops over tensor elements (ADCC_ELEMENTS, adt.h): the
// element pointer of a tensor, adt_f64(t), gets beside it the matching
// pointer into t's tangent tensor from the adjoint accessor,
// adt_f64_adjoint(t, t_t), for a parameter, for a tensor a forward rule made
// (whose tangent the rule stored) and for a fresh tensor the model writes
// (whose tangent starts as zeros, adt_zeros_like). The loop computes the
// elements' tangents through those pointers before the primal statements,
// and the written tensor's tangent goes on to the next rule.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>
#include <math.h>

// CHECK-LABEL: {{^}}double model_jvp(adt_tensor *w, adt_tensor *t_w, double a, double t_a, int n, double *t_ret){{$}}
// CHECK-NEXT:  {{^}}{
// CHECK-NEXT:  const double *x = adt_f64(w);
// CHECK-NEXT:  const double *t_x = adt_f64_adjoint(w, t_w);
// CHECK-NEXT:  adt_tensor *t_h = NULL;
// CHECK-NEXT:  adt_tensor *h = adt_tanh_pf(w, t_w, &t_h);
// CHECK-NEXT:  const double *p = adt_f64(h);
// CHECK-NEXT:  const double *t_p = adt_f64_adjoint(h, t_h);
// CHECK:       adt_tensor *out = adt_zeros(
// CHECK-NEXT:  adt_tensor *t_out = adt_zeros_like(out);
// CHECK-NEXT:  double *o = adt_f64(out);
// CHECK-NEXT:  double *t_o = adt_f64_adjoint(out, t_out);
// CHECK-NEXT:  double t_s = 0.0;
// CHECK-NEXT:  double s = 0.0;
// CHECK-NEXT:  for (int i = 0; i < n; i++) {
// CHECK-NEXT:      t_s += 2.0 * p[i] * t_p[i];
// CHECK-NEXT:      s += p[i] * p[i];
// CHECK-NEXT:      t_o[i] = cos(p[i] * a) * (t_p[i] * a + p[i] * t_a) * s + sin(p[i] * a) * t_s + t_x[i];
// CHECK-NEXT:      o[i] = sin(p[i] * a) * s + x[i];
// CHECK-NEXT:  }
// CHECK-NEXT:  adt_tensor *t_e = NULL;
// CHECK-NEXT:  adt_tensor *e = adt_exp_pf(out, t_out, &t_e);
// CHECK:       adt_free(h);
// CHECK-NEXT:  adt_free(t_h);
// CHECK-NEXT:  adt_free(out);
// CHECK-NEXT:  adt_free(t_out);
// CHECK-NEXT:  adt_free(e);
// CHECK-NEXT:  adt_free(t_e);
// CHECK-NEXT:  *t_ret = t_r;
// CHECK-NEXT:  return r;
ADCC_JVP(w, a)
double model(adt_tensor *w, double a, int n)
{
    const double *x = adt_f64(w);
    adt_tensor *h = adt_tanh(w);
    const double *p = adt_f64(h);
    adt_tensor *out = adt_zeros(ADT_F64, 1, (int64_t[]){n});
    double *o = adt_f64(out);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += p[i] * p[i];
        o[i] = sin(p[i] * a) * s + x[i];
    }
    adt_tensor *e = adt_exp(out);
    double r = adt_mean_all(e) + s * a;
    adt_free(h);
    adt_free(out);
    adt_free(e);
    return r;
}
