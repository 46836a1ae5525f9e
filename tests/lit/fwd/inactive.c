// Inactive values get no tangents in forward mode: integer code (count, k,
// n), a floating parameter left out of ADCC_JVP (beta, ref), floating
// locals that depend only on inactive values (scale, off), a value through
// adcc_stop_gradient (norm) and what depends only on it (frozen). The
// stopped value is computed once, without the marker; the tangent of the
// result is that of s / norm alone.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=t_count --implicit-check-not=t_k --implicit-check-not=t_n \
// RUN:   --implicit-check-not=t_beta --implicit-check-not=t_ref --implicit-check-not=t_scale \
// RUN:   --implicit-check-not=t_off --implicit-check-not=t_frozen --implicit-check-not=t_i \
// RUN:   --implicit-check-not=__adcc_stop_gradient < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

ADCC_JVP(x)
double model(const double *x, double beta, const double *ref, int n)
{
    int count = 0;
    double scale = exp(beta) + 1.0;
    double off = 0.0;
    for (int k = 0; k < n; k++) {
        off += ref[k] * scale;
        count += k % 2;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * scale - off;
    double norm = adcc_stop_gradient(sqrt(s * s + 1.0));
    double frozen = norm * beta;
    return s / norm + frozen * count;
}

// CHECK-LABEL: {{^}}double model_jvp(const double *x, const double *t_x, double beta, const double *ref, int n, double *t_ret){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      int count = 0;
// CHECK-NEXT:      double scale = exp(beta) + 1.0;
// CHECK-NEXT:      double off = 0.0;
// CHECK-NEXT:      for (int k = 0; k < n; k++) {
// CHECK-NEXT:          off += ref[k] * scale;
// CHECK-NEXT:          count += k % 2;
// CHECK-NEXT:      }
// CHECK-NEXT:      double t_s = 0.0;
// CHECK-NEXT:      double s = 0.0;
// CHECK-NEXT:      for (int i = 0; i < n; i++) {
// CHECK-NEXT:          t_s += 2.0 * x[i] * t_x[i] * scale;
// CHECK-NEXT:          s += x[i] * x[i] * scale - off;
// CHECK-NEXT:      }
// CHECK-NEXT:      double norm = {{\(?}}sqrt(s * s + 1.0){{\)?}};
// CHECK-NEXT:      double frozen = norm * beta;
// CHECK-NEXT:      *t_ret = t_s / norm;
// CHECK-NEXT:      return s / norm + frozen * count;
// CHECK-NEXT:  }
