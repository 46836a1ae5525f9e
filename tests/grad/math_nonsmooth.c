// RUN: %gradcheck %s %t
// math.h functions with kinks and jumps: fabs fmin fmax floor ceil round
// fmod, checked at points well away from every kink and jump.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double kinks(double x, double y)
{
    double a = fabs(x) * y + fabs(y - 0.5 * x);
    double b = fmin(x, y) * 2.0 + fmax(x * y, 0.25);
    double c = floor(3.0 * x) * y + ceil(y + 0.5) * x + round(2.0 * y) * x * x;
    double d = fmod(5.0 * x + 10.0, 1.3) + fmod(y, x);
    return a + b * c + d;
}

#ifndef __ADCC__
#include "gradcheck.h"

double kinks_grad(double x, double *d_x, double y, double *d_y);
double kinks_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double kinks_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
                 double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return kinks(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = kinks_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, kinks(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    kinks_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    kinks_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

/* Every kink or jump of kinks() at least 0.05 away (in its own units). */
static int safe(double x, double y)
{
    const double m = 0.05;
    return fabs(x) > 0.3 && fabs(y) > m && fabs(y - 0.5 * x) > m && fabs(x - y) > m &&
           fabs(x * y - 0.25) > m && gc_dist_int(3.0 * x) > m && gc_dist_int(y + 0.5) > m &&
           gc_dist_int(2.0 * y + 0.5) > m && gc_dist_int((5.0 * x + 10.0) / 1.3) > m &&
           gc_dist_int(y / x) > m;
}

int main(void)
{
    GcRng rng = gc_seed(7);
    int done = 0;
    while (done < 16) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        if (!safe(p[0], p[1]))
            continue;
        done++;
        double v = kinks_grad(p[0], &g[0], p[1], &g[1]);
        double want = kinks(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("kinks", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("kinks", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("kinks", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("math_nonsmooth");
}
#endif
