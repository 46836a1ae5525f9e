// RUN: %gradcheck %s %t
// math.h hyperbolic and special functions: tanh sinh cosh hypot erf, with
// active and constant arguments.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double hyp(double x, double y)
{
    double a = tanh(x * y) + sinh(0.5 * x) * cosh(y);
    double b = hypot(x, y + 2.0) + hypot(3.0, x) + hypot(y, 1.0);
    double c = erf(x - 0.3 * y) + erf(0.5);
    return a * b + c * c;
}

#ifndef __ADCC__
#include "gradcheck.h"

double hyp_grad(double x, double *d_x, double y, double *d_y);
double hyp_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double hyp_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
               double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return hyp(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = hyp_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, hyp(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    hyp_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    hyp_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(6);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -1.5, 1.5);
        double v = hyp_grad(p[0], &g[0], p[1], &g[1]);
        double want = hyp(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("hyp", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("hyp", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("hyp", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("math_hyp");
}
#endif
