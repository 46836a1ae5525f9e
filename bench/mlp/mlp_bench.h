/* mlp_bench.h: what the MLP benchmark's files share: the layer sizes, the
 * model that adcc differentiates (mlp.c) and the hand-written forward and
 * backward pass it is compared with (hand_mlp.c). */
#ifndef MLP_BENCH_H
#define MLP_BENCH_H

#include <stddef.h>

#include <adt.h>

#define MLP_IN 784
#define MLP_H1 256
#define MLP_H2 128
#define MLP_OUT 10
#define MLP_NPARAMS 6

/* mlp.c; its adcc gradient mlp_loss_grad comes from the generated header. */
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2, adt_tensor *w3, adt_tensor *b3,
                const adt_tensor *x, const adt_tensor *labels);

/* Scratch of the hand-written pass for batches of up to max_batch rows. */
typedef struct HandWork {
    int max_batch;
    float *h1, *h2;    /* activations after ReLU: [n, 256], [n, 128] */
    float *dlogits;    /* logits, then their adjoint: [n, 10] */
    float *d1, *d2;    /* adjoints of the hidden layers */
} HandWork;

/* 0 on success, -1 when out of memory. */
int hand_work_init(HandWork *ws, int max_batch);
void hand_work_free(HandWork *ws);

/* Parameter element counts, in the order w1, b1, w2, b2, w3, b3. */
extern const size_t mlp_param_numel[MLP_NPARAMS];

/* Mean cross-entropy of the MLP on x [n, 784] (row-major) and labels [n]
 * (class indices as floats); the gradient of every parameter OVERWRITES
 * g[i] (so no zeroing is needed). w and g in the order w1, b1, w2, b2, w3, b3. */
double mlp_hand_grad(const float *const w[MLP_NPARAMS], float *const g[MLP_NPARAMS], const float *x,
                     const float *labels, int n, HandWork *ws);
/* w[i] -= lr g[i] for every parameter. */
void mlp_hand_sgd(float *const w[MLP_NPARAMS], const float *const g[MLP_NPARAMS], float lr);

#endif
