// RUN: %gradcheck %s %t
// for loops: counted up, down with stride 2, two indices (comma operator),
// an index declared outside the loop and read after it, a triangular nest.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double loops_for(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    for (int i = n - 1; i >= 0; i -= 2)
        s = 0.9 * s + sin(x[i]);
    for (int i = 1, j = n - 1; i < j; i++, j--)
        s += x[i] * x[j];
    int k;
    for (k = 0; k < n; k += 3)
        s *= 1.0 + 0.1 * x[k];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            s += 0.01 * x[i] * x[j];
    return s + k;
}

#ifndef __ADCC__
#include "gradcheck.h"

double loops_for_grad(const double *x, double *d_x, int n);
double loops_for_jvp(const double *x, const double *t_x, int n, double *t_ret);
double loops_for_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return loops_for(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = loops_for_jvp(p, tp, np, &t);
    gc_check_close(v, loops_for(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    loops_for_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    loops_for_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(22);
    for (int n = 1; n <= 9; n++) {
        double x[9], g[9] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = loops_for_grad(x, g, n);
        double want = loops_for(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("loops_for", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[9], u[9];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("loops_for", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("loops_for", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_for");
}
#endif
