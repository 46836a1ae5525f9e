// RUN: %gradcheck %s %t
// Found by tests/random (gen 14): a helper's loop overwrites a[k % 4],
// indexed by an int local k declared in the loop body, and the caller needs
// no derivative through the array's values. The reverse sweep that only
// restores the overwritten elements (a[k % 4] = adcc_pop_d()) does not
// declare or recompute k, so the generated code does not compile. Used
// later (return s * s + t[1]), the array is active and the helper's
// reverse sweep recomputes k.
#include <adcc.h>
#include <math.h>

static void scale(double *a, double u, int m)
{
    for (int i = 0; i < m; i++) {
        int k = i + 1;
        a[k % 4] = a[k % 4] * u;
    }
}

ADCC_GRAD(s)
ADCC_JVP(s)
ADCC_HVP(s)
double model(double s, int m)
{
    double t[4] = {1.0, 2.0, 3.0, 4.0};
    scale(t, s, m);
    return s * s + sin(s);
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(double s, double *d_s, int m);
double model_jvp(double s, double t_s, int m, double *t_ret);
double model_hvp(double s, double v_s, double *d_s, double *hv_s, int m);

#define M 3

static double eval(const double *p, int np)
{
    (void)np;
    return model(p[0], M);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p[0], tp[0], M, &t);
    gc_check_close(r, model(p[0], M), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = 0.0;
    model_grad(p[0], g, M);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = 0.0;
    hv[0] = 0.0;
    model_hvp(p[0], v[0], g, hv, M);
}

int main(void)
{
    GcRng rng = gc_seed(14);
    for (int t = 0; t < 3; t++) {
        double p[1], g[1] = {0.0}, tp[1], u[1];
        gc_fill(&rng, p, 1, -1.0, 1.0);
        gc_fill_dir(&rng, tp, 1);
        gc_fill_dir(&rng, u, 1);
        double r = model_grad(p[0], g, M);
        gc_check_close(r, model(p[0], M), GC_PRIMAL_RTOL, 0.0);
        double atol = GC_ATOL * gc_scale(r);
        gc_check_grad("model", eval, p, 1, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, 1, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, 1, GC_RTOL, atol);
    }
    return gc_report("random_restore_int_local");
}
#endif
