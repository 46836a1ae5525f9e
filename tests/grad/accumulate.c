// RUN: %gradcheck %s %t
// Adjoints accumulate: f_grad adds into d_x and d_s, so prefilled adjoints
// end as prefill + gradient and a second call without zeroing doubles it.
// Forward mode and Hessian-vector products of the same model are checked
// too (f_jvp against finite differences and f_grad; f_hvp against f_grad).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, s)
ADCC_JVP(x, s)
ADCC_HVP(x, s)
double acc_model(const double *x, double s, int n)
{
    double r = 0.0;
    for (int i = 0; i < n; i++)
        r += s * x[i] * x[i] + sin(s * x[i]);
    return r;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 5

double acc_model_grad(const double *x, double *d_x, double s, double *d_s, int n);
double acc_model_jvp(const double *x, const double *t_x, double s, double t_s, int n, double *t_ret);
double acc_model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double s,
                     double v_s, double *d_s, double *hv_s, int n);

/* p = x[0..N), s. */
static double eval(const double *p, int np)
{
    (void)np;
    return acc_model(p, p[N], N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = acc_model_jvp(p, tp, p[N], tp[N], N, &t);
    gc_check_close(v, acc_model(p, p[N], N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    acc_model_grad(p, g, p[N], &g[N], N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    acc_model_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

int main(void)
{
    GcRng rng = gc_seed(50);
    for (int t = 0; t < 4; t++) {
        double p[N + 1], g[N + 1] = {0.0}, pre[N + 1], acc[N + 1], twice[N + 1] = {0.0};
        gc_fill(&rng, p, N + 1, -1.5, 1.5);
        gc_fill(&rng, pre, N + 1, -3.0, 3.0);
        memcpy(acc, pre, sizeof acc);
        acc_model_grad(p, g, p[N], &g[N], N);
        gc_check_grad("acc_model", eval, p, N + 1, g, GC_RTOL, GC_ATOL * 10.0);
        double tp[N + 1], u[N + 1];
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        gc_check_jvp("acc_model", eval, eval_jvp, p, tp, N + 1, g, GC_RTOL, GC_ATOL * 10.0);
        gc_check_hvp("acc_model", eval_grad, eval_hvp, p, tp, u, N + 1, GC_RTOL, GC_ATOL * 10.0);
        acc_model_grad(p, acc, p[N], &acc[N], N);
        acc_model_grad(p, twice, p[N], &twice[N], N);
        acc_model_grad(p, twice, p[N], &twice[N], N);
        for (int i = 0; i <= N; i++) {
            double tol = 1e-13 * (fabs(pre[i]) + fabs(g[i]));
            gc_check_close(acc[i], pre[i] + g[i], 1e-14, tol);
            gc_check_close(twice[i], 2.0 * g[i], 1e-14, tol);
        }
    }
    return gc_report("accumulate");
}
#endif
