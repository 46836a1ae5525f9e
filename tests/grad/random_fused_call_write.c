// RUN: %gradcheck %s %t
// Found by tests/random (gen 67): a loop whose only work is a call of a
// helper that updates a local array in place. f_grad runs the loop's
// reverse iteration inside the forward one (bump_fwd, then bump_rev at
// once), as if the iterations only accumulated adjoints: bump_rev restores
// t[0], so the primal result uses the old t (f_grad's value differs from
// the model's) and the adjoint of t[0] is seeded after the reverse call.
#include <adcc.h>
#include <math.h>

static void bump(double *dst, const double *src, double u, int m)
{
    double v = cosh(u * dst[m - 1]) + src[1];
    dst[0] = 0.5 * dst[0] + 0.5 * tanh(v);
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double t[2] = {x[0], x[1]};
    for (int i = 0; i < 1; i++)
        bump(t, x, 0.3, i + 1);
    return t[0] * x[0];
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
    GcRng rng = gc_seed(67);
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
    return gc_report("random_fused_call_write");
}
#endif
