// RUN: %gradcheck %s %t
// A Newton iteration: sqrt(a*a + b) by Newton steps until |delta| < tol;
// checked against finite differences and the analytic derivative. Forward
// mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a, b)
ADCC_JVP(a, b)
ADCC_HVP(a, b)
double newton(double a, double b)
{
    double s = a * a + b;
    double y = 1.0 + 0.5 * s;
    double delta = 1.0;
    int it = 0;
    while (fabs(delta) > 1e-13 * y && it < 100) {
        delta = 0.5 * (y - s / y);
        y -= delta;
        it++;
    }
    return y * b + y;
}

#ifndef __ADCC__
#include "gradcheck.h"

double newton_grad(double a, double *d_a, double b, double *d_b);
double newton_jvp(double a, double t_a, double b, double t_b, double *t_ret);
double newton_hvp(double a, double v_a, double *d_a, double *hv_a, double b, double v_b,
                  double *d_b, double *hv_b);

static double eval(const double *p, int np)
{
    (void)np;
    return newton(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = newton_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, newton(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    newton_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    newton_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(26);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -3.0, 3.0);
        p[1] = gc_uniform(&rng, 0.1, 5.0);
        double v = newton_grad(p[0], &g[0], p[1], &g[1]);
        double want = newton(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("newton", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("newton", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("newton", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
        double r = sqrt(p[0] * p[0] + p[1]);
        gc_check_close(g[0], (p[1] + 1.0) * p[0] / r, 1e-10, 1e-12);
        gc_check_close(g[1], r + (p[1] + 1.0) / (2.0 * r), 1e-10, 1e-12);
    }
    return gc_report("newton_sqrt");
}
#endif
