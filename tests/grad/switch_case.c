// RUN: %gradcheck %s %t
// switch on an int computed from an active input: cases, a fall-through,
// stacked case labels, default, and break out of the switch in a loop.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double sw(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        int k = (int)floor(x[i] * 2.0);
        switch (k) {
        case 0:
            s += x[i] * x[i];
            break;
        case 1:
            s += sin(x[i]);
            /* fall through */
        case 2:
            s *= 1.0 + 0.1 * x[i];
            break;
        case -1:
        case -2:
            s -= exp(x[i]);
            break;
        default:
            s += 0.5 * x[i];
            break;
        }
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12

double sw_grad(const double *x, double *d_x, int n);
double sw_jvp(const double *x, const double *t_x, int n, double *t_ret);
double sw_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return sw(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = sw_jvp(p, tp, np, &t);
    gc_check_close(v, sw(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    sw_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    sw_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(33);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        for (int i = 0; i < N; i++)
            do
                x[i] = gc_uniform(&rng, -1.4, 2.4);
            while (gc_dist_int(2.0 * x[i]) < 0.05);
        double v = sw_grad(x, g, N);
        double want = sw(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("sw", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("sw", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("sw", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("switch_case");
}
#endif
