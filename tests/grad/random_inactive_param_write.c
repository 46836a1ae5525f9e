// RUN: %gradcheck %s %t
// Found by tests/random (gen 4, and a tenth of seeds 1..300): a helper
// assigns an active value to its scalar parameter u, and the model passes
// an inactive argument for u. The specialisation with u inactive still
// accumulates into its adjoint: the generated code uses d_u (f_grad), t_u
// (f_jvp) and v_u (f_hvp), which it never declares, and does not compile.
// The same happens in the model itself when it assigns an active value to
// an inactive parameter (c = c * x[0]).
#include <adcc.h>
#include <math.h>

static double scale(const double *a, double u)
{
    u = u * a[0];
    return sin(u) + a[1] * u;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x, double c)
{
    return scale(x, c) + x[1] * x[1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2

double model_grad(const double *x, double *d_x, double c);
double model_jvp(const double *x, const double *t_x, double c, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double c);

static double fixed_c;

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, fixed_c);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, fixed_c, &t);
    gc_check_close(r, model(p, fixed_c), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g, fixed_c);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv, fixed_c);
}

int main(void)
{
    GcRng rng = gc_seed(4);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        fixed_c = gc_uniform(&rng, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        memset(g, 0, sizeof g);
        double r = model_grad(p, g, fixed_c);
        gc_check_close(r, model(p, fixed_c), GC_PRIMAL_RTOL, 0.0);
        double atol = GC_ATOL * gc_scale(r);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_inactive_param_write");
}
#endif
