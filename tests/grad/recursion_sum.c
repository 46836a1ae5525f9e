// RUN: %gradcheck %s %t
// Direct recursion 1500 deep: the annotated function calls itself on x + 1,
// and the recursive result is used nonlinearly on the way back up. Forward
// mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double rsum(const double *x, int n)
{
    if (n == 0)
        return 0.0;
    return sin(x[0]) + 0.5 * x[0] * x[0] + (1.0 + 0.001 * x[0]) * rsum(x + 1, n - 1);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 1500

double rsum_grad(const double *x, double *d_x, int n);
double rsum_jvp(const double *x, const double *t_x, int n, double *t_ret);
double rsum_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return rsum(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = rsum_jvp(p, tp, np, &t);
    gc_check_close(v, rsum(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    rsum_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    rsum_hvp(p, v, g, hv, np);
}

int main(void)
{
    static double x[N], g[N], tp[N], u[N];
    GcRng rng = gc_seed(39);
    for (int t = 0; t < 2; t++) {
        gc_fill(&rng, x, N, -1.0, 1.0);
        memset(g, 0, sizeof g);
        double v = rsum_grad(x, g, N);
        double want = rsum(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("rsum", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("rsum", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("rsum", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("recursion_sum");
}
#endif
