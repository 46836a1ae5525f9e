// RUN: %gradcheck %s %t
// Found by tests/random (gen 23: h1(x[n / 2], x[n - 1]) with n = 1): the
// same active value passed for two scalar parameters of a helper that
// assigns to one of them. The helper's reverse sweep got one adjoint
// cell for both (h_rev(s, d_s, s, d_s, ...)), zeroed *d_u before adding
// *d_v's contribution and scaled that contribution as if it were u's
// (model = s^3 here, f_grad's was not 3 s^2). Now an argument whose
// adjoint another argument may reach gets a zeroed cell of its own.
#include <adcc.h>
#include <math.h>

static double cube(double u, double v)
{
    u = u * u;
    return u * v;
}

ADCC_GRAD(s)
ADCC_JVP(s)
ADCC_HVP(s)
double model(double s)
{
    return cube(s, s);
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(double s, double *d_s);
double model_jvp(double s, double t_s, double *t_ret);
double model_hvp(double s, double v_s, double *d_s, double *hv_s);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p[0]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p[0], tp[0], &t);
    gc_check_close(r, model(p[0]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = 0.0;
    model_grad(p[0], g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = 0.0;
    hv[0] = 0.0;
    model_hvp(p[0], v[0], g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(23);
    for (int t = 0; t < 3; t++) {
        double p[1], g[1] = {0.0}, tp[1], u[1];
        gc_fill(&rng, p, 1, -1.0, 1.0);
        gc_fill_dir(&rng, tp, 1);
        gc_fill_dir(&rng, u, 1);
        double r = model_grad(p[0], g);
        gc_check_close(r, model(p[0]), GC_PRIMAL_RTOL, 0.0);
        gc_check_close(g[0], 3.0 * p[0] * p[0], GC_RTOL, 0.0);
        double atol = GC_ATOL * gc_scale(r);
        gc_check_grad("model", eval, p, 1, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, 1, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, 1, GC_RTOL, atol);
    }
    return gc_report("random_alias_scalar_args");
}
#endif
