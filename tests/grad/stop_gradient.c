// RUN: %gradcheck %s %t
// adcc_stop_gradient on a normalising scale: the gradient treats the scale
// as a constant, so finite differences run on core() with the scale frozen.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too:
// both freeze the scale as well (its tangent is zero), so H v is compared with
// finite differences of the frozen-scale gradient (core_at's f_grad).
#include <adcc.h>
#include <math.h>

static double core(const double *x, int n, double scale)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sin(x[i] / scale) * x[i];
    return s;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double normalized(const double *x, int n)
{
    double nrm = 0.0;
    for (int i = 0; i < n; i++)
        nrm += x[i] * x[i];
    double scale = adcc_stop_gradient(sqrt(nrm));
    return core(x, n, scale);
}

/* core with the scale a parameter: the reference for f_hvp. */
ADCC_GRAD(x)
double core_at(const double *x, int n, double scale)
{
    return core(x, n, scale);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double normalized_grad(const double *x, double *d_x, int n);
double normalized_jvp(const double *x, const double *t_x, int n, double *t_ret);
double normalized_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double core_at_grad(const double *x, double *d_x, int n, double scale);

static double frozen_scale;

static double eval_frozen(const double *p, int np)
{
    return core(p, np, frozen_scale);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = normalized_jvp(p, tp, np, &t);
    gc_check_close(v, normalized(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

/* The gradient with the scale frozen at the test point's. */
static void eval_grad_frozen(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    core_at_grad(p, g, np, frozen_scale);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    normalized_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(45);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, N, -2.0, 2.0);
        double v = normalized_grad(x, g, N);
        double want = normalized(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        double nrm = 0.0;
        for (int i = 0; i < N; i++)
            nrm += x[i] * x[i];
        frozen_scale = sqrt(nrm);
        gc_check_grad("normalized", eval_frozen, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("normalized", eval_frozen, eval_jvp, x, tp, N, g, GC_RTOL,
                     GC_ATOL * gc_scale(want));
        gc_check_hvp("normalized", eval_grad_frozen, eval_hvp, x, tp, u, N, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("stop_gradient");
}
#endif
