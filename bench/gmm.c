/* gmm.c: the Gaussian mixture model objective of ADBench, the second adcc
 * benchmark model, written from the math.
 *
 * d dimensions, k components, n data points x_i (n x d, row-major).
 * Component c has weight logit alphas[c], mean means[c*d .. c*d+d-1] and
 * inverse-covariance factor Q_c = diag(exp(q_c)) + L_c, packed in
 * icf[c*icf_sz ..] with icf_sz = d(d+1)/2: first the d log-diagonal
 * entries q_c, then the strictly-lower entries of L_c column by column.
 *
 *   f = -n d/2 log(2 pi)
 *       + sum_i logsumexp_c(alphas[c] + sum(q_c) - 1/2 |Q_c (x_i - mu_c)|^2)
 *       - n logsumexp(alphas)
 *       + sum_c (gamma^2/2 (|exp(q_c)|^2 + |L_c|^2) - m sum(q_c)) - k C(d, m, gamma)
 *
 * the last line being ADBench's log Wishart prior (gamma = 1, m = 0 in the
 * benchmark). Plain C as a programmer would write it; adcc generates
 * gmm_objective_grad (see bench/README.md). */
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

#define GMM_PI 3.14159265358979323846

/* The per-point temporaries are fixed arrays of this size: d <= GMM_MAX_D
 * (the driver checks; bench.h repeats the value). */
#define GMM_MAX_D 64

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
ADCC_JVP(alphas, means, icf)
ADCC_HVP(alphas, means, icf)
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
