// RUN: %gradcheck %s %t
// Found by tests/random (gen 192: s0 = rec1(...), s0 an active parameter): a
// call's result assigned to an active scalar parameter. f_grad saves the
// parameter's old value before the call (adcc_push_d(s) and then the
// helper's own saves) but restores it before the helper's reverse sweep, so
// each pops the other's entries: the helper's sweep gets wrong values (and,
// with recursion, wrong control flow and a tape underflow).
#include <adcc.h>
#include <math.h>

static double iterate(double u, int m)
{
    for (int i = 0; i < m; i++)
        u = sin(u) + 0.5 * u;
    return u;
}

ADCC_GRAD(x, s)
ADCC_JVP(x, s)
ADCC_HVP(x, s)
double model(const double *x, double s)
{
    s = iterate(x[1], 3);
    return s * x[0];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3

double model_grad(const double *x, double *d_x, double s, double *d_s);
double model_jvp(const double *x, const double *t_x, double s, double t_s, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double s, double v_s, double *d_s,
                 double *hv_s);

/* p = x[0..2), s */

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[2]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, p[2], tp[2], &t);
    gc_check_close(r, model(p, p[2]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g, p[2], g + 2);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv, p[2], v[2], g + 2, hv + 2);
}

int main(void)
{
    GcRng rng = gc_seed(192);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        eval_grad(p, N, g);
        double want = model(p, p[2]);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_param_call_assign");
}
#endif
