// RUN: %gradcheck %s %t
// A polynomial by Horner's rule in a downward loop: gradients for the
// coefficient array (x^i) and for the point x (the derivative polynomial).
// Forward mode and Hessian-vector products of the same model are checked
// too (f_jvp: finite differences and the dot-product test with f_grad;
// f_hvp: finite differences of f_grad, symmetry).
#include <adcc.h>

ADCC_GRAD(c, x)
ADCC_JVP(c, x)
ADCC_HVP(c, x)
double horner(const double *c, int deg, double x)
{
    double p = c[deg];
    for (int i = deg - 1; i >= 0; i--)
        p = p * x + c[i];
    return p;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define DEG 7

double horner_grad(const double *c, double *d_c, int deg, double x, double *d_x);
double horner_jvp(const double *c, const double *t_c, int deg, double x, double t_x, double *t_ret);
double horner_hvp(const double *c, const double *v_c, double *d_c, double *hv_c, int deg, double x,
                  double v_x, double *d_x, double *hv_x);

/* p = c[0..DEG], x. */
static double eval(const double *p, int np)
{
    (void)np;
    return horner(p, DEG, p[DEG + 1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = horner_jvp(p, tp, DEG, p[DEG + 1], tp[DEG + 1], &t);
    gc_check_close(v, horner(p, DEG, p[DEG + 1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    horner_grad(p, g, DEG, p[DEG + 1], &g[DEG + 1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    horner_hvp(p, v, g, hv, DEG, p[DEG + 1], v[DEG + 1], &g[DEG + 1], &hv[DEG + 1]);
}

int main(void)
{
    GcRng rng = gc_seed(56);
    for (int t = 0; t < 8; t++) {
        double p[DEG + 2], g[DEG + 2] = {0.0};
        gc_fill(&rng, p, DEG + 1, -2.0, 2.0);
        p[DEG + 1] = gc_uniform(&rng, -1.2, 1.2);
        double v = horner_grad(p, g, DEG, p[DEG + 1], &g[DEG + 1]);
        double want = horner(p, DEG, p[DEG + 1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("horner", eval, p, DEG + 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double x = p[DEG + 1], xi = 1.0, dp = 0.0;
        for (int i = 0; i <= DEG; i++) {
            gc_check_close(g[i], xi, 1e-14, 0.0);
            if (i < DEG)
                dp += (i + 1) * p[i + 1] * xi;
            xi *= x;
        }
        gc_check_close(g[DEG + 1], dp, 1e-12, 1e-14);
        double tp[DEG + 2], u[DEG + 2];
        gc_fill_dir(&rng, tp, DEG + 2);
        gc_fill_dir(&rng, u, DEG + 2);
        gc_check_jvp("horner", eval, eval_jvp, p, tp, DEG + 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("horner", eval_grad, eval_hvp, p, tp, u, DEG + 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("horner");
}
#endif
