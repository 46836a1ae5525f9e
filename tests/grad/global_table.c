// RUN: %gradcheck %s %t
// Global constant tables read by the model: static const 1-D and 2-D
// tables and a non-static const array, indexed by loop counters. Forward mode
// and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

static const double W[4] = {0.5, -1.25, 2.0, 0.75};
static const double C[3][2] = {{0.1, 0.2}, {-0.3, 0.4}, {0.5, -0.6}};
const double BIAS[2] = {0.125, -0.25};

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double table(const double *x, int n)
{
    double s = BIAS[0];
    for (int i = 0; i < n; i++)
        s += W[i % 4] * x[i] * x[i] + C[i % 3][i % 2] * sin(x[i]);
    return s * (1.0 + BIAS[1] * x[0]);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 11

double table_grad(const double *x, double *d_x, int n);
double table_jvp(const double *x, const double *t_x, int n, double *t_ret);
double table_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return table(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = table_jvp(p, tp, np, &t);
    gc_check_close(v, table(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    table_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    table_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(47);
    for (int t = 0; t < 6; t++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, N, -1.5, 1.5);
        double v = table_grad(x, g, N);
        double want = table(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("table", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("table", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("table", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("global_table");
}
#endif
