// RUN: %gradcheck %s %t
// Loops whose test offsets the counter (`i + 1 < n`, `i + 2 <= n`,
// `i - 1 >= 0`) with steps of 1, 2 and 3: adcc tests the counter itself
// (i < n - 1, ...) so they reverse as counted loops, stride-2 extended
// Rosenbrock included.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double strides(int n, const double *x)
{
    double f = 0.0;
    for (int i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    double g = 1.0;
    for (int i = 0; i + 2 <= n; i += 3)
        g = g * cos(x[i]) + x[i + 1] * x[i + 1];
    for (int i = n - 1; i - 1 >= 0; i--)
        g += sin(x[i] * x[i - 1]) * g * 0.1;
    return f + g;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

double strides_grad(int n, const double *x, double *d_x);
double strides_jvp(int n, const double *x, const double *t_x, double *t_ret);
double strides_hvp(int n, const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np) { return strides(np, p); }

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = strides_jvp(np, p, tp, &t);
    gc_check_close(v, strides(np, p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    strides_grad(np, p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    strides_hvp(np, p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(131);
    for (int t = 0; t < 4; t++) {
        for (int np = N - 1; np <= N; np++) {
            double p[N], g[N] = {0.0};
            gc_fill(&rng, p, np, -0.9, 0.9);
            strides_grad(np, p, g);
            gc_check_grad("strides", eval, p, np, g, GC_RTOL, GC_ATOL);
            double tp[N], u[N];
            gc_fill_dir(&rng, tp, np);
            gc_fill_dir(&rng, u, np);
            gc_check_jvp("strides", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
            gc_check_hvp("strides", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        }
    }
    return gc_report("stride_loops");
}
#endif
