// RUN: %gradcheck %s %t
// break and continue: continue on an active test, break when the active sum
// passes a threshold, and an int-driven continue/break in while (1).
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double brk(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (x[i] < 0.0)
            continue;
        if (s > 4.0)
            break;
        s += x[i] * x[i] + 0.5 * sin(x[i]);
    }
    int k = 0;
    while (1) {
        if (k % 3 == 1) {
            k++;
            continue;
        }
        s = s * 0.95 + 0.1 * x[k];
        k++;
        if (k >= n)
            break;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 10

double brk_grad(const double *x, double *d_x, int n);
double brk_jvp(const double *x, const double *t_x, int n, double *t_ret);
double brk_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

/* Signs and partial sums keep clear of 0 and 4: the first loop skips
 * x[1] and x[4] and breaks at i = 6 (sum 5.3 > 4; it was 3.4 at i = 5). */
static const double base[N] = {0.9, -0.7, 1.1, 0.5, -0.3, 1.2, 0.6, 1.3, 0.7, -0.5};

static double eval(const double *p, int np)
{
    return brk(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = brk_jvp(p, tp, np, &t);
    gc_check_close(v, brk(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    brk_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    brk_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(29);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        for (int i = 0; i < N; i++)
            x[i] = base[i] + gc_uniform(&rng, -0.02, 0.02);
        double v = brk_grad(x, g, N);
        double want = brk(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("brk", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("brk", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("brk", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("break_continue");
}
#endif
