// RUN: %gradcheck %s %t
// Integer code mixed with double state: int, long and unsigned counters, an
// int cast of an active value (zero derivative), ints converted to double.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double mixed(const double *x, int n)
{
    int count = 0;
    long total = 0;
    unsigned u = 7u;
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0.0)
            count++;
        total += (long)i * count;
        u = u * 1103515245u + 12345u;
        double w = (double)(u % 100u) / 100.0;
        int q = (int)(x[i] * 10.0);
        s += w * x[i] * x[i] + (double)q * x[i] + (double)count * sin(x[i]);
    }
    return s / (double)(1 + total % 7);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 10

double mixed_grad(const double *x, double *d_x, int n);
double mixed_jvp(const double *x, const double *t_x, int n, double *t_ret);
double mixed_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return mixed(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = mixed_jvp(p, tp, np, &t);
    gc_check_close(v, mixed(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    mixed_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    mixed_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(43);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        for (int i = 0; i < N; i++)
            do
                x[i] = gc_uniform(&rng, -1.5, 1.5);
            while (gc_dist_int(10.0 * x[i]) < 0.05);
        int n = 3 + t;
        double v = mixed_grad(x, g, n);
        double want = mixed(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("mixed", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("mixed", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("mixed", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("int_mixed");
}
#endif
