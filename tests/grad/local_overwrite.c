// RUN: %gradcheck %s %t
// Locals overwritten many times in a loop (twice per iteration for t), whose
// old values the reverse sweep still needs.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double overwrite(double x, double y)
{
    double t = x;
    double u = y;
    for (int i = 0; i < 50; i++) {
        double old = t;
        t = sin(t) + x * u;
        u = 0.5 * u + 0.1 * old * t;
        t = t * 0.9;
    }
    return t + u * u;
}

#ifndef __ADCC__
#include "gradcheck.h"

double overwrite_grad(double x, double *d_x, double y, double *d_y);
double overwrite_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double overwrite_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                     double *d_y, double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return overwrite(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = overwrite_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, overwrite(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    overwrite_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    overwrite_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(49);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -0.8, 0.8);
        double v = overwrite_grad(p[0], &g[0], p[1], &g[1]);
        double want = overwrite(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("overwrite", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("overwrite", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("overwrite", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_overwrite");
}
#endif
