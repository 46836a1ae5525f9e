// RUN: %gradcheck %s %t
// A checkpointed explicit heat equation on two malloc'd buffers swapped by
// pointer each step (found by hand-written tests: the snapshots kept the
// buffers' contents but not which buffer each pointer held, nor which
// adjoint buffer went with it). The state names the pointers' extents;
// the pointers themselves, and their adjoint pointers, are snapshotted
// with them. Equal to the plainly taped gradient and finite differences.
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

ADCC_GRAD(u0, kappa)
double heat_ck(const double *u0, double kappa, int n, int steps)
{
    double *u = malloc((size_t)n * sizeof *u), *v = malloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        u[i] = u0[i], v[i] = 0.0;
    ADCC_CHECKPOINT_LOOP(3, u:n, v:n)
    for (int s = 0; s < steps; s++) {
        v[0] = u[0];
        v[n - 1] = u[n - 1];
        for (int i = 1; i < n - 1; i++)
            v[i] = u[i] + kappa * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.05 * sin(u[i]);
        double *t = u;
        u = v;
        v = t;
    }
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i] * (1.0 + i);
    free(u);
    free(v);
    return e;
}

ADCC_GRAD(u0, kappa)
double heat_plain(const double *u0, double kappa, int n, int steps)
{
    double *u = malloc((size_t)n * sizeof *u), *v = malloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        u[i] = u0[i], v[i] = 0.0;
    for (int s = 0; s < steps; s++) {
        v[0] = u[0];
        v[n - 1] = u[n - 1];
        for (int i = 1; i < n - 1; i++)
            v[i] = u[i] + kappa * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.05 * sin(u[i]);
        double *t = u;
        u = v;
        v = t;
    }
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i] * (1.0 + i);
    free(u);
    free(v);
    return e;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 8

double heat_ck_grad(const double *u0, double *d_u0, double kappa, double *d_kappa, int n, int steps);
double heat_plain_grad(const double *u0, double *d_u0, double kappa, double *d_kappa, int n, int steps);

static double eval(const double *p, int np)
{
    (void)np;
    return heat_plain(p, p[N], N, 13);
}

int main(void)
{
    GcRng rng = gc_seed(64);
    for (int t = 0; t < 3; t++) {
        double p[N + 1];
        gc_fill(&rng, p, N, -1.0, 1.0);
        p[N] = gc_uniform(&rng, 0.1, 0.3);
        for (int steps = 0; steps <= 13; steps++) {
            double a[N + 1] = {0}, b[N + 1] = {0};
            double ra = heat_ck_grad(p, a, p[N], &a[N], N, steps);
            double rb = heat_plain_grad(p, b, p[N], &b[N], N, steps);
            gc_check_close(ra, rb, GC_PRIMAL_RTOL, 0.0);
            gc_check_array(a, b, N + 1, 1e-12, 0.0);
        }
        double g[N + 1] = {0};
        heat_ck_grad(p, g, p[N], &g[N], N, 13);
        gc_check_grad("heat_ck", eval, p, N + 1, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("checkpoint_swap");
}
#endif
