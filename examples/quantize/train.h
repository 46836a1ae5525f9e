/* train.h: the network's parameters, SGD on a generated gradient, test
 * accuracy and the derivative checks; used by main.c. */
#ifndef QUANTIZE_TRAIN_H
#define QUANTIZE_TRAIN_H

#include "quantize.h"

/* Full-precision ("latent") weights; the model sees them quantised with
 * the per-layer scales s1, s2 on a `bits`-bit grid. */
typedef struct Net {
    double *w1, *b1, *w2, *b2;
    double s1, s2;
    int bits;
} Net;

/* The signature of qmlp_loss_grad and qmlp_loss_round_grad. */
typedef double (*LossGrad)(const double *w1, double *d_w1, const double *b1, double *d_b1, const double *w2,
                           double *d_w2, const double *b2, double *d_b2, double s1, double s2, int bits,
                           const double *x, const int *labels, int batch);

/* Kaiming-uniform weights from a seeded generator, zero biases; each
 * layer's grid spans scale_mult times its initial range. 0 or -1 (no memory). */
int net_init(Net *net, int bits, double scale_mult, uint64_t seed);
int net_copy(Net *dst, const Net *src);
void net_free(Net *net);

/* One epoch of mini-batch SGD in a seeded order; returns the mean loss. */
double train_epoch(Net *net, LossGrad grad, const Dataset *d, int batch, double lr, uint64_t seed);

/* Fraction of d classified right, with quantised weights or the latent ones. */
double accuracy(const Net *net, const Dataset *d, int quantised);

/* Largest |w - w0| over both weight matrices, and the fraction of weights
 * whose quantisation level differs. */
double max_weight_change(const Net *net, const Net *net0, double *frac_level_changed);

/* Checks the generated derivatives on one batch: qmlp_loss_jvp (forward
 * rule) against qmlp_loss_grad (reverse rule) in a random direction of all
 * parameters, and qmlp_loss_grad against central differences along the
 * biases (not quantised). Prints both; returns 0 if they agree. */
int check_derivatives(const Net *net, const Dataset *d, int batch, uint64_t seed);

#endif
