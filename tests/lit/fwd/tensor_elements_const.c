// Element pointers of a const tensor parameter in forward mode: the tangent
// of `const adt_tensor *w` is `const adt_tensor *t_w`, while the adjoint
// accessor takes a non-const tensor (adt_f64_adjoint(const adt_tensor *,
// adt_tensor *)): the generated call must still compile without warnings
// (-Wall -Wextra -Werror), the tangent converted to the accessor's type.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adt.h>
#include <math.h>

// CHECK-LABEL: {{^}}double model_jvp(const adt_tensor *w, const adt_tensor *t_w, adt_tensor *v, adt_tensor *t_v, int n, double *t_ret){{$}}
// CHECK-NEXT:  {{^}}{
// CHECK-NEXT:  const double *p = adt_f64(w);
// CHECK-NEXT:  const double *t_p = adt_f64_adjoint(w, {{(\(adt_tensor \*\))?}}t_w);
// CHECK-NEXT:  const double *q = adt_f64(v);
// CHECK-NEXT:  const double *t_q = adt_f64_adjoint(v, t_v);
// CHECK-NEXT:  double t_s = 0.0;
// CHECK-NEXT:  double s = 0.0;
// CHECK-NEXT:  for (int i = 0; i < n; i++) {
// CHECK-NEXT:      t_s += cos(p[i]) * t_p[i] * q[i] + sin(p[i]) * t_q[i];
// CHECK-NEXT:      s += sin(p[i]) * q[i];
// CHECK-NEXT:  }
// CHECK-NEXT:  *t_ret = t_s;
// CHECK-NEXT:  return s;
ADCC_JVP(w, v)
double model(const adt_tensor *w, adt_tensor *v, int n)
{
    const double *p = adt_f64(w);
    const double *q = adt_f64(v);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sin(p[i]) * q[i];
    return s;
}
