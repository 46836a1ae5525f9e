/* quantize.h: the interface of the quantize example: the network's sizes,
 * the model functions of model.c (adcc writes their derivatives into
 * model_grad.c / model_grad.h), the quantiser's hand-written derivative
 * rules (rules.c) and the Fashion-MNIST reader (data.c). */
#ifndef QUANTIZE_EXAMPLE_H
#define QUANTIZE_EXAMPLE_H

#include <stdint.h>

#define PIXELS  784 /* 28 x 28 images */
#define HIDDEN  64
#define CLASSES 10
#define W1_SIZE (HIDDEN * PIXELS)
#define W2_SIZE (CLASSES * HIDDEN)

/* model.c */
double round_to_grid(double w, int bits);
double quantize(double w, int bits);
void mlp_logits(const double *q1, const double *b1, const double *q2, const double *b2, const double *x,
                double *z);
double qmlp_loss(const double *w1, const double *b1, const double *w2, const double *b2, double s1, double s2,
                 int bits, const double *x, const int *labels, int batch);

/* rules.c: the straight-through rules adcc calls in place of quantize's derivative. */
void quantize_pb(double w, double *d_w, int bits, double d_ret);
double quantize_jvp(double w, double t_w, int bits, double *t_ret);

/* data.c: n images (bytes, row-major 28 x 28) and their labels 0..9. */
typedef struct Dataset {
    int n;
    uint8_t *pixels;
    int *labels;
} Dataset;

/* Reads <dir>/<split>-images-idx3-ubyte.gz and the labels, keeping the first
 * `limit` samples (all if limit <= 0); 0 on success, else -1 with a message. */
int dataset_load(Dataset *d, const char *dir, const char *split, int limit);
void dataset_free(Dataset *d);

#endif
