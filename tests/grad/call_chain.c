// RUN: %gradcheck %s %t
// A call chain three deep (chain -> level1 -> level2 -> level3) sharing
// pointer arguments, one level called on offset pointers (x + 1, t + 1).
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

static void level3(const double *x, double *t, int i)
{
    t[i] = t[i] * x[i] + sin(x[i + 1] * t[i]);
}

static double level2(const double *x, double *t, int n)
{
    for (int i = 0; i < n - 1; i++)
        level3(x, t, i);
    return t[n - 1] * t[0];
}

static double level1(const double *x, double *t, int n)
{
    for (int i = 0; i < n; i++)
        t[i] = 0.5 * x[i];
    double r = level2(x, t, n);
    r += level2(x + 1, t + 1, n - 1);
    return r;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double chain(const double *x, int n)
{
    double t[16];
    double r = level1(x, t, n);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += t[i] * t[i];
    return r + s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double chain_grad(const double *x, double *d_x, int n);
double chain_jvp(const double *x, const double *t_x, int n, double *t_ret);
double chain_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return chain(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = chain_jvp(p, tp, np, &t);
    gc_check_close(v, chain(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    chain_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    chain_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(37);
    for (int n = 2; n <= 16; n += 2) {
        double x[16], g[16] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = chain_grad(x, g, n);
        double want = chain(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("chain", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[16], u[16];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("chain", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("chain", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("call_chain");
}
#endif
