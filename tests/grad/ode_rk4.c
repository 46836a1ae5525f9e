// RUN: %gradcheck %s %t
// RK4 over 100 steps of a Lotka-Volterra system: a helper writing its
// result through a pointer, local stage arrays, gradients for y0 and theta.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>

static void rhs(const double *y, const double *th, double *dy)
{
    dy[0] = th[0] * y[0] - th[1] * y[0] * y[1];
    dy[1] = -th[2] * y[1] + th[3] * y[0] * y[1];
}

ADCC_GRAD(y0, th)
ADCC_JVP(y0, th)
ADCC_HVP(y0, th)
double rk4(const double *y0, const double *th, int steps, double dt)
{
    double y[2] = {y0[0], y0[1]};
    double k1[2], k2[2], k3[2], k4[2], tmp[2];
    for (int s = 0; s < steps; s++) {
        rhs(y, th, k1);
        for (int i = 0; i < 2; i++)
            tmp[i] = y[i] + 0.5 * dt * k1[i];
        rhs(tmp, th, k2);
        for (int i = 0; i < 2; i++)
            tmp[i] = y[i] + 0.5 * dt * k2[i];
        rhs(tmp, th, k3);
        for (int i = 0; i < 2; i++)
            tmp[i] = y[i] + dt * k3[i];
        rhs(tmp, th, k4);
        for (int i = 0; i < 2; i++)
            y[i] += dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
    return y[0] * y[0] + y[1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define STEPS 100
#define DT 0.05

double rk4_grad(const double *y0, double *d_y0, const double *th, double *d_th, int steps,
                double dt);
double rk4_jvp(const double *y0, const double *t_y0, const double *th, const double *t_th,
               int steps, double dt, double *t_ret);
double rk4_hvp(const double *y0, const double *v_y0, double *d_y0, double *hv_y0, const double *th,
               const double *v_th, double *d_th, double *hv_th, int steps, double dt);

/* p = y0[0..2), th[0..4). */
static double eval(const double *p, int np)
{
    (void)np;
    return rk4(p, p + 2, STEPS, DT);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = rk4_jvp(p, tp, p + 2, tp + 2, STEPS, DT, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    rk4_grad(p, g, p + 2, g + 2, STEPS, DT);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    rk4_hvp(p, v, g, hv, p + 2, v + 2, g + 2, hv + 2, STEPS, DT);
}

int main(void)
{
    GcRng rng = gc_seed(54);
    for (int t = 0; t < 6; t++) {
        double p[6], g[6] = {0.0};
        p[0] = gc_uniform(&rng, 1.0, 2.0);
        p[1] = gc_uniform(&rng, 0.5, 1.5);
        p[2] = gc_uniform(&rng, 0.8, 1.2);
        p[3] = gc_uniform(&rng, 0.4, 0.6);
        p[4] = gc_uniform(&rng, 0.8, 1.2);
        p[5] = gc_uniform(&rng, 0.2, 0.4);
        double v = rk4_grad(p, g, p + 2, g + 2, STEPS, DT);
        double want = rk4(p, p + 2, STEPS, DT);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("rk4", eval, p, 6, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[6], u[6];
        gc_fill_dir(&rng, tp, 6);
        gc_fill_dir(&rng, u, 6);
        gc_check_jvp("rk4", eval, eval_jvp, p, tp, 6, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("rk4", eval_grad, eval_hvp, p, tp, u, 6, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("ode_rk4");
}
#endif
