// RUN: %gradcheck %s %t
// An early return inside a loop once an active product passes 3; points
// that take the early exit and points that run the loop to the end.
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double first_big(const double *x, int n)
{
    double acc = 1.0;
    for (int i = 0; i < n; i++) {
        acc = acc * (1.0 + 0.5 * x[i]);
        if (acc > 3.0)
            return acc * x[i] + i;
    }
    return -acc + sin(x[0]);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double first_big_grad(const double *x, double *d_x, int n);
double first_big_jvp(const double *x, const double *t_x, int n, double *t_ret);
double first_big_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return first_big(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = first_big_jvp(p, tp, np, &t);
    gc_check_close(v, first_big(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    first_big_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    first_big_hvp(p, v, g, hv, np);
}

/* Distance of the running product from 3, and whether the loop exits early. */
static double margin(const double *x, int *early)
{
    double acc = 1.0, m = 1e300;
    *early = 0;
    for (int i = 0; i < N; i++) {
        acc = acc * (1.0 + 0.5 * x[i]);
        m = fmin(m, fabs(acc - 3.0));
        if (acc > 3.0) {
            *early = 1;
            break;
        }
    }
    return m;
}

int main(void)
{
    GcRng rng = gc_seed(30);
    int seen[2] = {0, 0};
    while (seen[0] < 4 || seen[1] < 4) {
        double x[N], g[N] = {0.0};
        int early;
        gc_fill(&rng, x, N, -0.6, 1.2);
        if (margin(x, &early) < 0.05 || seen[early] >= 4)
            continue;
        seen[early]++;
        double v = first_big_grad(x, g, N);
        double want = first_big(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("first_big", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("first_big", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("first_big", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("early_return");
}
#endif
