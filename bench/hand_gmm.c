/* hand_gmm.c: a hand-written reverse-mode adjoint of gmm_objective(), the
 * reference adcc's generated gradient is timed against.
 *
 * Notation as in gmm.c. For data point i and component c let
 * r = x_i - mu_c, z = Q_c r, t_c = alpha_c + sum(q_c) - |z|^2/2 and
 * w_c = softmax_c(t) (the weight of c in the point's logsumexp). Then
 *
 *   dalpha_c += w_c             dsum(q_c) += w_c
 *   dz = -w_c z                 dQdiag_c[j] += dz[j] r[j]
 *   dL_c[l,j] += dz[l] r[j]     dmu_c[j] -= Qdiag_c[j] dz[j] + sum_{l>j} L_c[l,j] dz[l]
 *
 * and, once at the end, dalpha -= n softmax(alpha), the prior's
 * dq += gamma^2 exp(2q) - m and dL += gamma^2 L, and the chain rule through
 * Qdiag = exp(q). One pass over the data: each point's r and z for all
 * components stay in a k*d scratch buffer until its weights are known.
 * Same contract as adcc's gmm_objective_grad: returns the primal value and
 * accumulates into d_alphas, d_means, d_icf (the caller zeroes them). */
#include "bench.h"

#include <math.h>
#include <stdlib.h>

#define HAND_PI 3.14159265358979323846

static double hand_logsumexp(int n, const double *v)
{
    double mx = v[0];
    for (int i = 1; i < n; i++)
        if (v[i] > mx)
            mx = v[i];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(v[i] - mx);
    return log(s) + mx;
}

/* The constant part of the log Wishart prior, k * C(d, m, gamma). */
static double wishart_constant(int d, int k, double gamma, int m)
{
    int dof = d + m + 1;
    double lgd = 0.25 * d * (d - 1) * log(HAND_PI);
    for (int j = 1; j <= d; j++)
        lgd += lgamma(0.5 * dof + 0.5 * (1 - j));
    return k * (dof * d * (log(gamma) - 0.5 * log(2.0)) - lgd);
}

double gmm_objective_hand_grad(int d, int k, int n, const double *alphas,
                               double *d_alphas, const double *means,
                               double *d_means, const double *icf,
                               double *d_icf, const double *x,
                               double wishart_gamma, int wishart_m)
{
    const int icf_sz = d * (d + 1) / 2;
    const size_t kd = (size_t)k * (size_t)d;
    /* One allocation: qdiags, d_qdiags, r, z (k*d each), sum_qs,
     * d_sum_qs, t (k each). */
    double *buf = malloc(sizeof(double) * (4 * kd + 3 * (size_t)k));
    if (!buf)
        abort();
    double *qdiags = buf;
    double *d_qdiags = qdiags + kd;
    double *rs = d_qdiags + kd;
    double *zs = rs + kd;
    double *sum_qs = zs + kd;
    double *d_sum_qs = sum_qs + k;
    double *t = d_sum_qs + k;

    for (int c = 0; c < k; c++) {
        const double *q = icf + (size_t)c * icf_sz;
        double s = 0.0;
        for (int j = 0; j < d; j++) {
            qdiags[c * d + j] = exp(q[j]);
            d_qdiags[c * d + j] = 0.0;
            s += q[j];
        }
        sum_qs[c] = s;
        d_sum_qs[c] = 0.0;
    }

    double slse = 0.0;
    for (int i = 0; i < n; i++) {
        const double *xi = x + (size_t)i * d;
        /* Forward: r, z and t for every component. */
        double tmax = -INFINITY;
        for (int c = 0; c < k; c++) {
            const double *mu = means + (size_t)c * d;
            const double *qd = qdiags + (size_t)c * d;
            const double *lt = icf + (size_t)c * icf_sz + d;
            double *r = rs + (size_t)c * d;
            double *z = zs + (size_t)c * d;
            for (int j = 0; j < d; j++) {
                r[j] = xi[j] - mu[j];
                z[j] = qd[j] * r[j];
            }
            int li = 0;
            for (int j = 0; j < d; j++) {
                double rj = r[j];
                for (int l = j + 1; l < d; l++)
                    z[l] += lt[li++] * rj;
            }
            double nz = 0.0;
            for (int j = 0; j < d; j++)
                nz += z[j] * z[j];
            t[c] = alphas[c] + sum_qs[c] - 0.5 * nz;
            if (t[c] > tmax)
                tmax = t[c];
        }
        double se = 0.0;
        for (int c = 0; c < k; c++) {
            t[c] = exp(t[c] - tmax);
            se += t[c];
        }
        slse += tmax + log(se);

        /* Reverse: w_c = t[c] / se. */
        double inv_se = 1.0 / se;
        for (int c = 0; c < k; c++) {
            double w = t[c] * inv_se;
            d_alphas[c] += w;
            d_sum_qs[c] += w;
            const double *qd = qdiags + (size_t)c * d;
            const double *lt = icf + (size_t)c * icf_sz + d;
            const double *r = rs + (size_t)c * d;
            double *z = zs + (size_t)c * d;
            double *dqd = d_qdiags + (size_t)c * d;
            double *dmu = d_means + (size_t)c * d;
            double *dlt = d_icf + (size_t)c * icf_sz + d;
            for (int j = 0; j < d; j++)
                z[j] *= -w; /* z now holds dz */
            int li = 0;
            for (int j = 0; j < d; j++) {
                double rj = r[j];
                double dr = qd[j] * z[j];
                dqd[j] += z[j] * rj;
                for (int l = j + 1; l < d; l++, li++) {
                    dr += lt[li] * z[l];
                    dlt[li] += z[l] * rj;
                }
                dmu[j] -= dr;
            }
        }
    }

    /* -n logsumexp(alphas) */
    double lse_alphas = hand_logsumexp(k, alphas);
    for (int c = 0; c < k; c++)
        d_alphas[c] -= n * exp(alphas[c] - lse_alphas);

    /* Prior, and the chain rule through qdiags = exp(q). */
    const double g2 = wishart_gamma * wishart_gamma;
    double prior = 0.0;
    for (int c = 0; c < k; c++) {
        const double *lt = icf + (size_t)c * icf_sz + d;
        double *dq = d_icf + (size_t)c * icf_sz;
        double *dlt = dq + d;
        const double *qd = qdiags + (size_t)c * d;
        const double *dqd = d_qdiags + (size_t)c * d;
        double frob = 0.0;
        double dsq = d_sum_qs[c] - wishart_m;
        for (int j = 0; j < d; j++) {
            frob += qd[j] * qd[j];
            dq[j] += dsq + (dqd[j] + g2 * qd[j]) * qd[j];
        }
        for (int j = 0; j < icf_sz - d; j++) {
            frob += lt[j] * lt[j];
            dlt[j] += g2 * lt[j];
        }
        prior += 0.5 * g2 * frob - wishart_m * sum_qs[c];
    }
    prior -= wishart_constant(d, k, wishart_gamma, wishart_m);

    double constant = -n * d * 0.5 * log(2.0 * HAND_PI);
    free(buf);
    return constant + slse - n * lse_alphas + prior;
}
