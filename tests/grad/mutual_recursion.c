// RUN: %gradcheck %s %t
// Mutual recursion (even/odd style, 1000 levels): two static functions that
// call each other on x + 1, declared before use. Forward mode (f_jvp) and
// Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

static double odd_part(const double *x, int n);

static double even_part(const double *x, int n)
{
    if (n == 0)
        return 1.0;
    return 0.5 * x[0] + (0.99 + 0.01 * cos(x[0])) * odd_part(x + 1, n - 1);
}

static double odd_part(const double *x, int n)
{
    if (n == 0)
        return 0.0;
    return sin(x[0]) + (1.0 + 0.01 * x[0]) * even_part(x + 1, n - 1);
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double mutual(const double *x, int n)
{
    return even_part(x, n) + odd_part(x, n);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 1000

double mutual_grad(const double *x, double *d_x, int n);
double mutual_jvp(const double *x, const double *t_x, int n, double *t_ret);
double mutual_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return mutual(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = mutual_jvp(p, tp, np, &t);
    gc_check_close(v, mutual(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    mutual_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    mutual_hvp(p, v, g, hv, np);
}

int main(void)
{
    static double x[N], g[N], tp[N], u[N];
    GcRng rng = gc_seed(41);
    for (int t = 0; t < 2; t++) {
        int n = t == 0 ? N : 7;
        gc_fill(&rng, x, n, -1.0, 1.0);
        memset(g, 0, sizeof g);
        double v = mutual_grad(x, g, n);
        double want = mutual(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("mutual", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("mutual", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("mutual", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("mutual_recursion");
}
#endif
