// RUN: %gradcheck %s %t
// Found by tests/random (gen 100): a helper whose loop bound reads a local
// int (int k = 1; for (i = 0; i <= k; i++)), called only in a condition.
// Its reverse sweep (h_rev, with no adjoint of the result: it only
// restores u) counts the loop's trips from the bound, k + 1, but does not
// declare k: "'k' undeclared". The same with i < k + 1.
#include <adcc.h>
#include <math.h>

static double h(double u, double v)
{
    int k = 1;
    for (int i = 0; i <= k; i++)
        u = 0.5 * u + 0.3 * sin(v * u);
    return u;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double s = sin(x[0]);
    if (h(x[0], x[1]) > -10.0)
        s = s * x[1];
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2

double model_grad(const double *x, double *d_x);
double model_jvp(const double *x, const double *t_x, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, &t);
    gc_check_close(r, model(p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(100);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        memset(g, 0, sizeof g);
        double r = model_grad(p, g);
        double want = model(p);
        gc_check_close(r, want, GC_PRIMAL_RTOL, 0.0);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_restore_only_loop_bound");
}
#endif
