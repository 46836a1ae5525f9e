/* hand_mlp.c: the MLP's forward and backward pass written by hand, as one
 * would without an AD tool: f32 throughout, cblas_sgemm for the five
 * products per direction, preallocated scratch (no allocation per step),
 * the softmax, the loss and its adjoint in one pass over the logits, the
 * ReLU masks applied in place, gradients written (beta = 0) instead of
 * accumulated. The reference for adcc's gradient in bench_mlp.c. */
#include "mlp_bench.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

const size_t mlp_param_numel[MLP_NPARAMS] = {
    (size_t)MLP_H1 * MLP_IN, MLP_H1, (size_t)MLP_H2 * MLP_H1, MLP_H2, (size_t)MLP_OUT * MLP_H2, MLP_OUT,
};

int hand_work_init(HandWork *ws, int max_batch)
{
    size_t n = (size_t)max_batch;
    ws->max_batch = max_batch;
    ws->h1 = malloc(n * MLP_H1 * sizeof(float));
    ws->h2 = malloc(n * MLP_H2 * sizeof(float));
    ws->dlogits = malloc(n * MLP_OUT * sizeof(float));
    ws->d1 = malloc(n * MLP_H1 * sizeof(float));
    ws->d2 = malloc(n * MLP_H2 * sizeof(float));
    if (ws->h1 && ws->h2 && ws->dlogits && ws->d1 && ws->d2)
        return 0;
    hand_work_free(ws);
    return -1;
}

void hand_work_free(HandWork *ws)
{
    free(ws->h1);
    free(ws->h2);
    free(ws->dlogits);
    free(ws->d1);
    free(ws->d2);
    ws->h1 = ws->h2 = ws->dlogits = ws->d1 = ws->d2 = NULL;
}

/* y [n, out] = x [n, in] w^T + b, w [out, in]: the bias is broadcast into
 * y first, and sgemm adds the product (beta = 1). */
static void dense(float *y, const float *x, const float *w, const float *b, int n, int in, int out)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < out; j++)
            y[(size_t)i * out + j] = b[j];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0f, x, in, w, in, 1.0f, y, out);
}

static void relu(float *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] = y[i] > 0 ? y[i] : 0;
}

/* Adjoint through a ReLU whose output is h: d = h > 0 ? d : 0. */
static void relu_back(float *d, const float *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = h[i] > 0 ? d[i] : 0;
}

/* Given the adjoint dy [n, out] of y = x w^T + b: dw = dy^T x, db = column
 * sums of dy (both overwritten), and dx = dy w unless dx is NULL. */
static void dense_back(float *dx, float *dw, float *db, const float *dy, const float *x, const float *w, int n, int in,
                       int out)
{
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1.0f, dy, out, x, in, 0.0f, dw, in);
    for (int j = 0; j < out; j++)
        db[j] = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < out; j++)
            db[j] += dy[(size_t)i * out + j];
    if (dx)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1.0f, dy, out, w, in, 0.0f, dx, in);
}

/* The mean cross-entropy of logits [n, 10] (overwritten by their adjoint,
 * (softmax - onehot) / n), with the maximum subtracted before exp. */
static double softmax_xent(float *z, const float *labels, int n)
{
    double loss = 0;
    float inv_n = 1.0f / (float)n;
    for (int i = 0; i < n; i++) {
        float *row = z + (size_t)i * MLP_OUT;
        int y = (int)labels[i];
        float m = row[0], s = 0;
        for (int j = 1; j < MLP_OUT; j++)
            m = row[j] > m ? row[j] : m;
        float zy = row[y] - m;
        for (int j = 0; j < MLP_OUT; j++) {
            row[j] = expf(row[j] - m);
            s += row[j];
        }
        loss += log(s) - zy; /* -log softmax(z)[y] = log sum exp(z - m) - (z_y - m) */
        float r = inv_n / s;
        for (int j = 0; j < MLP_OUT; j++)
            row[j] *= r;
        row[y] -= inv_n;
    }
    return loss / n;
}

double mlp_hand_grad(const float *const w[MLP_NPARAMS], float *const g[MLP_NPARAMS], const float *x,
                     const float *labels, int n, HandWork *ws)
{
    dense(ws->h1, x, w[0], w[1], n, MLP_IN, MLP_H1);
    relu(ws->h1, (size_t)n * MLP_H1);
    dense(ws->h2, ws->h1, w[2], w[3], n, MLP_H1, MLP_H2);
    relu(ws->h2, (size_t)n * MLP_H2);
    dense(ws->dlogits, ws->h2, w[4], w[5], n, MLP_H2, MLP_OUT);
    double loss = softmax_xent(ws->dlogits, labels, n);
    dense_back(ws->d2, g[4], g[5], ws->dlogits, ws->h2, w[4], n, MLP_H2, MLP_OUT);
    relu_back(ws->d2, ws->h2, (size_t)n * MLP_H2);
    dense_back(ws->d1, g[2], g[3], ws->d2, ws->h1, w[2], n, MLP_H1, MLP_H2);
    relu_back(ws->d1, ws->h1, (size_t)n * MLP_H1);
    dense_back(NULL, g[0], g[1], ws->d1, x, w[0], n, MLP_IN, MLP_H1);
    return loss;
}

void mlp_hand_sgd(float *const w[MLP_NPARAMS], const float *const g[MLP_NPARAMS], float lr)
{
    for (int k = 0; k < MLP_NPARAMS; k++) {
        float *p = w[k];
        const float *d = g[k];
        for (size_t i = 0; i < mlp_param_numel[k]; i++)
            p[i] -= lr * d[i];
    }
}
