// RUN: %gradcheck %s %t
// Scalar parameters reassigned inside the function (x = x * x, y = ...,
// updated in a loop, x += 1) and an int parameter reassigned too. Forward
// mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double reassign(double x, double y, int n)
{
    x = x * x;
    y = sin(y) + x;
    for (int i = 0; i < n; i++) {
        x = 0.5 * x + y;
        y = y * 0.9 - 0.1 * x;
    }
    x += 1.0;
    n = n * 2;
    return x * y + n;
}

#ifndef __ADCC__
#include "gradcheck.h"

double reassign_grad(double x, double *d_x, double y, double *d_y, int n);
double reassign_jvp(double x, double t_x, double y, double t_y, int n, double *t_ret);
double reassign_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                    double *d_y, double *hv_y, int n);

static int fixed_n;

static double eval(const double *p, int np)
{
    (void)np;
    return reassign(p[0], p[1], fixed_n);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = reassign_jvp(p[0], tp[0], p[1], tp[1], fixed_n, &t);
    gc_check_close(v, reassign(p[0], p[1], fixed_n), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    reassign_grad(p[0], &g[0], p[1], &g[1], fixed_n);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    reassign_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], fixed_n);
}

int main(void)
{
    GcRng rng = gc_seed(48);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -1.5, 1.5);
        fixed_n = 2 * t;
        double v = reassign_grad(p[0], &g[0], p[1], &g[1], fixed_n);
        double want = reassign(p[0], p[1], fixed_n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("reassign", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("reassign", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("reassign", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("param_reassign");
}
#endif
