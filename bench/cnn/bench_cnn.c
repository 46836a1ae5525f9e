/* bench_cnn.c: times one training step of the Fashion-MNIST CNN (cnn.c:
 * zero the gradients, loss and gradient with adcc's generated
 * cnn_loss_grad, SGD update) on the tensor runtime, on the CPU or on the
 * CUDA device (cuDNN convolutions, cuBLAS linear layers), at the batch
 * sizes asked for. PyTorch's time comes from cnn_torch.py, in the same
 * run of run.sh.
 *
 * Before any timing it checks, and exits 1 with "bench_cnn: VALIDATION
 * FAILED" on a mismatch: on the device, that the loss and every gradient
 * equal the CPU's (f32: relative 1e-4 of each tensor's largest entry); on
 * either, that a second call accumulates (twice the gradient). With
 * --dump DIR it writes the weights, the batch and the loss and gradients
 * (adt_save files) for cnn_torch.py to check against.
 *
 * Usage: bench_cnn [--device cpu|cuda] [--batches 32,256] [--reps N]
 *                  [--steps K] [--dump DIR]
 * Each timed repetition runs K steps and waits for the device at its end;
 * one repetition is a warm-up. Output lines "time adcc <batch> <median>
 * <min> <max>" give milliseconds per step. */
#define _POSIX_C_SOURCE 200809L
#include <adt.h>

#include "../train_bench.h"

#include <string.h>

#include "cnn_grad.h"

#define SEED 20261121u
#define LR 0.01
#define GRAD_RTOL 1e-4
#define LOSS_RTOL 1e-5
#define NPARAMS 8
#define PIXELS 784
#define CLASSES 10

static const char *const param_name[NPARAMS] = {"c1w", "c1b", "c2w", "c2b", "f1w", "f1b", "f2w", "f2b"};
static const int param_ndim[NPARAMS] = {4, 1, 4, 1, 2, 1, 2, 1};
static const int64_t param_shape[NPARAMS][4] = {
    {16, 1, 3, 3}, {16}, {32, 16, 3, 3}, {32}, {128, 32 * 7 * 7}, {128}, {CLASSES, 128}, {CLASSES},
};

/* ---- the problem: weights and a batch from a fixed seed, on the CPU ---- */

typedef struct Problem {
    adt_tensor *w[NPARAMS];
    adt_tensor *x;      /* [max batch, 784] in [0, 1) */
    adt_tensor *labels; /* [max batch] class indices */
} Problem;

/* Weights N(0, 2 / fan_in) (He), biases N(0, 0.01^2). */
static void problem_init(Problem *p, int64_t max_batch)
{
    adt_rng rng;
    adt_rng_seed(&rng, SEED);
    for (int k = 0; k < NPARAMS; k++) {
        adt_tensor *z = adt_randn(&rng, ADT_F32, param_ndim[k], param_shape[k]);
        int64_t fan_in = param_ndim[k] == 1 ? 10000 : adt_numel(z) / param_shape[k][0];
        p->w[k] = adt_mul_scalar(z, sqrt(2.0 / (double)fan_in));
        adt_free(z);
    }
    p->x = adt_rand(&rng, ADT_F32, 2, (int64_t[]){max_batch, PIXELS});
    adt_tensor *u = adt_rand(&rng, ADT_F32, 1, (int64_t[]){max_batch});
    p->labels = adt_empty(ADT_F32, 1, (int64_t[]){max_batch});
    for (int64_t i = 0; i < max_batch; i++)
        adt_f32(p->labels)[i] = floorf(adt_f32(u)[i] * CLASSES);
    adt_free(u);
}

static void problem_free(Problem *p)
{
    for (int k = 0; k < NPARAMS; k++)
        adt_free(p->w[k]);
    adt_free(p->x);
    adt_free(p->labels);
}

/* ---- a training step on one device ---- */

typedef struct Step {
    adt_tensor *w[NPARAMS], *g[NPARAMS];
    adt_tensor *x, *labels; /* the whole batch set, on the step's device */
    adt_optim *opt;
} Step;

static void step_init(Step *s, const Problem *p, adt_device device)
{
    for (int k = 0; k < NPARAMS; k++) {
        s->w[k] = device == ADT_CPU ? adt_clone(p->w[k]) : adt_to(p->w[k], device);
        s->g[k] = adt_zeros_like(s->w[k]);
    }
    s->x = adt_to(p->x, device);
    s->labels = adt_to(p->labels, device);
    s->opt = adt_sgd(s->w, s->g, NPARAMS, LR, 0, 0);
}

static void step_free(Step *s)
{
    adt_optim_free(s->opt);
    for (int k = 0; k < NPARAMS; k++) {
        adt_free(s->w[k]);
        adt_free(s->g[k]);
    }
    adt_free(s->x);
    adt_free(s->labels);
}

/* The loss on the first n samples, its gradient added into s->g. */
static double step_grad(Step *s, int64_t n)
{
    adt_tensor **w = s->w, **g = s->g;
    adt_tensor *x = adt_narrow(s->x, 0, 0, n), *y = adt_narrow(s->labels, 0, 0, n);
    double loss = cnn_loss_grad(w[0], g[0], w[1], g[1], w[2], g[2], w[3], g[3], w[4], g[4], w[5], g[5], w[6], g[6],
                                w[7], g[7], x, y);
    adt_free(x);
    adt_free(y);
    return loss;
}

static double step_train(Step *s, int64_t n)
{
    adt_optim_zero_grad(s->opt);
    double loss = step_grad(s, n);
    adt_optim_step(s->opt);
    return loss;
}

/* ---- validation ---- */

/* max |a - b| / max |b| of two tensors of one shape on any devices. */
static double tensor_rel_diff(const adt_tensor *a, const adt_tensor *b, double scale_b)
{
    adt_tensor *ha = adt_to(a, ADT_CPU), *hb = adt_to(b, ADT_CPU);
    adt_tensor *sb = adt_mul_scalar(hb, scale_b);
    double r = tb_rel_diff(adt_f32(ha), adt_f32(sb), (size_t)adt_numel(sb));
    adt_free(ha);
    adt_free(hb);
    adt_free(sb);
    return r;
}

/* The device's loss and gradients against the CPU's on n samples, and
 * that a second call accumulates. */
static void validate(const Problem *p, int64_t n, adt_device device)
{
    Step ref, s;
    step_init(&ref, p, ADT_CPU);
    step_init(&s, p, device);
    double lr = step_grad(&ref, n), ls = step_grad(&s, n);
    if (fabs(ls - lr) > LOSS_RTOL * fabs(lr))
        tb_fail("batch %lld: loss %.9g on the device, %.9g on the cpu", (long long)n, ls, lr);
    for (int k = 0; k < NPARAMS; k++) {
        double r = tensor_rel_diff(s.g[k], ref.g[k], 1.0);
        if (!(r <= GRAD_RTOL))
            tb_fail("batch %lld: d_%s differs from the cpu's: max |diff| / max |cpu| = %.3g", (long long)n,
                    param_name[k], r);
    }
    step_grad(&s, n); /* accumulates: now twice the gradient */
    for (int k = 0; k < NPARAMS; k++) {
        double r = tensor_rel_diff(s.g[k], ref.g[k], 2.0);
        if (!(r <= GRAD_RTOL))
            tb_fail("batch %lld: a second call does not accumulate into d_%s", (long long)n, param_name[k]);
    }
    printf("validated batch %lld: loss %.6f, %s = cpu on all %d gradients (rel %.0e), gradients accumulate\n",
           (long long)n, lr, device == ADT_CUDA ? "cuda" : "cpu", NPARAMS, GRAD_RTOL);
    step_free(&ref);
    step_free(&s);
}

static void save(const adt_tensor *t, const char *dir, const char *prefix, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%s.adt", dir, prefix, name);
    adt_tensor *h = adt_to(t, ADT_CPU);
    adt_save(h, path);
    adt_free(h);
}

/* Weights, batch (n samples) and the CPU's loss and gradients into dir. */
static void dump(const Problem *p, int64_t n, const char *dir)
{
    Step s;
    step_init(&s, p, ADT_CPU);
    double loss = step_grad(&s, n);
    for (int k = 0; k < NPARAMS; k++) {
        save(p->w[k], dir, "", param_name[k]);
        save(s.g[k], dir, "d_", param_name[k]);
    }
    adt_tensor *x = adt_narrow(p->x, 0, 0, n), *y = adt_narrow(p->labels, 0, 0, n);
    save(x, dir, "", "x");
    save(y, dir, "", "labels");
    adt_free(x);
    adt_free(y);
    char path[4096];
    snprintf(path, sizeof path, "%s/loss.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%.9g\n", loss) < 0 || fclose(f))
        tb_fail("cannot write %s", path);
    printf("dumped batch %lld: weights, data and the loss and gradients in %s\n", (long long)n, dir);
    step_free(&s);
}

/* ---- timing ---- */

static void time_batch(const Problem *p, int64_t batch, int reps, int steps, adt_device device)
{
    Step s;
    double t[TB_MAX_REPS], sink = 0;
    step_init(&s, p, device);
    for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
        double t0 = tb_now_ms();
        for (int i = 0; i < steps; i++)
            sink += step_train(&s, batch);
        adt_cuda_synchronize();
        double t1 = tb_now_ms();
        if (r >= 0)
            t[r] = (t1 - t0) / steps;
    }
    if (!isfinite(sink))
        tb_fail("batch %lld: the loss diverged during timing", (long long)batch);
    TbStats st = tb_stats_of(t, reps);
    printf("time adcc %lld %.4f %.4f %.4f\n", (long long)batch, st.median, st.min, st.max);
    fflush(stdout);
    step_free(&s);
}

/* ---- command line ---- */

int main(int argc, char **argv)
{
    tb_program = "bench_cnn";
    int64_t batches[TB_MAX_BATCHES] = {32, 256};
    int nbatch = 2, reps = 15, steps = 20;
    adt_device device = ADT_CPU;
    const char *dump_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--batches") == 0 && v && (nbatch = tb_parse_batches(v, batches)) > 0)
            i++;
        else if (strcmp(argv[i], "--reps") == 0 && v && (reps = atoi(v)) >= 3 && reps <= TB_MAX_REPS)
            i++;
        else if (strcmp(argv[i], "--steps") == 0 && v && (steps = atoi(v)) >= 1)
            i++;
        else if (strcmp(argv[i], "--device") == 0 && v && (!strcmp(v, "cpu") || !strcmp(v, "cuda")))
            device = strcmp(argv[++i], "cuda") == 0 ? ADT_CUDA : ADT_CPU;
        else if (strcmp(argv[i], "--dump") == 0 && v)
            dump_dir = argv[++i];
        else {
            fprintf(stderr, "usage: bench_cnn [--device cpu|cuda] [--batches 32,256] [--reps N (3..%d)] "
                            "[--steps K] [--dump DIR]\n", TB_MAX_REPS);
            return 2;
        }
    }
    if (device == ADT_CUDA && adt_cuda_device_count() == 0) {
        fprintf(stderr, "bench_cnn: --device cuda: no CUDA device (none found, or adcc was built without CUDA)\n");
        return 1;
    }
    int64_t max_batch = 0;
    for (int i = 0; i < nbatch; i++)
        max_batch = batches[i] > max_batch ? batches[i] : max_batch;
    Problem p;
    problem_init(&p, max_batch);
    for (int i = 0; i < nbatch; i++)
        validate(&p, batches[i], device);
    if (dump_dir)
        dump(&p, batches[0], dump_dir);
    printf("timing on the %s: %d repetitions of %d steps after a warm-up, ms per step (median, min, max)\n",
           device == ADT_CUDA ? "cuda device" : "cpu", reps, steps);
    for (int i = 0; i < nbatch; i++)
        time_batch(&p, batches[i], reps, steps, device);
    problem_free(&p);
    return 0;
}
