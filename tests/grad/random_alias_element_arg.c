// RUN: %gradcheck %s %t
// Found by tests/random (gen 73: h2(t23, fmin(t23[0], ...), n)): a helper
// gets an array a and, as its scalar u, a copy of one of a's elements. The
// reverse sweep passed &d_t[1] for d_u, a cell of d_a as well (reversing
// a[1] = 2 * a[1] in the helper doubled u's adjoint too), and it passed
// t[1] for u after the helper had doubled it: f_grad was wrong in both
// components. Now u's adjoint gets a cell of its own, and t[1] is read
// once, before the call, into a temporary both sweeps pass.
// random_alias_scalar_args.c is the same aliasing with one scalar passed
// twice.
#include <adcc.h>
#include <math.h>

static void update(double *a, double u)
{
    a[1] = 2.0 * a[1];
    a[0] = a[0] * u;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double t[2] = {x[0], x[1]};
    update(t, t[1]);
    return t[0] + sin(t[1]);
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
    GcRng rng = gc_seed(73);
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
    return gc_report("random_alias_element_arg");
}
#endif
