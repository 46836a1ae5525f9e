// RUN: %gradcheck %s %t
// if / else if / else chains on active values, a block branch with two
// statements, and a saturating if that rewrites the result. Forward mode and
// Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double piecewise(double x, double y)
{
    double r;
    if (x < -1.0)
        r = x * y;
    else if (x < 0.0)
        r = sin(x) + y * y;
    else if (x * y > 0.5) {
        r = exp(0.2 * x);
        r *= y;
    } else
        r = x - y;
    if (y > 0.0)
        r += y;
    else {
        r -= x * x;
    }
    if (r > 10.0)
        r = 10.0 + log(r - 9.0);
    return r;
}

#ifndef __ADCC__
#include "gradcheck.h"

double piecewise_grad(double x, double *d_x, double y, double *d_y);
double piecewise_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double piecewise_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
                     double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return piecewise(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = piecewise_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, piecewise(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    piecewise_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    piecewise_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    /* Each pair takes a different path; every test is at least 0.3 from its
     * switch point (x = 8, y = 3 and x = -0.5, y = 3 saturate). */
    static const double xs[5] = {-1.5, -0.5, 0.4, 1.2, 8.0};
    static const double ys[3] = {-0.7, 0.8, 3.0};
    GcRng rng = gc_seed(31);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++) {
                double p[2], g[2] = {0.0, 0.0};
                p[0] = xs[i] + gc_uniform(&rng, -0.05, 0.05);
                p[1] = ys[j] + gc_uniform(&rng, -0.05, 0.05);
                double v = piecewise_grad(p[0], &g[0], p[1], &g[1]);
                double want = piecewise(p[0], p[1]);
                gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
                gc_check_grad("piecewise", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
                double tp[2], u[2];
                gc_fill_dir(&rng, tp, 2);
                gc_fill_dir(&rng, u, 2);
                gc_check_jvp("piecewise", eval, eval_jvp, p, tp, 2, g, GC_RTOL,
                             GC_ATOL * gc_scale(want));
                gc_check_hvp("piecewise", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                             GC_ATOL * gc_scale(want));
            }
    return gc_report("if_chain");
}
#endif
