/* main.c: the quantize command. Trains a 784-64-10 classifier with k-bit
 * weights on Fashion-MNIST by SGD on qmlp_loss_grad, the gradient adcc
 * generated with the quantiser's straight-through rule; then, from the
 * same start, on qmlp_loss_round_grad, where adcc differentiated round()
 * itself and the weights get no gradient. Usage: quantize --help. */
#include "train.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_grad.h"

#define DEFAULT_DATA_DIR "/usr/share/datasets/fashion-mnist"

typedef struct Config {
    int bits, epochs, batch, train_limit, test_limit, contrast_epochs;
    double lr, scale;
    uint64_t seed;
    const char *data;
} Config;

static void usage(FILE *f)
{
    fputs("usage: quantize [options]\n"
          "Trains a 784-64-10 Fashion-MNIST classifier whose weights are quantised to a k-bit\n"
          "grid, with adcc's gradient through a straight-through rule, then without the rule.\n"
          "  --bits K            bits per weight, 2..8 (default 4: 15 levels)\n"
          "  --epochs N          epochs with the straight-through rule (default 3)\n"
          "  --contrast-epochs N epochs of the run without the rule (default 1)\n"
          "  --batch B           mini-batch size (default 32)\n"
          "  --lr X              SGD learning rate (default 0.1)\n"
          "  --scale X           each layer's grid spans X times its initial weight range (default 1)\n"
          "  --train N           train on the first N of the 60000 images (default 15000)\n"
          "  --test N            test on the first N of the 10000 test images (default 10000)\n"
          "  --seed S            initialisation, batch order and check direction (default 1)\n"
          "  --data DIR          the *-ubyte.gz files (default " DEFAULT_DATA_DIR ")\n",
          f);
}

static int bad_value(const char *flag, const char *v, const char *want)
{
    fprintf(stderr, "quantize: %s %s: expected %s\n", flag, v, want);
    return -1;
}

static int parse_int(const char *flag, const char *s, long lo, long hi, int *v)
{
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi) {
        char want[96];
        snprintf(want, sizeof want, "an integer from %ld to %ld", lo, hi);
        return bad_value(flag, s, want);
    }
    *v = (int)x;
    return 0;
}

static int parse_positive(const char *flag, const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (errno || end == s || *end || !(*v > 0) || *v > 1e6)
        return bad_value(flag, s, "a number > 0");
    return 0;
}

static int parse_flag(Config *c, const char *flag, const char *v)
{
    int seed;
    if (strcmp(flag, "--bits") == 0)
        return parse_int(flag, v, 2, 8, &c->bits);
    if (strcmp(flag, "--epochs") == 0)
        return parse_int(flag, v, 0, 1000, &c->epochs);
    if (strcmp(flag, "--contrast-epochs") == 0)
        return parse_int(flag, v, 0, 1000, &c->contrast_epochs);
    if (strcmp(flag, "--batch") == 0)
        return parse_int(flag, v, 1, 60000, &c->batch);
    if (strcmp(flag, "--train") == 0)
        return parse_int(flag, v, 1, 60000, &c->train_limit);
    if (strcmp(flag, "--test") == 0)
        return parse_int(flag, v, 1, 10000, &c->test_limit);
    if (strcmp(flag, "--lr") == 0)
        return parse_positive(flag, v, &c->lr);
    if (strcmp(flag, "--scale") == 0)
        return parse_positive(flag, v, &c->scale);
    if (strcmp(flag, "--seed") == 0)
        return parse_int(flag, v, 0, 1000000000, &seed) ? -1 : (c->seed = (uint64_t)seed, 0);
    if (strcmp(flag, "--data") == 0)
        return c->data = v, 0;
    fprintf(stderr, "quantize: unknown option %s (see --help)\n", flag);
    return -1;
}

static int parse_args(Config *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 == argc) {
            fprintf(stderr, "quantize: %s needs a value (see --help)\n", argv[i]);
            return -1;
        }
        if (parse_flag(c, argv[i], argv[i + 1]))
            return -1;
        i++;
    }
    if (c->batch > c->train_limit) {
        fprintf(stderr, "quantize: --batch %d is larger than the training set (%d)\n", c->batch,
                c->train_limit);
        return -1;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Trains net for `epochs` epochs, printing a line per epoch. */
static void train(Net *net, LossGrad grad, const Dataset *tr, const Dataset *te, const Config *c, int epochs,
                  const Net *net0)
{
    for (int e = 1; e <= epochs; e++) {
        double t0 = now();
        double loss = train_epoch(net, grad, tr, c->batch, c->lr, c->seed * 1000 + (uint64_t)e);
        double secs = now() - t0, frac;
        double moved = max_weight_change(net, net0, &frac);
        printf(
            "  epoch %2d  loss %.4f  test accuracy %.4f  max |w - w0| %.3e  levels changed %5.1f%%  %.1f s\n",
            e, loss, accuracy(net, te, 1), moved, 100 * frac, secs);
    }
}

int main(int argc, char **argv)
{
    Config c = {.bits = 4,
                .epochs = 3,
                .contrast_epochs = 1,
                .batch = 32,
                .train_limit = 15000,
                .test_limit = 10000,
                .lr = 0.1,
                .scale = 1.0,
                .seed = 1,
                .data = DEFAULT_DATA_DIR};
    if (parse_args(&c, argc, argv))
        return 2;
    Dataset tr, te;
    if (dataset_load(&tr, c.data, "train", c.train_limit) || dataset_load(&te, c.data, "t10k", c.test_limit))
        return 77; /* ctest: skipped, no data */
    Net net0, net, plain;
    if (net_init(&net0, c.bits, c.scale, c.seed) || net_copy(&net, &net0) || net_copy(&plain, &net0)) {
        fprintf(stderr, "quantize: out of memory\n");
        return 1;
    }
    int levels = (1 << c.bits) - 1;
    printf("Fashion-MNIST, %d training and %d test images; 784-%d-%d MLP, weights on a %d-bit grid "
           "(%d levels per layer), SGD lr %g batch %d\n",
           tr.n, te.n, HIDDEN, CLASSES, c.bits, levels, c.lr, c.batch);
    printf("test accuracy at the start: %.4f\n\n", accuracy(&net0, &te, 1));
    int bad_check = check_derivatives(&net0, &tr, c.batch, c.seed);

    printf("with the straight-through rule (qmlp_loss_grad: quantize_pb passes the gradient through):\n");
    train(&net, qmlp_loss_grad, &tr, &te, &c, c.epochs, &net0);
    double acc = accuracy(&net, &te, 1), acc_latent = accuracy(&net, &te, 0);
    printf("  final test accuracy %.4f with %d-bit weights (%.4f with the latent full-precision weights)\n\n",
           acc, c.bits, acc_latent);

    printf("without the rule (qmlp_loss_round_grad: adcc differentiates round(), whose derivative is 0):\n");
    train(&plain, qmlp_loss_round_grad, &tr, &te, &c, c.contrast_epochs, &net0);
    double frac, moved = max_weight_change(&plain, &net0, &frac), acc_plain = accuracy(&plain, &te, 1);
    printf("  the weights %s (max |w - w0| = %g); only the biases learn: test accuracy %.4f\n\n",
           moved == 0 ? "never moved" : "MOVED", moved, acc_plain);

    int ok = !bad_check && moved == 0 && c.contrast_epochs > 0 && c.epochs > 0 && acc > acc_plain;
    if (ok)
        printf("RESULT: OK: straight-through training reached test accuracy %.4f with %d-bit weights; "
               "without the rule the weights stayed put (accuracy %.4f)\n",
               acc, c.bits, acc_plain);
    else
        printf("RESULT: FAILED: %s\n",
               bad_check    ? "the derivative checks failed"
               : moved != 0 ? "the weights moved without the rule"
               : c.epochs == 0 || c.contrast_epochs == 0
                   ? "nothing to compare (0 epochs)"
                   : "straight-through training did not beat the run without the rule");
    net_free(&net0), net_free(&net), net_free(&plain);
    dataset_free(&tr), dataset_free(&te);
    return !ok;
}
