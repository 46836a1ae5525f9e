// A helper call that fills a local scratch array from values that do not
// change (xc = x - mu_k, as in the GMM benchmark) is made again when the
// reverse sweep enters the loop body, so the helper's sweeps neither save
// nor restore the array. qtimesx-like helpers that read their output keep
// their saves; an inactive helper that overwrites an array the reverse
// sweep reads gets sweeps that save and restore it. Each of these saves
// covers a whole loop's range: one push before the loop, one pop after the
// reversed loop (and no reversed loop when restoring was all it did).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

static void diff(int n, const double *a, const double *b, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = a[i] - b[i];
}

static void cumsum(int n, const double *v, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = v[i];
    for (int i = 1; i < n; i++)
        out[i] += out[i - 1];
}

static double sq(int n, const double *v)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

static void shift(int k, double *out)
{
    for (int i = 0; i < 4; i++)
        out[i] = k + i;
    out[3] += out[0];
}

// CHECK-LABEL: {{^}}static void diff_fwd(int n, const double *a, const double *b, double *d_b, double *out, double *d_out){{$}}
// CHECK-NOT:   adcc_push
// CHECK:       {{^}}}
// CHECK-LABEL: {{^}}static void diff_rev(int n, const double *a, const double *b, double *d_b, double *out, double *d_out){{$}}
// CHECK-NOT:   adcc_pop
// CHECK:       {{^}}}
// CHECK-LABEL: {{^}}static void cumsum_fwd(
// CHECK:       adcc_push_array_d(out, n > 0 ? n : 0);
// CHECK-LABEL: {{^}}static void shift_fwd(int k, double *out){{$}}
// CHECK:       adcc_push_array_d(out, 4);
// CHECK-LABEL: {{^}}static void shift_rev(int k, double *out){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:  (void)k;
// CHECK-NEXT:  adcc_pop_array_d(out, 4);
// CHECK-NEXT:  }
// CHECK-LABEL: {{^}}static void expfill_fwd(
// CHECK:       adcc_push_array_d(out, n > 0 ? n : 0);
// CHECK-LABEL: {{^}}double model_grad(
// CHECK:       diff_fwd(4, x, &mu[k * 4], &d_mu[k * 4], xc, d_xc);
// CHECK:       cumsum_fwd(4, xc, d_xc, z, d_z);
// CHECK:       shift_fwd(k, t);
// CHECK:       /* reverse sweep */
// CHECK:       for (int k = {{.*}}; k >= 0; k--) {
// CHECK:       diff(4, x, &mu[k * 4], xc);
// CHECK:       shift_rev(k, t);
// CHECK:       cumsum_rev(4, xc, d_xc, z, d_z);
// CHECK:       diff_rev(4, x, &mu[k * 4], &d_mu[k * 4], xc, d_xc);
ADCC_GRAD(mu)
double model(const double *x, const double *mu, int n)
{
    double xc[4], z[4], t[4];
    double s = 0.0;
    for (int k = 0; k < n; k++) {
        diff(4, x, &mu[k * 4], xc);
        cumsum(4, xc, z);
        shift(k, t);
        s += exp(-sq(4, z)) * xc[1] * t[3];
    }
    return log(s);
}

// A helper that calls exp per element costs more to run again than its
// output costs to tape: its forward sweep keeps the saves. An array the
// reverse sweep never reads (only added into y) is neither saved nor filled
// again.
static void expfill(int n, const double *a, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = exp(a[i]);
}

static void ramp(int k, double *out)
{
    for (int i = 0; i < 4; i++)
        out[i] = 0.5 * k + i;
}

// CHECK-LABEL: {{^}}double model2_grad(
// CHECK:       expfill_fwd(4, &x[k * 4], &d_x[k * 4], e, d_e);
// CHECK:       ramp(k, t);
// CHECK:       /* reverse sweep */
// CHECK-NOT:   ramp
// CHECK:       expfill_rev(4, &x[k * 4], &d_x[k * 4], e, d_e);
// CHECK-NOT:   ramp
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double model2(const double *x, int n)
{
    double e[4], t[4];
    double y = 0.0;
    for (int k = 0; k < n; k++) {
        expfill(4, &x[k * 4], e);
        ramp(k, t);
        y += e[0] * e[3] + t[2];
    }
    return log(y);
}
