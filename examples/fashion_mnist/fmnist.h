/* fmnist.h: the interface between the files of the Fashion-MNIST example:
 * the IDX reader (idx.c), the two models (models.c, differentiated by adcc
 * at build time), their parameters (net.c), the loss-curve plot (plot.c)
 * and the training loop (train.c). main.c only parses flags. */
#ifndef FMNIST_H
#define FMNIST_H

#include <stddef.h>
#include <stdint.h>

#include <adt.h>

/* ---- data (idx.c) ---- */

#define FM_ROWS 28
#define FM_COLS 28
#define FM_PIXELS (FM_ROWS * FM_COLS)
#define FM_CLASSES 10

/* One split of the data set: images [n, 784] f32 in [0, 1], labels [n] f32
 * holding class indices 0..9. */
typedef struct FmData {
    adt_tensor *images;
    adt_tensor *labels;
} FmData;

/* Reads <dir>/<split>-images-idx3-ubyte.gz and <dir>/<split>-labels-idx1-ubyte.gz
 * (split "train" or "t10k"). On failure prints "fashion_mnist: <file>: <why>"
 * on stderr and returns -1 with *out untouched; 0 on success. */
int fm_load(const char *dir, const char *split, FmData *out);
/* The first n samples (views; n <= the split's size). */
FmData fm_head(const FmData *d, int64_t n);
/* d's tensors moved to device (adt_to: the same tensors when already there). */
void fm_to(FmData *d, adt_device device);
void fm_free(FmData *d);
/* "T-shirt/top", "Trouser", ... for class c. */
const char *fm_class_name(int c);

/* ---- models (models.c; their gradients in the generated models_grad.c) ----
 * Each returns the mean cross-entropy of its logits on (x, labels); when
 * logits_out is not NULL it also receives the logits [n, 10]. */
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2, adt_tensor *w3,
                adt_tensor *b3, const adt_tensor *x, const adt_tensor *labels, adt_tensor *logits_out);
double cnn_loss(adt_tensor *c1w, adt_tensor *c1b, adt_tensor *c2w, adt_tensor *c2b, adt_tensor *f1w,
                adt_tensor *f1b, adt_tensor *f2w, adt_tensor *f2b, const adt_tensor *x, const adt_tensor *labels,
                adt_tensor *logits_out);

/* ---- parameters (net.c) ---- */

typedef enum { NET_MLP, NET_CNN } NetKind;

#define NET_MAX_PARAMS 8

/* A model's parameters and their gradients (same shapes). */
typedef struct Net {
    NetKind kind;
    int n;
    adt_tensor *param[NET_MAX_PARAMS];
    adt_tensor *grad[NET_MAX_PARAMS];
} Net;

/* "mlp" or "cnn" to *kind; 0 on success, -1 for an unknown name. */
int net_kind_parse(const char *name, NetKind *kind);
const char *net_kind_name(NetKind kind);
/* Parameters drawn from rng (Kaiming-normal weights for the layers that a
 * ReLU follows, Xavier-normal for the output layer, zero biases) and zero
 * gradients. */
void net_init(Net *net, NetKind kind, adt_rng *rng);
/* The parameters moved to device (drawn on the CPU, so a seed gives the
 * same initial model on every device) and zero gradients beside them. */
void net_to(Net *net, adt_device device);
void net_free(Net *net);
int64_t net_numel(const Net *net);
/* The loss on a batch (x [n, 784], labels [n]), logits_out as in mlp_loss. */
double net_loss(Net *net, const adt_tensor *x, const adt_tensor *labels, adt_tensor *logits_out);
/* The loss, with its gradient ADDED into net->grad (zero them first). */
double net_loss_grad(Net *net, const adt_tensor *x, const adt_tensor *labels);

/* Accuracy and mean loss of a model over a data set (on the model's
 * device), in chunks. */
typedef struct NetEval {
    double accuracy;
    double loss;
    int64_t confusion[FM_CLASSES][FM_CLASSES]; /* [true][predicted] */
} NetEval;
NetEval net_evaluate(Net *net, const FmData *data);

/* ---- the loss curve (plot.c) ---- */

/* Writes an SVG line chart of the per-batch losses (thin, smoothed with
 * an exponential moving average) and the per-epoch mean losses (dots at
 * the end of each epoch) to path. Returns 0, or -1 with a message on
 * stderr when the file cannot be written. */
int plot_loss_svg(const char *path, const char *title, const double *batch_loss, int64_t nbatch,
                  const double *epoch_loss, int nepoch);

/* ---- training (train.c) ---- */

typedef enum { OPTIM_SGD, OPTIM_ADAM } OptimKind;

typedef struct TrainConfig {
    NetKind model;
    int epochs;
    int64_t batch;
    double lr;
    OptimKind optim;
    uint64_t seed;
    int64_t limit;      /* training samples used; 0: all */
    const char *data_dir;
    const char *out_dir;
    int eval_each_epoch; /* test accuracy after every epoch, not only at the end */
    int cosine;          /* cosine learning-rate decay to 0 over the run, else constant */
    adt_device device;   /* where the data, the parameters and the training live */
} TrainConfig;

/* Runs the whole experiment: load, train, evaluate, plot. Returns the
 * process exit status. */
int train_run(const TrainConfig *cfg);

#endif
