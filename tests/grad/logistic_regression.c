// RUN: %gradcheck %s %t
// Logistic regression loss with L2 penalty: a stable softplus picked by ?:
// on active margins, labels read as inactive doubles, gradients for w and b.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(w, b)
ADCC_JVP(w, b)
ADCC_HVP(w, b)
double logreg(const double *w, double b, const double *X, const double *y, int m, int d,
              double lambda)
{
    double loss = 0.0;
    for (int i = 0; i < m; i++) {
        double z = b;
        for (int j = 0; j < d; j++)
            z += w[j] * X[i * d + j];
        double t = y[i] > 0.5 ? -z : z;
        loss += t > 0.0 ? t + log1p(exp(-t)) : log1p(exp(t));
    }
    double reg = 0.0;
    for (int j = 0; j < d; j++)
        reg += w[j] * w[j];
    return loss / m + 0.5 * lambda * reg;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define M 16
#define D 4

double logreg_grad(const double *w, double *d_w, double b, double *d_b, const double *X,
                   const double *y, int m, int d, double lambda);
double logreg_jvp(const double *w, const double *t_w, double b, double t_b, const double *X,
                  const double *y, int m, int d, double lambda, double *t_ret);
double logreg_hvp(const double *w, const double *v_w, double *d_w, double *hv_w, double b,
                  double v_b, double *d_b, double *hv_b, const double *X, const double *y, int m,
                  int d, double lambda);

static double X[M * D], Y[M];

/* p = w[0..D), b. */
static double eval(const double *p, int np)
{
    (void)np;
    return logreg(p, p[D], X, Y, M, D, 0.1);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = logreg_jvp(p, tp, p[D], tp[D], X, Y, M, D, 0.1, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    logreg_grad(p, g, p[D], &g[D], X, Y, M, D, 0.1);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    logreg_hvp(p, v, g, hv, p[D], v[D], &g[D], &hv[D], X, Y, M, D, 0.1);
}

int main(void)
{
    GcRng rng = gc_seed(59);
    for (int t = 0; t < 6; t++) {
        double p[D + 1], g[D + 1] = {0.0};
        gc_fill(&rng, p, D + 1, -2.0, 2.0);
        gc_fill(&rng, X, M * D, -2.0, 2.0);
        for (int i = 0; i < M; i++)
            Y[i] = (double)gc_int(&rng, 0, 1);
        double v = logreg_grad(p, g, p[D], &g[D], X, Y, M, D, 0.1);
        double want = eval(p, D + 1);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("logreg", eval, p, D + 1, g, GC_RTOL, GC_ATOL);
        double tp[D + 1], u[D + 1];
        gc_fill_dir(&rng, tp, D + 1);
        gc_fill_dir(&rng, u, D + 1);
        gc_check_jvp("logreg", eval, eval_jvp, p, tp, D + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("logreg", eval_grad, eval_hvp, p, tp, u, D + 1, GC_RTOL, GC_ATOL);
    }
    return gc_report("logistic_regression");
}
#endif
