// RUN: %gradcheck %s %t
// Stable logsumexp: a running max chosen by an active if, then exp/log of
// shifted values; the gradient is the softmax, checked explicitly too.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double logsumexp(const double *x, int n)
{
    double m = x[0];
    for (int i = 1; i < n; i++)
        if (x[i] > m)
            m = x[i];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    return m + log(s);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

double logsumexp_grad(const double *x, double *d_x, int n);
double logsumexp_jvp(const double *x, const double *t_x, int n, double *t_ret);
double logsumexp_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return logsumexp(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = logsumexp_jvp(p, tp, np, &t);
    gc_check_close(v, logsumexp(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    logsumexp_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    logsumexp_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(55);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, N, -4.0, 4.0);
        double v = logsumexp_grad(x, g, N);
        double want = logsumexp(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("logsumexp", eval, x, N, g, GC_RTOL, GC_ATOL);
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("logsumexp", eval, eval_jvp, x, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("logsumexp", eval_grad, eval_hvp, x, tp, u, N, GC_RTOL, GC_ATOL);
        for (int i = 0; i < N; i++)
            gc_check_close(g[i], exp(x[i] - want), 1e-12, 1e-15);
    }
    return gc_report("logsumexp");
}
#endif
