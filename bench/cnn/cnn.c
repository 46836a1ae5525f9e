/* cnn.c: the model of the CNN training-step benchmark, as plain C over the
 * tensor runtime (the Fashion-MNIST CNN of examples/fashion_mnist):
 * x [n, 784] seen as [n, 1, 28, 28];
 * conv 3x3 pad 1 (1 -> 16) + relu + maxpool 2  -> [n, 16, 14, 14]
 * conv 3x3 pad 1 (16 -> 32) + relu + maxpool 2 -> [n, 32, 7, 7]
 * linear 1568 -> 128 + relu, linear 128 -> 10, mean cross-entropy.
 * run.sh has adcc write its gradient, cnn_loss_grad. */
#include <adt.h>

ADCC_GRAD(c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b)
double cnn_loss(adt_tensor *c1w, adt_tensor *c1b, adt_tensor *c2w, adt_tensor *c2b, adt_tensor *f1w,
                adt_tensor *f1b, adt_tensor *f2w, adt_tensor *f2b, const adt_tensor *x, const adt_tensor *labels)
{
    int64_t image[4] = {-1, 1, 28, 28};
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
