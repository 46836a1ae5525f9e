// RUN: %gradcheck %s %t
// An annotated function calling another annotated (non-static) function,
// once on x and once on x + 1; both gradients are checked.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double energy(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += d * d + 0.1 * cos(x[i]);
    }
    return e;
}

ADCC_GRAD(x, s)
double scaled_energy(const double *x, double s, int n)
{
    return s * energy(x, n) + s * s * energy(x + 1, n - 1);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

double energy_grad(const double *x, double *d_x, int n);
double scaled_energy_grad(const double *x, double *d_x, double s, double *d_s, int n);

static double eval_energy(const double *p, int np)
{
    return energy(p, np);
}

/* p = x[0..N), s. */
static double eval_scaled(const double *p, int np)
{
    (void)np;
    return scaled_energy(p, p[N], N);
}

int main(void)
{
    GcRng rng = gc_seed(38);
    for (int t = 0; t < 6; t++) {
        double p[N + 1], g[N + 1] = {0.0}, ge[N] = {0.0};
        gc_fill(&rng, p, N + 1, -1.5, 1.5);
        double v = energy_grad(p, ge, N);
        double want = energy(p, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("energy", eval_energy, p, N, ge, GC_RTOL, GC_ATOL * gc_scale(want));
        v = scaled_energy_grad(p, g, p[N], &g[N], N);
        want = scaled_energy(p, p[N], N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("scaled_energy", eval_scaled, p, N + 1, g, GC_RTOL,
                      GC_ATOL * gc_scale(want));
    }
    return gc_report("call_annotated");
}
#endif
