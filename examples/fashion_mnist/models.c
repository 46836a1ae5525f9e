/* models.c: the two Fashion-MNIST classifiers as plain C over the tensor
 * runtime, each a function from its weights and a batch to the mean
 * cross-entropy. adcc reads this file at build time and writes their
 * gradients (mlp_loss_grad, cnn_loss_grad) into models_grad.c; nothing
 * here knows about training.
 *
 * logits_out (not differentiated: it does not reach the loss) lets the
 * evaluation reuse the same forward pass instead of a second copy of it. */
#include "fmnist.h"

/* MLP 784-256-128-10: x [n, 784]; w1 [256, 784], w2 [128, 256], w3 [10, 128]. */
ADCC_GRAD(w1, b1, w2, b2, w3, b3)
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2, adt_tensor *w3,
                adt_tensor *b3, const adt_tensor *x, const adt_tensor *labels, adt_tensor *logits_out)
{
    adt_tensor *z1 = adt_linear(x, w1, b1);
    adt_tensor *h1 = adt_relu(z1);
    adt_tensor *z2 = adt_linear(h1, w2, b2);
    adt_tensor *h2 = adt_relu(z2);
    adt_tensor *logits = adt_linear(h2, w3, b3);
    double loss = adt_cross_entropy(logits, labels);
    if (logits_out)
        adt_copy_(logits_out, logits);
    adt_free(z1);
    adt_free(h1);
    adt_free(z2);
    adt_free(h2);
    adt_free(logits);
    return loss;
}

/* CNN: x [n, 784] seen as [n, 1, 28, 28];
 * conv 3x3 pad 1 (1 -> 16) + relu + maxpool 2  -> [n, 16, 14, 14]
 * conv 3x3 pad 1 (16 -> 32) + relu + maxpool 2 -> [n, 32, 7, 7]
 * linear 1568 -> 128 + relu, linear 128 -> 10.
 * c1w [16, 1, 3, 3], c2w [32, 16, 3, 3], f1w [128, 1568], f2w [10, 128]. */
ADCC_GRAD(c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b)
double cnn_loss(adt_tensor *c1w, adt_tensor *c1b, adt_tensor *c2w, adt_tensor *c2b, adt_tensor *f1w,
                adt_tensor *f1b, adt_tensor *f2w, adt_tensor *f2b, const adt_tensor *x, const adt_tensor *labels,
                adt_tensor *logits_out)
{
    int64_t image[4] = {-1, 1, FM_ROWS, FM_COLS};
    int64_t flat[2] = {-1, 32 * 7 * 7};
    adt_tensor *img = adt_view(x, 4, image);
    adt_tensor *c1 = adt_conv2d(img, c1w, c1b, 1, 1);
    adt_tensor *r1 = adt_relu(c1);
    adt_tensor *p1 = adt_max_pool2d(r1, 2, 2);
    adt_tensor *c2 = adt_conv2d(p1, c2w, c2b, 1, 1);
    adt_tensor *r2 = adt_relu(c2);
    adt_tensor *p2 = adt_max_pool2d(r2, 2, 2);
    adt_tensor *f = adt_view(p2, 2, flat);
    adt_tensor *z3 = adt_linear(f, f1w, f1b);
    adt_tensor *h3 = adt_relu(z3);
    adt_tensor *logits = adt_linear(h3, f2w, f2b);
    double loss = adt_cross_entropy(logits, labels);
    if (logits_out)
        adt_copy_(logits_out, logits);
    adt_free(img);
    adt_free(c1);
    adt_free(r1);
    adt_free(p1);
    adt_free(c2);
    adt_free(r2);
    adt_free(p2);
    adt_free(f);
    adt_free(z3);
    adt_free(h3);
    adt_free(logits);
    return loss;
}
