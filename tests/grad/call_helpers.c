// RUN: %gradcheck %s %t
// Calls to static helpers with active arguments, the same helper called with
// different activity patterns (active/constant, both active, none), nested.
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

static double blend(double a, double b)
{
    return a * exp(-b) + sin(a * b);
}

static double dot3(const double *u, const double *v)
{
    return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
}

ADCC_GRAD(x, y, v)
ADCC_JVP(x, y, v)
ADCC_HVP(x, y, v)
double calls(double x, double y, double c, const double *v, const double *k)
{
    double u = blend(x, c);
    double w = blend(x, y);
    double z = blend(c, y);
    double q = blend(c, c + 1.0);
    double d1 = dot3(v, k);
    double d2 = dot3(v, v);
    double d3 = dot3(k, k);
    return u * w + z + q + d1 * d2 + d3 + blend(blend(x, y), z);
}

#ifndef __ADCC__
#include "gradcheck.h"

double calls_grad(double x, double *d_x, double y, double *d_y, double c, const double *v,
                  double *d_v, const double *k);
double calls_jvp(double x, double t_x, double y, double t_y, double c, const double *v,
                 const double *t_v, const double *k, double *t_ret);
double calls_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
                 double *hv_y, double c, const double *v, const double *v_v, double *d_v, double *hv_v,
                 const double *k);

static double fixed_c;
static double fixed_k[3];

/* p = x, y, v[0..3). */
static double eval(const double *p, int np)
{
    (void)np;
    return calls(p[0], p[1], fixed_c, p + 2, fixed_k);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = calls_jvp(p[0], tp[0], p[1], tp[1], fixed_c, p + 2, tp + 2, fixed_k, &t);
    gc_check_close(v, calls(p[0], p[1], fixed_c, p + 2, fixed_k), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    calls_grad(p[0], &g[0], p[1], &g[1], fixed_c, p + 2, g + 2, fixed_k);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    calls_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], fixed_c, p + 2, v + 2, g + 2, hv + 2,
              fixed_k);
}

int main(void)
{
    GcRng rng = gc_seed(36);
    for (int t = 0; t < 8; t++) {
        double p[5], g[5] = {0.0};
        gc_fill(&rng, p, 5, -1.0, 1.0);
        fixed_c = gc_uniform(&rng, -1.0, 1.0);
        gc_fill(&rng, fixed_k, 3, -1.0, 1.0);
        double v = calls_grad(p[0], &g[0], p[1], &g[1], fixed_c, p + 2, g + 2, fixed_k);
        double want = calls(p[0], p[1], fixed_c, p + 2, fixed_k);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("calls", eval, p, 5, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[5], u[5];
        gc_fill_dir(&rng, tp, 5);
        gc_fill_dir(&rng, u, 5);
        gc_check_jvp("calls", eval, eval_jvp, p, tp, 5, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("calls", eval_grad, eval_hvp, p, tp, u, 5, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("call_helpers");
}
#endif
