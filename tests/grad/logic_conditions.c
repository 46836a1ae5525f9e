// RUN: %gradcheck %s %t
// Conditions built with && || ! on active comparisons (short-circuit guards
// a division), and a while loop exiting on a counter or an active test.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double logic(double x, double y)
{
    double r = 0.0;
    if (x > 0.0 && y / x > 1.0)
        r += log(y / x);
    if (x < -1.0 || y > 2.0)
        r += x * y;
    else
        r -= sin(x + y);
    if (!(x * y > 0.5))
        r += 0.25 * y * y;
    int i = 0;
    double s = x;
    while (i < 20 && s < 4.0) {
        s += 0.3 + 0.1 * y * y;
        i++;
    }
    return r + s * x;
}

#ifndef __ADCC__
#include "gradcheck.h"

double logic_grad(double x, double *d_x, double y, double *d_y);
double logic_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double logic_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
                 double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return logic(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = logic_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, logic(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    logic_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    logic_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

static int safe(double x, double y)
{
    const double m = 0.05;
    return fabs(x) > m && (x < 0.0 || fabs(y / x - 1.0) > m) && fabs(x + 1.0) > m &&
           fabs(y - 2.0) > m && fabs(x * y - 0.5) > m &&
           gc_dist_int((4.0 - x) / (0.3 + 0.1 * y * y)) > m;
}

int main(void)
{
    GcRng rng = gc_seed(34);
    int done = 0;
    while (done < 16) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -1.8, 3.0);
        p[1] = gc_uniform(&rng, -1.0, 3.0);
        if (!safe(p[0], p[1]))
            continue;
        done++;
        double v = logic_grad(p[0], &g[0], p[1], &g[1]);
        double want = logic(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("logic", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("logic", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("logic", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("logic_conditions");
}
#endif
