// RUN: %gradcheck %s %t
// while loops whose conditions read active values: while (s < x) s += h*x
// (fixed trip count), and t += 0.37 until t >= x (trip count varies with x).
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double active_trip(double x, double y)
{
    double h = 0.07;
    double s = 0.0;
    while (s < x)
        s += h * x;
    double t = 0.0, acc = y;
    while (t < x) {
        t += 0.37;
        acc = 0.9 * acc + cos(t * x) * y;
    }
    return s * y + acc;
}

#ifndef __ADCC__
#include "gradcheck.h"

double active_trip_grad(double x, double *d_x, double y, double *d_y);
double active_trip_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double active_trip_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                       double *d_y, double *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return active_trip(p[0], p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = active_trip_jvp(p[0], tp[0], p[1], tp[1], &t);
    gc_check_close(v, active_trip(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    g[0] = g[1] = 0.0;
    active_trip_grad(p[0], &g[0], p[1], &g[1]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    g[0] = g[1] = hv[0] = hv[1] = 0.0;
    active_trip_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
}

int main(void)
{
    GcRng rng = gc_seed(25);
    int done = 0;
    while (done < 10) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, 0.5, 3.0);
        p[1] = gc_uniform(&rng, -1.0, 1.0);
        if (gc_dist_int(p[0] / 0.37) < 0.03)
            continue;
        done++;
        double v = active_trip_grad(p[0], &g[0], p[1], &g[1]);
        double want = active_trip(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("active_trip", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("active_trip", eval, eval_jvp, p, tp, 2, g, GC_RTOL,
                     GC_ATOL * gc_scale(want));
        gc_check_hvp("active_trip", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("while_active_trip");
}
#endif
