// RUN: %gradcheck %s %t
// A recursive ODE stepper 1200 calls deep (not a tail call: each level adds
// its step's contribution to the recursive result). Forward mode (f_jvp) and
// Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

static double stepper(double y, double k, double dt, int steps)
{
    if (steps == 0)
        return 0.0;
    double ynew = y + dt * (-k * y + sin(y));
    return dt * ynew * ynew + stepper(ynew, k, dt, steps - 1);
}

ADCC_GRAD(y0, k)
ADCC_JVP(y0, k)
ADCC_HVP(y0, k)
double ode_rec(double y0, double k)
{
    return stepper(y0, k, 0.002, 1200);
}

#ifndef __ADCC__
#include "gradcheck.h"

double ode_rec_grad(double y0, double *d_y0, double k, double *d_k);
double ode_rec_jvp(double y0, double t_y0, double k, double t_k, double *t_ret);
double ode_rec_hvp(double y0, double v_y0, double *d_y0, double *hv_y0, double k, double v_k,
                   double *d_k, double *hv_k);

static double eval(const double *p, int np)
{
    (void)np;
    return ode_rec(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = ode_rec_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, ode_rec(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    ode_rec_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    ode_rec_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(40);
    for (int t = 0; t < 6; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -2.0, 2.0);
        p[1] = gc_uniform(&rng, 0.5, 2.0);
        double v = ode_rec_grad(p[0], &g[0], p[1], &g[1]);
        double want = ode_rec(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("ode_rec", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("ode_rec", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("ode_rec", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("recursion_ode");
}
#endif
