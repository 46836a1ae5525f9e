// RUN: %gradcheck %s %t
// Activity by name: only the named parameters get adjoints, in parameter
// order whatever the annotation's order; an unnamed double stays a constant.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(z, x)
ADCC_JVP(z, x)
ADCC_HVP(z, x)
double partial(double x, double y, double z, int n)
{
    double s = x * y + sin(z * y);
    for (int i = 0; i < n; i++)
        s = s * 0.5 + x * z + y;
    return s * exp(-0.1 * z) + y * y;
}

#ifndef __ADCC__
#include "gradcheck.h"

double partial_grad(double x, double *d_x, double y, double z, double *d_z, int n);
double partial_jvp(double x, double t_x, double y, double z, double t_z, int n, double *t_ret);
double partial_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double z, double v_z,
                   double *d_z, double *hv_z, int n);

static double fixed_y;
static int fixed_n;

static double eval(const double *p, int np)
{
    (void)np;
    return partial(p[0], fixed_y, p[1], fixed_n);
}

/* p = x, z. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = partial_jvp(p[0], tp[0], fixed_y, p[1], tp[1], fixed_n, &t);
    gc_check_close(v, partial(p[0], fixed_y, p[1], fixed_n), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    partial_grad(p[0], &g[0], fixed_y, p[1], &g[1], fixed_n);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    partial_hvp(p[0], v[0], &g[0], &hv[0], fixed_y, p[1], v[1], &g[1], &hv[1], fixed_n);
}

int main(void)
{
    GcRng rng = gc_seed(2);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        fixed_y = gc_uniform(&rng, -1.0, 1.0);
        fixed_n = t;
        double v = partial_grad(p[0], &g[0], fixed_y, p[1], &g[1], fixed_n);
        double want = partial(p[0], fixed_y, p[1], fixed_n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("partial", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("partial", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("partial", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("scalar_inactive");
}
#endif
