// RUN: %gradcheck %s %t
// The ADBench Gaussian mixture model objective (the bench/ model at small
// sizes): helpers over &a[i*d] slices, local fixed arrays reused per
// component, malloc scratch, lgamma on inactive data, logsumexp.
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

#define GMM_PI 3.14159265358979323846

/* The per-point temporaries are fixed arrays of this size: d <= GMM_MAX_D
 * (the driver checks; bench.h repeats the value). */
#define GMM_MAX_D 8

static double arr_max(int n, const double *v)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

static double logsumexp(int n, const double *v)
{
    double mx = arr_max(n, v);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(v[i] - mx);
    return log(s) + mx;
}

static double sqnorm(int n, const double *v)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

static void subtract(int n, const double *a, const double *b, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = a[i] - b[i];
}

/* out = (diag(qdiag) + L) v, L strictly lower triangular, packed column
 * by column in ltri. */
static void qtimesx(int d, const double *qdiag, const double *ltri,
                    const double *v, double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = qdiag[i] * v[i];
    int li = 0;
    for (int j = 0; j < d; j++) {
        for (int i = j + 1; i < d; i++) {
            out[i] += ltri[li] * v[j];
            li++;
        }
    }
}

/* log of the multivariate gamma function Gamma_p(a). */
static double log_gamma_distrib(double a, int p)
{
    double r = 0.25 * p * (p - 1) * log(GMM_PI);
    for (int j = 1; j <= p; j++)
        r += lgamma(a + 0.5 * (1 - j));
    return r;
}

static double log_wishart_prior(int d, int k, double gamma, int m,
                                const double *sum_qs, const double *qdiags,
                                const double *icf)
{
    int icf_sz = d * (d + 1) / 2;
    int dof = d + m + 1;
    double c = dof * d * (log(gamma) - 0.5 * log(2.0))
               - log_gamma_distrib(0.5 * dof, d);
    double out = 0.0;
    for (int ik = 0; ik < k; ik++) {
        double frobenius = sqnorm(d, &qdiags[ik * d])
                           + sqnorm(icf_sz - d, &icf[ik * icf_sz + d]);
        out += 0.5 * gamma * gamma * frobenius - m * sum_qs[ik];
    }
    return out - k * c;
}

ADCC_GRAD(alphas, means, icf)
double gmm_objective(int d, int k, int n, const double *alphas,
                     const double *means, const double *icf, const double *x,
                     double wishart_gamma, int wishart_m)
{
    int icf_sz = d * (d + 1) / 2;
    double constant = -n * d * 0.5 * log(2.0 * GMM_PI);
    double *qdiags = malloc(sizeof(double) * (size_t)d * (size_t)k);
    double *sum_qs = malloc(sizeof(double) * (size_t)k);
    double *main_term = malloc(sizeof(double) * (size_t)k);
    double xcentered[GMM_MAX_D];
    double qxcentered[GMM_MAX_D];

    for (int ik = 0; ik < k; ik++) {
        double s = 0.0;
        for (int id = 0; id < d; id++) {
            double q = icf[ik * icf_sz + id];
            qdiags[ik * d + id] = exp(q);
            s += q;
        }
        sum_qs[ik] = s;
    }

    double slse = 0.0;
    for (int ix = 0; ix < n; ix++) {
        for (int ik = 0; ik < k; ik++) {
            subtract(d, &x[ix * d], &means[ik * d], xcentered);
            qtimesx(d, &qdiags[ik * d], &icf[ik * icf_sz + d], xcentered,
                    qxcentered);
            main_term[ik] = alphas[ik] + sum_qs[ik]
                            - 0.5 * sqnorm(d, qxcentered);
        }
        slse += logsumexp(k, main_term);
    }

    double lse_alphas = logsumexp(k, alphas);
    double result = constant + slse - n * lse_alphas
                    + log_wishart_prior(d, k, wishart_gamma, wishart_m,
                                        sum_qs, qdiags, icf);
    free(main_term);
    free(sum_qs);
    free(qdiags);
    return result;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define D 3
#define K 4
#define NPTS 5
#define ICF (D * (D + 1) / 2)
#define NP (K + K * D + K * ICF)

double gmm_objective_grad(int d, int k, int n, const double *alphas, double *d_alphas,
                          const double *means, double *d_means, const double *icf,
                          double *d_icf, const double *x, double wishart_gamma,
                          int wishart_m);

static double xs[NPTS * D];

/* p = alphas[0..K), means[0..K*D), icf[0..K*ICF). */
static double eval(const double *p, int np)
{
    (void)np;
    return gmm_objective(D, K, NPTS, p, p + K, p + K + K * D, xs, 1.3, 2);
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
    }
    return gc_report("gmm");
}
#endif
