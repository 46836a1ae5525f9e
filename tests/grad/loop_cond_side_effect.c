// RUN: %gradcheck %s %t
// Side effects inside loop conditions: while (k--) with an unsigned counter
// do { } while (++i < n), and a for loop testing (t = x[j]) > -2.0 && j++ < n - 1,
// all driving active updates.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double cond_effects(const double *x, int n)
{
    unsigned k = (unsigned)n;
    double y = 1.0;
    while (k--)
        y = 0.5 * y + x[k] * cos(y);
    int i = 0;
    do
        y += 0.1 * x[i] * x[i] * y;
    while (++i < n);
    double t;
    for (int j = 0; (t = x[j]) > -2.0 && j++ < n - 1;)
        y += 0.05 * t * x[j] * y;
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double cond_effects_grad(const double *x, double *d_x, int n);
double cond_effects_jvp(const double *x, const double *t_x, int n, double *t_ret);
double cond_effects_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return cond_effects(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = cond_effects_jvp(p, tp, np, &t);
    gc_check_close(v, cond_effects(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    cond_effects_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    cond_effects_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(61);
    for (int n = 1; n <= N; n++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = cond_effects_grad(x, g, n);
        double want = cond_effects(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("cond_effects", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("cond_effects", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("cond_effects", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_cond_side_effect");
}
#endif
