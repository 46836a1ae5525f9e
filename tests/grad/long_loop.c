// RUN: %gradcheck %s %t
// A long time-stepping loop (200000 steps of explicit Euler): the reverse
// sweep needs every step's state, so the tape grows well past one block.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, k)
ADCC_JVP(x, k)
ADCC_HVP(x, k)
double long_loop(double x, double k, int steps)
{
    double y = x;
    double dt = 1.0 / steps;
    for (int i = 0; i < steps; i++)
        y = y + dt * (sin(y) * k - 0.5 * y);
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define STEPS 200000

double long_loop_grad(double x, double *d_x, double k, double *d_k, int steps);
double long_loop_jvp(double x, double t_x, double k, double t_k, int steps, double *t_ret);
double long_loop_hvp(double x, double v_x, double *d_x, double *hv_x, double k, double v_k,
                     double *d_k, double *hv_k, int steps);

static double eval(const double *p, int np)
{
    (void)np;
    return long_loop(p[0], p[1], STEPS);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = long_loop_jvp(p[0], tp[0], p[1], tp[1], STEPS, &t);
    gc_check_close(v, long_loop(p[0], p[1], STEPS), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    long_loop_grad(p[0], &g[0], p[1], &g[1], STEPS);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    long_loop_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(35);
    for (int t = 0; t < 3; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        double v = long_loop_grad(p[0], &g[0], p[1], &g[1], STEPS);
        double want = long_loop(p[0], p[1], STEPS);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("long_loop", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("long_loop", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("long_loop", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("long_loop");
}
#endif
