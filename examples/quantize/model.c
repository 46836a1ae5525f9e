/* model.c: a two-layer classifier (784-64-10, ReLU) whose weights go through
 * a k-bit quantiser, in plain C; the only file adcc reads. adcc writes
 * qmlp_loss_grad, qmlp_loss_jvp and qmlp_loss_round_grad into model_grad.c.
 *
 * round() has derivative 0 almost everywhere, so differentiating the
 * quantiser as written gives no gradient to the weights at all. quantize()
 * is the same function with hand-written straight-through rules (rules.c):
 * adcc calls those instead of differentiating its body. */
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

#include "quantize.h"

/* w clipped to [-1, 1] and rounded to the nearest of the 2^bits - 1
 * levels k / (2^(bits-1) - 1), k = -(2^(bits-1) - 1) .. 2^(bits-1) - 1. */
double round_to_grid(double w, int bits)
{
    double levels = (double)((1 << (bits - 1)) - 1);
    return round(fmin(fmax(w, -1.0), 1.0) * levels) / levels;
}

/* The same quantiser; its derivative is the straight-through estimator. */
ADCC_PULLBACK(quantize_pb)
ADCC_PUSHFORWARD(quantize_jvp)
double quantize(double w, int bits)
{
    return round_to_grid(w, bits);
}

/* Logits z [10] of one image x [784]: z = q2 relu(q1 x + b1) + b2. */
void mlp_logits(const double *q1, const double *b1, const double *q2, const double *b2, const double *x,
                double *z)
{
    double h[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
        double acc = b1[j];
        for (int k = 0; k < PIXELS; k++)
            acc += q1[j * PIXELS + k] * x[k];
        h[j] = fmax(acc, 0.0);
    }
    for (int c = 0; c < CLASSES; c++) {
        double acc = b2[c];
        for (int j = 0; j < HIDDEN; j++)
            acc += q2[c * HIDDEN + j] * h[j];
        z[c] = acc;
    }
}

/* -log softmax(z)[label], shifted by max(z) so that exp cannot overflow. */
static double cross_entropy(const double *z, int label)
{
    double m = z[0];
    for (int c = 1; c < CLASSES; c++)
        m = fmax(m, z[c]);
    double s = 0.0;
    for (int c = 0; c < CLASSES; c++)
        s += exp(z[c] - m);
    return m + log(s) - z[label];
}

/* Mean cross-entropy of a batch x [batch, 784] under weights q1, q2. */
static double batch_loss(const double *q1, const double *b1, const double *q2, const double *b2,
                         const double *x, const int *labels, int batch)
{
    double loss = 0.0;
    for (int s = 0; s < batch; s++) {
        double z[CLASSES];
        mlp_logits(q1, b1, q2, b2, x + s * PIXELS, z);
        loss += cross_entropy(z, labels[s]);
    }
    return loss / batch;
}

/* The training loss: each layer's weights quantised on the grid scaled by
 * s1 or s2 (q = s quantize(w / s)), biases in full precision. */
ADCC_GRAD(w1, b1, w2, b2)
ADCC_JVP(w1, b1, w2, b2)
double qmlp_loss(const double *w1, const double *b1, const double *w2, const double *b2, double s1, double s2,
                 int bits, const double *x, const int *labels, int batch)
{
    double *q1 = malloc(sizeof(double) * W1_SIZE);
    double *q2 = malloc(sizeof(double) * W2_SIZE);
    for (int i = 0; i < W1_SIZE; i++)
        q1[i] = s1 * quantize(w1[i] / s1, bits);
    for (int i = 0; i < W2_SIZE; i++)
        q2[i] = s2 * quantize(w2[i] / s2, bits);
    double loss = batch_loss(q1, b1, q2, b2, x, labels, batch);
    free(q1);
    free(q2);
    return loss;
}

/* The same loss with round_to_grid, which has no rule: for contrast. */
ADCC_GRAD(w1, b1, w2, b2)
double qmlp_loss_round(const double *w1, const double *b1, const double *w2, const double *b2, double s1,
                       double s2, int bits, const double *x, const int *labels, int batch)
{
    double *q1 = malloc(sizeof(double) * W1_SIZE);
    double *q2 = malloc(sizeof(double) * W2_SIZE);
    for (int i = 0; i < W1_SIZE; i++)
        q1[i] = s1 * round_to_grid(w1[i] / s1, bits);
    for (int i = 0; i < W2_SIZE; i++)
        q2[i] = s2 * round_to_grid(w2[i] / s2, bits);
    double loss = batch_loss(q1, b1, q2, b2, x, labels, batch);
    free(q1);
    free(q2);
    return loss;
}
