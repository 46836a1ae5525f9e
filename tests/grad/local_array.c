// RUN: %gradcheck %s %t
// Fixed-size local arrays of active values: 1-D with and without an
// initializer, a 2-D local, and an element overwritten after use.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double local_arr(const double *x)
{
    double t[8];
    double u[8] = {0.0};
    double m[2][4];
    for (int i = 0; i < 8; i++)
        t[i] = x[i] * x[(i + 1) % 8];
    for (int i = 0; i < 8; i++)
        u[i] += t[i] + 0.5 * t[(i + 7) % 8];
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 4; c++)
            m[r][c] = u[r * 4 + c] * sin(t[c + 4 * (1 - r)]);
    t[3] = 0.0;
    double s = 0.0;
    for (int i = 0; i < 8; i++)
        s += u[i] * u[i] + t[i];
    return s + m[0][1] * m[1][2] + m[1][3];
}

#ifndef __ADCC__
#include "gradcheck.h"

double local_arr_grad(const double *x, double *d_x);
double local_arr_jvp(const double *x, const double *t_x, double *t_ret);
double local_arr_hvp(const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np)
{
    (void)np;
    return local_arr(p);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = local_arr_jvp(p, tp, &t);
    gc_check_close(v, local_arr(p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    local_arr_grad(p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    local_arr_hvp(p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(16);
    for (int t = 0; t < 6; t++) {
        double x[8], g[8] = {0.0};
        gc_fill(&rng, x, 8, -1.5, 1.5);
        double v = local_arr_grad(x, g);
        double want = local_arr(x);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("local_arr", eval, x, 8, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[8], u[8];
        gc_fill_dir(&rng, tp, 8);
        gc_fill_dir(&rng, u, 8);
        gc_check_jvp("local_arr", eval, eval_jvp, x, tp, 8, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("local_arr", eval_grad, eval_hvp, x, tp, u, 8, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_array");
}
#endif
