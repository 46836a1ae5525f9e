// RUN: %gradcheck %s %t
// Addresses of active locals passed to helpers that write through them
// (&s, &c, &acc), and a local pointer to an active scalar. Forward mode and
// Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

static void sincos2(double a, double *s, double *c)
{
    *s = sin(a);
    *c = cos(a);
}

static void accumulate(double *acc, double v)
{
    *acc += v * v;
}

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double polar_energy(double x, double y)
{
    double s, c;
    sincos2(x * y, &s, &c);
    double acc = 0.0;
    accumulate(&acc, s + x);
    accumulate(&acc, c * y);
    double *p = &acc;
    *p *= 0.5;
    return acc + s * c;
}

#ifndef __ADCC__
#include "gradcheck.h"

double polar_energy_grad(double x, double *d_x, double y, double *d_y);
double polar_energy_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double polar_energy_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                        double *d_y, double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return polar_energy(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = polar_energy_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, polar_energy(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    polar_energy_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    polar_energy_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(20);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        double v = polar_energy_grad(p[0], &g[0], p[1], &g[1]);
        double want = polar_energy(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("polar_energy", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("polar_energy", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("polar_energy", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("address_of_local");
}
#endif
