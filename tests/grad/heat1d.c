// RUN: %gradcheck %s %t
// Explicit 1-D heat equation with a cubic sink on two malloc'd buffers
// swapped by pointer each step; gradients for the initial state and kappa.
#include <adcc.h>
#include <stdlib.h>

ADCC_GRAD(u0, kappa)
double heat(const double *u0, double kappa, int n, int steps)
{
    double *u = malloc((size_t)n * sizeof *u);
    double *v = malloc((size_t)n * sizeof *v);
    if (!u || !v) {
        free(u);
        free(v);
        return 0.0;
    }
    for (int i = 0; i < n; i++)
        u[i] = u0[i];
    double r = 0.2 * kappa;
    for (int s = 0; s < steps; s++) {
        v[0] = u[0] + r * (u[1] - u[0]);
        for (int i = 1; i < n - 1; i++)
            v[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.01 * u[i] * u[i] * u[i];
        v[n - 1] = u[n - 1] + r * (u[n - 2] - u[n - 1]);
        double *t = u;
        u = v;
        v = t;
    }
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i] * (1.0 + 0.1 * i);
    free(u);
    free(v);
    return e;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12
#define STEPS 31

double heat_grad(const double *u0, double *d_u0, double kappa, double *d_kappa, int n,
                 int steps);

/* p = u0[0..N), kappa. */
static double eval(const double *p, int np)
{
    (void)np;
    return heat(p, p[N], N, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(58);
    for (int t = 0; t < 5; t++) {
        double p[N + 1], g[N + 1] = {0.0};
        gc_fill(&rng, p, N, -2.0, 2.0);
        p[N] = gc_uniform(&rng, 0.5, 2.0);
        double v = heat_grad(p, g, p[N], &g[N], N, STEPS);
        double want = heat(p, p[N], N, STEPS);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("heat", eval, p, N + 1, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("heat1d");
}
#endif
