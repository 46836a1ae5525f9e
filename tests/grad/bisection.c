// RUN: %gradcheck %s %t
// Bisection on an active function (root of t^3 + a t - b, bracket [0, 1+b])
// polished by two Newton steps; checked against the implicit derivative.
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>

static double g(double t, double a, double b)
{
    return t * t * t + a * t - b;
}

ADCC_GRAD(a, b)
ADCC_JVP(a, b)
ADCC_HVP(a, b)
double cubic_root(double a, double b)
{
    double lo = 0.0, hi = 1.0 + b;
    while (hi - lo > 1e-9) {
        double mid = 0.5 * (lo + hi);
        if (g(mid, a, b) > 0.0)
            hi = mid;
        else
            lo = mid;
    }
    double t = 0.5 * (lo + hi);
    for (int k = 0; k < 2; k++)
        t -= g(t, a, b) / (3.0 * t * t + a);
    return t;
}

#ifndef __ADCC__
#include "gradcheck.h"

double cubic_root_grad(double a, double *d_a, double b, double *d_b);
double cubic_root_jvp(double a, double t_a, double b, double t_b, double *t_ret);
double cubic_root_hvp(double a, double v_a, double *d_a, double *hv_a, double b, double v_b, double *d_b,
                      double *hv_b);

static double eval(const double *p, int np)
{
    (void)np;
    return cubic_root(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = cubic_root_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, cubic_root(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    cubic_root_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    cubic_root_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(27);
    for (int t = 0; t < 10; t++) {
        double p[2], gr[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, 0.5, 2.0);
        p[1] = gc_uniform(&rng, 0.5, 3.0);
        double v = cubic_root_grad(p[0], &gr[0], p[1], &gr[1]);
        double want = cubic_root(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("cubic_root", eval, p, 2, gr, GC_RTOL, GC_ATOL);
        double dg = 3.0 * v * v + p[0];
        gc_check_close(gr[0], -v / dg, 1e-8, 1e-12);
        gc_check_close(gr[1], 1.0 / dg, 1e-8, 1e-12);
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("cubic_root", eval, eval_jvp, p, tp, 2, gr, GC_RTOL, GC_ATOL);
        gc_check_hvp("cubic_root", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL);
    }
    return gc_report("bisection");
}
#endif
