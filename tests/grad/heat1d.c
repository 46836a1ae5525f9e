// RUN: %gradcheck %s %t
// Explicit 1-D heat equation with a cubic sink on two malloc'd buffers
// swapped by pointer each step; gradients for the initial state and kappa.
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <stdlib.h>

ADCC_GRAD(u0, kappa)
ADCC_JVP(u0, kappa)
ADCC_HVP(u0, kappa)
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
double heat_jvp(const double *u0, const double *t_u0, double kappa, double t_kappa, int n, int steps,
                double *t_ret);
double heat_hvp(const double *u0, const double *v_u0, double *d_u0, double *hv_u0, double kappa,
                double v_kappa, double *d_kappa, double *hv_kappa, int n, int steps);

/* p = u0[0..N), kappa. */
static double eval(const double *p, int np)
{
    (void)np;
    return heat(p, p[N], N, STEPS);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = heat_jvp(p, tp, p[N], tp[N], N, STEPS, &t);
    gc_check_close(v, heat(p, p[N], N, STEPS), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    heat_grad(p, g, p[N], &g[N], N, STEPS);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    heat_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N, STEPS);
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
        double tp[N + 1], u[N + 1];
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        gc_check_jvp("heat", eval, eval_jvp, p, tp, N + 1, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("heat", eval_grad, eval_hvp, p, tp, u, N + 1, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("heat1d");
}
#endif
