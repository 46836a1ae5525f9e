/* train.c: the experiment: load Fashion-MNIST, train a model with its
 * adcc-generated gradient and an optimiser of the runtime, report progress,
 * test accuracy and the loss curve. Each step allocates only what the
 * model and its gradient free again, so memory stays flat over any number
 * of steps. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* M_PI */
#include "fmnist.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- progress on stderr ---- */

/* Redrawn in place on a terminal at most every PROGRESS_PERIOD seconds;
 * elsewhere (a log file) nothing is drawn and only the epoch lines remain. */
#define PROGRESS_PERIOD 0.1
#define BAR_WIDTH 30

typedef struct Progress {
    int tty;
    int epoch, epochs;
    int64_t total;     /* batches in the epoch */
    double start, last_draw;
} Progress;

static void progress_start(Progress *p, int epoch, int epochs, int64_t total)
{
    p->tty = isatty(STDERR_FILENO);
    p->epoch = epoch;
    p->epochs = epochs;
    p->total = total;
    p->start = p->last_draw = now_s();
}

static void progress_draw(Progress *p, int64_t done, double running_loss, int64_t samples, int final)
{
    if (!p->tty)
        return;
    double t = now_s();
    if (!final && t - p->last_draw < PROGRESS_PERIOD)
        return;
    p->last_draw = t;
    int fill = p->total > 0 ? (int)(BAR_WIDTH * done / p->total) : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = 0;
    double rate = t > p->start ? (double)samples / (t - p->start) : 0;
    fprintf(stderr, "\repoch %d/%d [%s] %lld/%lld  loss %.4f  %.0f samples/s ", p->epoch, p->epochs, bar,
            (long long)done, (long long)p->total, running_loss, rate);
    if (final)
        fputs("\r\033[K", stderr); /* the epoch line on stdout replaces the bar */
    fflush(stderr);
}

/* ---- the run ---- */

/* Everything a run owns, released in one place. */
typedef struct Run {
    FmData train_all, train, test;
    Net net;
    adt_optim *opt;
    adt_loader *loader;
    double *batch_loss;
    double *epoch_loss;
} Run;

static void run_free(Run *r)
{
    adt_loader_free(r->loader);
    adt_optim_free(r->opt);
    net_free(&r->net);
    fm_free(&r->train);
    fm_free(&r->train_all);
    fm_free(&r->test);
    free(r->batch_loss);
    free(r->epoch_loss);
}

static adt_optim *make_optim(const TrainConfig *cfg, Net *net)
{
    switch (cfg->optim) {
    case OPTIM_SGD: return adt_sgd(net->param, net->grad, net->n, cfg->lr, 0.9, 0.0);
    case OPTIM_ADAM: return adt_adam(net->param, net->grad, net->n, cfg->lr, 0.9, 0.999, 1e-8, 0.0);
    }
    return NULL;
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "fashion_mnist: cannot create %s: %s\n", dir, strerror(errno));
    return -1;
}

/* The learning rate of a step: constant, or cosine annealing from lr at
 * the first step towards 0 after the last (Loshchilov and Hutter 2017). */
static double step_lr(const TrainConfig *cfg, int64_t step, int64_t steps)
{
    if (!cfg->cosine)
        return cfg->lr;
    return cfg->lr * 0.5 * (1 + cos(M_PI * (double)step / (double)steps));
}

/* One pass over the training data; *seen gets the samples trained on.
 * Returns the mean loss per sample. */
static double train_epoch(const TrainConfig *cfg, Run *r, int epoch, int64_t *step, int64_t *seen)
{
    Progress p;
    int64_t nb = adt_loader_batches(r->loader), done = 0;
    double loss_sum = 0;
    adt_tensor *x, *y;
    *seen = 0;
    progress_start(&p, epoch, cfg->epochs, nb);
    while (adt_loader_next(r->loader, &x, &y)) {
        int64_t n = adt_size(y, 0);
        adt_optim_set_lr(r->opt, step_lr(cfg, *step, nb * cfg->epochs));
        adt_optim_zero_grad(r->opt);
        double loss = net_loss_grad(&r->net, x, y);
        adt_optim_step(r->opt);
        adt_free(x);
        adt_free(y);
        r->batch_loss[(*step)++] = loss;
        loss_sum += loss * (double)n;
        *seen += n;
        done++;
        progress_draw(&p, done, loss_sum / (double)*seen, *seen, done == nb);
    }
    return *seen > 0 ? loss_sum / (double)*seen : 0;
}

static void print_per_class(const NetEval *ev)
{
    printf("per-class test accuracy:\n");
    for (int c = 0; c < FM_CLASSES; c++) {
        int64_t total = 0;
        for (int p = 0; p < FM_CLASSES; p++)
            total += ev->confusion[c][p];
        printf("  %-12s %.3f\n", fm_class_name(c), total ? (double)ev->confusion[c][c] / (double)total : 0.0);
    }
}

/* The trained parameters as <out>/<model>_param<i>.adt (adt_save format). */
static void save_params(const TrainConfig *cfg, const Net *net)
{
    char path[4096];
    for (int i = 0; i < net->n; i++) {
        snprintf(path, sizeof path, "%s/%s_param%d.adt", cfg->out_dir, net_kind_name(net->kind), i);
        adt_tensor *host = adt_to(net->param[i], ADT_CPU);
        adt_save(host, path);
        adt_free(host);
    }
    printf("parameters: %s/%s_param{0..%d}.adt\n", cfg->out_dir, net_kind_name(net->kind), net->n - 1);
}

static int load_data(const TrainConfig *cfg, Run *r)
{
    if (fm_load(cfg->data_dir, "train", &r->train_all) || fm_load(cfg->data_dir, "t10k", &r->test))
        return -1;
    int64_t n = adt_size(r->train_all.labels, 0);
    if (cfg->limit > 0 && cfg->limit < n)
        n = cfg->limit;
    r->train = fm_head(&r->train_all, n);
    fm_to(&r->train, cfg->device);
    fm_to(&r->test, cfg->device);
    return 0;
}

static void print_header(const TrainConfig *cfg, const Run *r)
{
    printf("fashion-mnist: %s, %lld parameters; %lld training / %lld test samples\n", net_kind_name(cfg->model),
           (long long)net_numel(&r->net), (long long)adt_size(r->train.labels, 0),
           (long long)adt_size(r->test.labels, 0));
    printf("%s, lr %g%s, batch %lld, %d epoch%s, seed %llu, on the %s\n",
           cfg->optim == OPTIM_ADAM ? "adam" : "sgd (momentum 0.9)", cfg->lr, cfg->cosine ? " with cosine decay" : "",
           (long long)cfg->batch, cfg->epochs, cfg->epochs == 1 ? "" : "s", (unsigned long long)cfg->seed,
           cfg->device == ADT_CUDA ? "cuda device" : "cpu");
}

/* Trains for cfg->epochs and prints one line per epoch; returns the
 * seconds spent in training steps. */
static double train_all_epochs(const TrainConfig *cfg, Run *r)
{
    int64_t step = 0, seen;
    double train_s = 0;
    for (int e = 0; e < cfg->epochs; e++) {
        double t0 = now_s();
        double mean = train_epoch(cfg, r, e + 1, &step, &seen);
        double dt = now_s() - t0;
        train_s += dt;
        r->epoch_loss[e] = mean;
        printf("epoch %2d/%d  loss %.4f  %6.1f s  %6.0f samples/s", e + 1, cfg->epochs, mean, dt,
               dt > 0 ? (double)seen / dt : 0.0);
        if (cfg->eval_each_epoch && e + 1 < cfg->epochs) {
            NetEval ev = net_evaluate(&r->net, &r->test);
            printf("  test acc %.4f  test loss %.4f", ev.accuracy, ev.loss);
        }
        printf("\n");
        fflush(stdout);
    }
    return train_s;
}

int train_run(const TrainConfig *cfg)
{
    Run r;
    memset(&r, 0, sizeof r);
    if (load_data(cfg, &r) || make_dir(cfg->out_dir)) {
        run_free(&r);
        return 1;
    }
    adt_rng rng;
    adt_rng_seed(&rng, cfg->seed);
    net_init(&r.net, cfg->model, &rng);
    net_to(&r.net, cfg->device);
    r.opt = make_optim(cfg, &r.net);
    r.loader = adt_loader_new(r.train.images, r.train.labels, cfg->batch, 1, cfg->seed + 1);
    int64_t nb = adt_loader_batches(r.loader);
    r.batch_loss = malloc((size_t)(nb * cfg->epochs) * sizeof *r.batch_loss);
    r.epoch_loss = malloc((size_t)cfg->epochs * sizeof *r.epoch_loss);
    if (!r.batch_loss || !r.epoch_loss) {
        fprintf(stderr, "fashion_mnist: out of memory for the loss history\n");
        run_free(&r);
        return 1;
    }
    print_header(cfg, &r);
    double train_s = train_all_epochs(cfg, &r);
    NetEval ev = net_evaluate(&r.net, &r.test);
    print_per_class(&ev);
    printf("test accuracy: %.4f (test loss %.4f) after %d epoch%s, %.1f s of training\n", ev.accuracy, ev.loss,
           cfg->epochs, cfg->epochs == 1 ? "" : "s", train_s);

    char path[4096], title[256];
    snprintf(path, sizeof path, "%s/%s_loss.svg", cfg->out_dir, net_kind_name(cfg->model));
    snprintf(title, sizeof title, "Fashion-MNIST %s (%s, lr %g, batch %lld): test accuracy %.4f",
             net_kind_name(cfg->model), cfg->optim == OPTIM_ADAM ? "Adam" : "SGD", cfg->lr, (long long)cfg->batch,
             ev.accuracy);
    int status = plot_loss_svg(path, title, r.batch_loss, nb * cfg->epochs, r.epoch_loss, cfg->epochs) ? 1 : 0;
    if (status == 0)
        printf("loss curve: %s\n", path);
    save_params(cfg, &r.net);
    run_free(&r);
    return status;
}
