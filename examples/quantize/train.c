/* train.c: parameters, SGD with the gradients adcc generated from model.c,
 * accuracy, and the derivative checks. */
#include "train.h"
#include "model_grad.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: uniform doubles in [0, 1) and integers in [0, n). */
static double rng_uniform(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return (double)((*s * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53;
}

static uint64_t rng_seed(uint64_t seed)
{
    return seed * 0x9E3779B97F4A7C15ull + 0x5DEECE66Dull;
}

static int net_alloc(Net *net, int bits)
{
    net->w1 = malloc(sizeof(double) * W1_SIZE);
    net->b1 = calloc(HIDDEN, sizeof(double));
    net->w2 = malloc(sizeof(double) * W2_SIZE);
    net->b2 = calloc(CLASSES, sizeof(double));
    net->bits = bits;
    return net->w1 && net->b1 && net->w2 && net->b2 ? 0 : -1;
}

int net_init(Net *net, int bits, double scale_mult, uint64_t seed)
{
    if (net_alloc(net, bits))
        return -1;
    uint64_t s = rng_seed(seed);
    double a1 = sqrt(6.0 / PIXELS), a2 = sqrt(6.0 / HIDDEN);
    for (int i = 0; i < W1_SIZE; i++)
        net->w1[i] = a1 * (2 * rng_uniform(&s) - 1);
    for (int i = 0; i < W2_SIZE; i++)
        net->w2[i] = a2 * (2 * rng_uniform(&s) - 1);
    net->s1 = scale_mult * a1;
    net->s2 = scale_mult * a2;
    return 0;
}

int net_copy(Net *dst, const Net *src)
{
    if (net_alloc(dst, src->bits))
        return -1;
    memcpy(dst->w1, src->w1, sizeof(double) * W1_SIZE);
    memcpy(dst->b1, src->b1, sizeof(double) * HIDDEN);
    memcpy(dst->w2, src->w2, sizeof(double) * W2_SIZE);
    memcpy(dst->b2, src->b2, sizeof(double) * CLASSES);
    dst->s1 = src->s1;
    dst->s2 = src->s2;
    return 0;
}

void net_free(Net *net)
{
    free(net->w1), free(net->b1), free(net->w2), free(net->b2);
    memset(net, 0, sizeof *net);
}

/* Images idx[0..count) of d as doubles in [0, 1] into x, labels into y. */
static void gather(const Dataset *d, const int *idx, int count, double *x, int *y)
{
    for (int s = 0; s < count; s++) {
        const uint8_t *p = d->pixels + (size_t)idx[s] * PIXELS;
        for (int k = 0; k < PIXELS; k++)
            x[s * PIXELS + k] = p[k] * (1.0 / 255.0);
        y[s] = d->labels[idx[s]];
    }
}

/* p -= lr * g over n entries. */
static void sgd(double *p, const double *g, double lr, int n)
{
    for (int i = 0; i < n; i++)
        p[i] -= lr * g[i];
}

double train_epoch(Net *net, LossGrad grad, const Dataset *d, int batch, double lr, uint64_t seed)
{
    int *order = malloc(sizeof(int) * (size_t)d->n), *y = malloc(sizeof(int) * (size_t)batch);
    double *x = malloc(sizeof(double) * (size_t)batch * PIXELS);
    double *g = malloc(sizeof(double) * (W1_SIZE + HIDDEN + W2_SIZE + CLASSES));
    if (!order || !y || !x || !g) {
        fprintf(stderr, "quantize: out of memory\n");
        exit(1);
    }
    double *g_w1 = g, *g_b1 = g_w1 + W1_SIZE, *g_w2 = g_b1 + HIDDEN, *g_b2 = g_w2 + W2_SIZE;
    uint64_t s = rng_seed(seed);
    for (int i = 0; i < d->n; i++) { /* Fisher-Yates */
        int j = (int)(rng_uniform(&s) * (i + 1));
        if (j != i)
            order[i] = order[j];
        order[j] = i;
    }
    double sum = 0.0;
    int steps = 0;
    for (int start = 0; start + batch <= d->n; start += batch, steps++) {
        gather(d, order + start, batch, x, y);
        memset(g, 0, sizeof(double) * (W1_SIZE + HIDDEN + W2_SIZE + CLASSES)); /* gradients accumulate */
        sum += grad(net->w1, g_w1, net->b1, g_b1, net->w2, g_w2, net->b2, g_b2, net->s1, net->s2, net->bits,
                    x, y, batch);
        sgd(net->w1, g_w1, lr, W1_SIZE);
        sgd(net->b1, g_b1, lr, HIDDEN);
        sgd(net->w2, g_w2, lr, W2_SIZE);
        sgd(net->b2, g_b2, lr, CLASSES);
    }
    free(order), free(y), free(x), free(g);
    return steps ? sum / steps : NAN;
}

/* q = s quantize(w / s), as the model computes it. */
static void quantise_layer(double *q, const double *w, double s, int bits, int n)
{
    for (int i = 0; i < n; i++)
        q[i] = s * quantize(w[i] / s, bits);
}

double accuracy(const Net *net, const Dataset *d, int quantised)
{
    double *q1 = malloc(sizeof(double) * W1_SIZE), *q2 = malloc(sizeof(double) * W2_SIZE);
    if (!q1 || !q2) {
        fprintf(stderr, "quantize: out of memory\n");
        exit(1);
    }
    if (quantised) {
        quantise_layer(q1, net->w1, net->s1, net->bits, W1_SIZE);
        quantise_layer(q2, net->w2, net->s2, net->bits, W2_SIZE);
    } else {
        memcpy(q1, net->w1, sizeof(double) * W1_SIZE);
        memcpy(q2, net->w2, sizeof(double) * W2_SIZE);
    }
    int right = 0;
    for (int i = 0; i < d->n; i++) {
        double x[PIXELS], z[CLASSES];
        int y, best = 0;
        gather(d, &i, 1, x, &y);
        mlp_logits(q1, net->b1, q2, net->b2, x, z);
        for (int c = 1; c < CLASSES; c++)
            best = z[c] > z[best] ? c : best;
        right += best == y;
    }
    free(q1), free(q2);
    return d->n ? (double)right / d->n : 0.0;
}

double max_weight_change(const Net *net, const Net *net0, double *frac_level_changed)
{
    double m = 0.0;
    long changed = 0;
    for (int i = 0; i < W1_SIZE + W2_SIZE; i++) {
        int first = i < W1_SIZE;
        double w = first ? net->w1[i] : net->w2[i - W1_SIZE],
               w0 = first ? net0->w1[i] : net0->w2[i - W1_SIZE];
        double s = first ? net->s1 : net->s2;
        m = fmax(m, fabs(w - w0));
        changed += quantize(w / s, net->bits) != quantize(w0 / s, net->bits);
    }
    *frac_level_changed = (double)changed / (W1_SIZE + W2_SIZE);
    return m;
}

int check_derivatives(const Net *net, const Dataset *d, int batch, uint64_t seed)
{
    enum { NP = W1_SIZE + HIDDEN + W2_SIZE + CLASSES };
    double *g = calloc(NP, sizeof(double)), *v = malloc(sizeof(double) * NP);
    double *x = malloc(sizeof(double) * (size_t)batch * PIXELS), *b1 = malloc(sizeof(double) * HIDDEN);
    double *b2 = malloc(sizeof(double) * CLASSES);
    int *idx = malloc(sizeof(int) * (size_t)batch), *y = malloc(sizeof(int) * (size_t)batch);
    if (!g || !v || !x || !b1 || !b2 || !idx || !y) {
        fprintf(stderr, "quantize: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < batch; i++)
        idx[i] = i;
    gather(d, idx, batch, x, y);
    uint64_t s = rng_seed(seed + 77);
    for (int i = 0; i < NP; i++)
        v[i] = 2 * rng_uniform(&s) - 1;
    double *v_w1 = v, *v_b1 = v + W1_SIZE, *v_w2 = v_b1 + HIDDEN, *v_b2 = v_w2 + W2_SIZE;
    double *g_w1 = g, *g_b1 = g + W1_SIZE, *g_w2 = g_b1 + HIDDEN, *g_b2 = g_w2 + W2_SIZE;
    qmlp_loss_grad(net->w1, g_w1, net->b1, g_b1, net->w2, g_w2, net->b2, g_b2, net->s1, net->s2, net->bits, x,
                   y, batch);
    double t_loss, gv = 0.0, gv_b = 0.0;
    qmlp_loss_jvp(net->w1, v_w1, net->b1, v_b1, net->w2, v_w2, net->b2, v_b2, net->s1, net->s2, net->bits, x,
                  y, batch, &t_loss);
    for (int i = 0; i < NP; i++)
        gv += g[i] * v[i];
    for (int j = 0; j < HIDDEN + CLASSES; j++) /* g . v along the biases only */
        gv_b += j < HIDDEN ? g_b1[j] * v_b1[j] : g_b2[j - HIDDEN] * v_b2[j - HIDDEN];
    double h = 1e-5, f[2];
    for (int k = 0; k < 2; k++) {
        double sign = k == 0 ? 1.0 : -1.0;
        for (int j = 0; j < HIDDEN; j++)
            b1[j] = net->b1[j] + sign * h * v_b1[j];
        for (int c = 0; c < CLASSES; c++)
            b2[c] = net->b2[c] + sign * h * v_b2[c];
        f[k] = qmlp_loss(net->w1, b1, net->w2, b2, net->s1, net->s2, net->bits, x, y, batch);
    }
    double fd = (f[0] - f[1]) / (2 * h);
    double e_jvp = fabs(t_loss - gv) / fmax(fabs(gv), 1e-300),
           e_fd = fabs(fd - gv_b) / fmax(fabs(gv_b), 1e-300);
    printf("derivative checks on one batch of %d, random direction v:\n", batch);
    printf("  qmlp_loss_jvp (quantize_jvp)  vs  qmlp_loss_grad (quantize_pb) . v   rel err %.1e\n", e_jvp);
    printf("  qmlp_loss_grad . v  vs  central differences, v along the biases      rel err %.1e\n\n", e_fd);
    free(g), free(v), free(x), free(b1), free(b2), free(idx), free(y);
    return !(e_jvp < 1e-10 && e_fd < 1e-6);
}
