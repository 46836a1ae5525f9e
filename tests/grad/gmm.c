// RUN: %gradcheck %s %t %S/../../bench/gmm.c
// The ADBench Gaussian mixture model objective, the benchmark's own model
// (bench/gmm.c) at small sizes: helpers over &a[i*d] slices, local fixed
// arrays reused per component, malloc scratch, lgamma on inactive data,
// logsumexp. This file is only the check main. Forward mode and
// Hessian-vector products of the same model are checked too.
#include "gradcheck.h"

#define D 3
#define K 4
#define NPTS 5
#define ICF (D * (D + 1) / 2)
#define NP (K + K * D + K * ICF)

double gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                     const double *icf, const double *x, double wishart_gamma, int wishart_m);
double gmm_objective_grad(int d, int k, int n, const double *alphas, double *d_alphas,
                          const double *means, double *d_means, const double *icf,
                          double *d_icf, const double *x, double wishart_gamma,
                          int wishart_m);
double gmm_objective_jvp(int d, int k, int n, const double *alphas, const double *t_alphas,
                         const double *means, const double *t_means, const double *icf,
                         const double *t_icf, const double *x, double wishart_gamma, int wishart_m,
                         double *t_ret);
double gmm_objective_hvp(int d, int k, int n, const double *alphas, const double *v_alphas,
                         double *d_alphas, double *hv_alphas, const double *means,
                         const double *v_means, double *d_means, double *hv_means,
                         const double *icf, const double *v_icf, double *d_icf, double *hv_icf,
                         const double *x, double wishart_gamma, int wishart_m);

static double xs[NPTS * D];

/* p = alphas[0..K), means[0..K*D), icf[0..K*ICF). */
static double eval(const double *p, int np)
{
    (void)np;
    return gmm_objective(D, K, NPTS, p, p + K, p + K + K * D, xs, 1.3, 2);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = gmm_objective_jvp(D, K, NPTS, p, tp, p + K, tp + K, p + K + K * D, tp + K + K * D, xs,
                                 1.3, 2, &t);
    double want = eval(p, np);
    gc_check_array(&v, &want, 1, GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    gmm_objective_grad(D, K, NPTS, p, g, p + K, g + K, p + K + K * D, g + K + K * D, xs, 1.3, 2);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    gmm_objective_hvp(D, K, NPTS, p, v, g, hv, p + K, v + K, g + K, hv + K, p + K + K * D,
                      v + K + K * D, g + K + K * D, hv + K + K * D, xs, 1.3, 2);
}

int main(void)
{
    GcRng rng = gc_seed(77);
    for (int t = 0; t < 4; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -0.7, 0.7);
        gc_fill(&rng, xs, NPTS * D, -1.0, 1.0);
        double f = gmm_objective_grad(D, K, NPTS, p, g, p + K, g + K, p + K + K * D,
                                      g + K + K * D, xs, 1.3, 2);
        double f_ref = eval(p, NP);
        gc_check_array(&f, &f_ref, 1, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("gmm", eval, p, NP, g, GC_RTOL, GC_ATOL);
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("gmm", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("gmm", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL);
    }
    return gc_report("gmm");
}
