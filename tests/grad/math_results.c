// RUN: %gradcheck %s %t
// Partials written over saved results: exp, expm1, exp2 and tanh inside
// larger expressions in loops are lifted into temporaries whose saved
// values the reverse sweep reads (exp u is the result itself, tanh' is
// 1 - y^2, sqrt' is 0.5 / y), declared results are read back the same
// way; the forms outside loops and inside ?: are checked too (float forms:
// tests/lit/rev/math_result.c).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double results(int n, const double *x)
{
    double s = 0.0, m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, x[i]);
    for (int i = 0; i < n; i++) {
        s += exp(x[i] - m) * x[i] + 0.5 * expm1(0.3 * x[i]);
        double t = tanh(x[i] * s * 0.1);
        double r = sqrt(1.0 + x[i] * x[i]);
        double e2 = exp2(x[i]);
        s += t * r + e2 * t - tanh(r) * (x[i] > 0.0 ? exp(x[i]) : 1.0);
    }
    double top = exp(s * 0.01) + sqrt(2.0 + s * s);
    return top + log(s * s + 1.0);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double results_grad(int n, const double *x, double *d_x);
double results_jvp(int n, const double *x, const double *t_x, double *t_ret);
double results_hvp(int n, const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np) { return results(np, p); }

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = results_jvp(np, p, tp, &t);
    gc_check_close(v, results(np, p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    results_grad(np, p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    results_hvp(np, p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(127);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N] = {0.0};
        gc_fill(&rng, p, N, -0.9, 0.9);
        results_grad(N, p, g);
        gc_check_grad("results", eval, p, N, g, GC_RTOL, GC_ATOL);
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("results", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("results", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("math_results");
}
#endif
