// RUN: %gradcheck %s %t
// A fixed-point iteration run until converged (y = b + a cos y, |a| < 0.6);
// checked against the implicit-function derivative too. Forward mode and
// Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a, b)
ADCC_JVP(a, b)
ADCC_HVP(a, b)
double fixed_point(double a, double b)
{
    double y = b;
    double diff = 1.0;
    int it = 0;
    while (diff > 1e-14 && it < 500) {
        double ynew = b + a * cos(y);
        diff = fabs(ynew - y);
        y = ynew;
        it++;
    }
    return y * y + a;
}

#ifndef __ADCC__
#include "gradcheck.h"

double fixed_point_grad(double a, double *d_a, double b, double *d_b);
double fixed_point_jvp(double a, double t_a, double b, double t_b, double *t_ret);
double fixed_point_hvp(double a, double v_a, double *d_a, double *hv_a, double b, double v_b, double *d_b,
                       double *hv_b);

static double eval(const double *p, int np)
{
    (void)np;
    return fixed_point(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = fixed_point_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, fixed_point(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    fixed_point_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    fixed_point_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(28);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -0.6, 0.6);
        p[1] = gc_uniform(&rng, -2.0, 2.0);
        double v = fixed_point_grad(p[0], &g[0], p[1], &g[1]);
        double want = fixed_point(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("fixed_point", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("fixed_point", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("fixed_point", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
        double y = p[1];
        for (int k = 0; k < 200; k++)
            y = p[1] + p[0] * cos(y);
        double den = 1.0 + p[0] * sin(y);
        gc_check_close(g[0], 2.0 * y * cos(y) / den + 1.0, 1e-8, 1e-10);
        gc_check_close(g[1], 2.0 * y / den, 1e-8, 1e-10);
    }
    return gc_report("fixed_point");
}
#endif
