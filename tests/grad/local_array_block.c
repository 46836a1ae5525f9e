// RUN: %gradcheck %s %t
// A local array declared inside a loop body (a fresh array per iteration)
// whose values the reverse sweep needs after that iteration's scope ends.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double block_arrays(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i + 2 < n; i++) {
        double t[3];
        for (int j = 0; j < 3; j++)
            t[j] = tanh(x[i + j] + 0.1 * s);
        s += t[0] * t[1] + t[2] * t[2];
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 8

double block_arrays_grad(const double *x, double *d_x, int n);
double block_arrays_jvp(const double *x, const double *t_x, int n, double *t_ret);
double block_arrays_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return block_arrays(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = block_arrays_jvp(p, tp, np, &t);
    gc_check_close(v, block_arrays(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    block_arrays_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    block_arrays_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(62);
    for (int n = 2; n <= N; n++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = block_arrays_grad(x, g, n);
        double want = block_arrays(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("block_arrays", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("block_arrays", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("block_arrays", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_array_block");
}
#endif
