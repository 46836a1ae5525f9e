// RUN: %gradcheck %s %t
// Found by tests/random (gen 155): f_hvp of a helper whose second argument
// only reaches its result through a local it saves (acc). The forward sweep
// of f_hvp called a specialisation that took no tangent for v
// (inner_fwd_hvp(u, v_u, v)), so the saved tangent of acc missed v's part
// and H v was wrong (f_grad and f_jvp were right; seed 155 itself showed
// "f_hvp's gradient[0] = -0.443 but f_grad gives -0.887"). The activity
// analysis of outer's forward sweep saw no use of the argument: a call's
// arguments only flowed into its result. Fixed in ad/activity.c
// (call_flows): the arguments of a callee that pushes onto adcc's tape flow
// onto it, and what a callee pops flows into its outputs.
#include <adcc.h>
#include <math.h>

static double inner(double u, double v)
{
    double acc = 0.0;
    acc += 0.25 * v;
    acc += 0.25 * -tanh(exp(u));
    return 0.5 * tanh(acc);
}

static double outer(const double *a, double u)
{
    return 0.5 * tanh(0.25 * a[0]) + 0.75 * inner(log1p(a[0] * a[0]), log1p(erf(u) * erf(u)));
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    return outer(x + 1, x[0]);
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
    GcRng rng = gc_seed(155);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        eval_grad(p, N, g);
        double want = model(p);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_hvp_arg_tangent");
}
#endif
