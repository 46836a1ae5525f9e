// RUN: %gradcheck %s %t
// math.h exponentials and roots: exp log log1p expm1 sqrt cbrt pow (active
// base and exponent, constant exponent, constant base).
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double explog(double x, double y)
{
    double a = exp(0.5 * x * y) + log(x + y * y);
    double b = log1p(x * x) * expm1(0.3 * y);
    double c = sqrt(x + 1.0) + cbrt(x - 3.0) + cbrt(2.0 + y);
    double d = pow(x, y) + pow(1.0 + y * y, 1.5) + pow(x, 3.0) + pow(2.0, y);
    return a * c + b - d / (1.0 + c * c);
}

#ifndef __ADCC__
#include "gradcheck.h"

double explog_grad(double x, double *d_x, double y, double *d_y);
double explog_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double explog_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                  double *d_y, double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return explog(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = explog_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, explog(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    explog_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    explog_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(5);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, 0.3, 2.0);
        p[1] = gc_uniform(&rng, -1.0, 1.0);
        double v = explog_grad(p[0], &g[0], p[1], &g[1]);
        double want = explog(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("explog", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("explog", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("explog", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("math_exp_log");
}
#endif
