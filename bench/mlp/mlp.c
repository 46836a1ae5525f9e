/* mlp.c: the benchmarked model, read by adcc (bench/mlp/run.sh writes its
 * gradient mlp_loss_grad to <build>/bench/mlp/mlp_grad.c): the 784-256-128-10
 * ReLU MLP of examples/fashion_mnist with a mean cross-entropy loss.
 * x [n, 784]; w1 [256, 784], w2 [128, 256], w3 [10, 128]; labels [n]. */
#include <adt.h>

ADCC_GRAD(w1, b1, w2, b2, w3, b3)
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2, adt_tensor *w3, adt_tensor *b3,
                const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor *z1 = adt_linear(x, w1, b1);
    adt_tensor *h1 = adt_relu(z1);
    adt_tensor *z2 = adt_linear(h1, w2, b2);
    adt_tensor *h2 = adt_relu(z2);
    adt_tensor *logits = adt_linear(h2, w3, b3);
    double loss = adt_cross_entropy(logits, labels);
    adt_free(z1);
    adt_free(h1);
    adt_free(z2);
    adt_free(h2);
    adt_free(logits);
    return loss;
}
