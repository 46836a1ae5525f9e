/* bench_mlp.c: times one training step of the 784-256-128-10 MLP (zero the
 * gradients, loss and gradient, SGD update) with adcc's generated
 * mlp_loss_grad on the tensor runtime, and with the hand-written pass of
 * hand_mlp.c, at the batch sizes asked for. PyTorch's time comes from
 * mlp_torch.py, in the same run of run.sh.
 *
 * Before any timing it checks, and exits 1 with "bench_mlp: VALIDATION
 * FAILED" on a mismatch, that adcc's and the hand-written gradients agree
 * (f32: relative 1e-4 of each tensor's largest entry) with the same loss;
 * with --dump DIR it writes the weights, the batch and adcc's loss and
 * gradients (adt_save files) for mlp_torch.py to check against.
 *
 * Usage: bench_mlp [--batches 64,256] [--reps N] [--steps K] [--dump DIR]
 * Each timed repetition runs K steps; adcc's and the hand-written
 * repetitions alternate; one repetition of each is a warm-up. Output lines
 * "time <impl> <batch> <median> <min> <max>" give milliseconds per step. */
#define _POSIX_C_SOURCE 200809L
#include "mlp_bench.h"
#include "../train_bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mlp_grad.h"

#define SEED 20240601u
#define LR 0.01
#define GRAD_RTOL 1e-4
#define LOSS_RTOL 1e-5

/* ---- the problem: weights and a batch from a fixed seed ---- */

typedef struct Problem {
    adt_tensor *w[MLP_NPARAMS];
    adt_tensor *x;      /* [max batch, 784] in [0, 1) */
    adt_tensor *labels; /* [max batch] class indices */
} Problem;

static const int64_t param_shape[MLP_NPARAMS][2] = {
    {MLP_H1, MLP_IN}, {MLP_H1, 0}, {MLP_H2, MLP_H1}, {MLP_H2, 0}, {MLP_OUT, MLP_H2}, {MLP_OUT, 0},
};

/* Kaiming-normal weights (std sqrt(2 / fan_in)), small random biases (so
 * that the bias gradients are checked on non-trivial values). */
static void problem_init(Problem *p, int64_t max_batch)
{
    adt_rng rng;
    adt_rng_seed(&rng, SEED);
    for (int k = 0; k < MLP_NPARAMS; k++) {
        int ndim = param_shape[k][1] ? 2 : 1;
        p->w[k] = adt_randn(&rng, ADT_F32, ndim, param_shape[k]);
        double scale = ndim == 2 ? sqrt(2.0 / (double)param_shape[k][1]) : 0.1;
        float *v = adt_f32(p->w[k]);
        for (int64_t i = 0; i < adt_numel(p->w[k]); i++)
            v[i] = (float)(v[i] * scale);
    }
    p->x = adt_rand(&rng, ADT_F32, 2, (int64_t[]){max_batch, MLP_IN});
    p->labels = adt_empty(ADT_F32, 1, (int64_t[]){max_batch});
    float *l = adt_f32(p->labels);
    for (int64_t i = 0; i < max_batch; i++)
        l[i] = (float)(adt_rng_next(&rng) % MLP_OUT);
}

static void problem_free(Problem *p)
{
    for (int k = 0; k < MLP_NPARAMS; k++)
        adt_free(p->w[k]);
    adt_free(p->x);
    adt_free(p->labels);
}

/* ---- the two implementations of a training step ---- */

/* adcc: weights and gradients as tensors, the runtime's SGD. */
typedef struct AdccStep {
    adt_tensor *w[MLP_NPARAMS], *g[MLP_NPARAMS];
    adt_optim *opt;
} AdccStep;

static void adcc_init(AdccStep *s, const Problem *p)
{
    for (int k = 0; k < MLP_NPARAMS; k++) {
        s->w[k] = adt_clone(p->w[k]);
        s->g[k] = adt_zeros_like(p->w[k]);
    }
    s->opt = adt_sgd(s->w, s->g, MLP_NPARAMS, LR, 0, 0);
}

static void adcc_free(AdccStep *s)
{
    adt_optim_free(s->opt);
    for (int k = 0; k < MLP_NPARAMS; k++) {
        adt_free(s->w[k]);
        adt_free(s->g[k]);
    }
}

static double adcc_grad(AdccStep *s, const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor **w = s->w, **g = s->g;
    return mlp_loss_grad(w[0], g[0], w[1], g[1], w[2], g[2], w[3], g[3], w[4], g[4], w[5], g[5], x, labels);
}

static double adcc_step(AdccStep *s, const adt_tensor *x, const adt_tensor *labels)
{
    adt_optim_zero_grad(s->opt);
    double loss = adcc_grad(s, x, labels);
    adt_optim_step(s->opt);
    return loss;
}

/* Hand-written: plain float arrays (the same layout), scratch allocated once. */
typedef struct HandStep {
    float *w[MLP_NPARAMS], *g[MLP_NPARAMS];
    HandWork ws;
} HandStep;

static void hand_init(HandStep *s, const Problem *p, int max_batch)
{
    for (int k = 0; k < MLP_NPARAMS; k++) {
        s->w[k] = malloc(mlp_param_numel[k] * sizeof(float));
        s->g[k] = malloc(mlp_param_numel[k] * sizeof(float));
        if (!s->w[k] || !s->g[k])
            tb_fail("out of memory");
        memcpy(s->w[k], adt_f32(p->w[k]), mlp_param_numel[k] * sizeof(float));
    }
    if (hand_work_init(&s->ws, max_batch))
        tb_fail("out of memory");
}

static void hand_free(HandStep *s)
{
    for (int k = 0; k < MLP_NPARAMS; k++) {
        free(s->w[k]);
        free(s->g[k]);
    }
    hand_work_free(&s->ws);
}

static double hand_grad(HandStep *s, const adt_tensor *x, const adt_tensor *labels)
{
    return mlp_hand_grad((const float *const *)s->w, s->g, adt_f32(x), adt_f32(labels), (int)adt_size(x, 0), &s->ws);
}

static double hand_step(HandStep *s, const adt_tensor *x, const adt_tensor *labels)
{
    double loss = hand_grad(s, x, labels);
    mlp_hand_sgd(s->w, (const float *const *)s->g, (float)LR);
    return loss;
}

/* ---- validation ---- */

static const char *const param_name[MLP_NPARAMS] = {"w1", "b1", "w2", "b2", "w3", "b3"};

/* adcc's gradient (accumulated into zeros) against the hand-written one on
 * the first n samples; also that a second adcc call accumulates. */
static void validate(const Problem *p, int64_t n)
{
    AdccStep a;
    HandStep h;
    adcc_init(&a, p);
    hand_init(&h, p, (int)n);
    adt_tensor *x = adt_narrow(p->x, 0, 0, n), *y = adt_narrow(p->labels, 0, 0, n);
    double la = adcc_grad(&a, x, y), lh = hand_grad(&h, x, y);
    double lp = mlp_loss(a.w[0], a.w[1], a.w[2], a.w[3], a.w[4], a.w[5], x, y);
    if (fabs(la - lh) > LOSS_RTOL * fabs(lh) || fabs(lp - lh) > LOSS_RTOL * fabs(lh))
        tb_fail("batch %lld: loss adcc %.9g, primal %.9g, hand %.9g", (long long)n, la, lp, lh);
    for (int k = 0; k < MLP_NPARAMS; k++) {
        double r = tb_rel_diff(adt_f32(a.g[k]), h.g[k], mlp_param_numel[k]);
        if (!(r <= GRAD_RTOL))
            tb_fail("batch %lld: d_%s differs: max |adcc - hand| / max |hand| = %.3g", (long long)n, param_name[k], r);
    }
    adcc_grad(&a, x, y); /* accumulates: now twice the gradient */
    for (int k = 0; k < MLP_NPARAMS; k++) {
        adt_tensor *twice = adt_mul_scalar(a.g[k], 0.5);
        double r = tb_rel_diff(adt_f32(twice), h.g[k], mlp_param_numel[k]);
        adt_free(twice);
        if (!(r <= GRAD_RTOL))
            tb_fail("batch %lld: a second adcc call does not accumulate into d_%s", (long long)n, param_name[k]);
    }
    printf("validated batch %lld: loss %.6f, adcc = hand on all %d gradients (rel %.0e), adcc accumulates\n",
           (long long)n, lh, MLP_NPARAMS, GRAD_RTOL);
    adt_free(x);
    adt_free(y);
    adcc_free(&a);
    hand_free(&h);
}

/* Weights, batch (n samples) and adcc's loss and gradients into dir. */
static void dump(const Problem *p, int64_t n, const char *dir)
{
    char path[4096];
    AdccStep a;
    adcc_init(&a, p);
    adt_tensor *x = adt_narrow(p->x, 0, 0, n), *y = adt_narrow(p->labels, 0, 0, n);
    double loss = adcc_grad(&a, x, y);
    for (int k = 0; k < MLP_NPARAMS; k++) {
        snprintf(path, sizeof path, "%s/%s.adt", dir, param_name[k]);
        adt_save(p->w[k], path);
        snprintf(path, sizeof path, "%s/d_%s.adt", dir, param_name[k]);
        adt_save(a.g[k], path);
    }
    snprintf(path, sizeof path, "%s/x.adt", dir);
    adt_save(x, path);
    snprintf(path, sizeof path, "%s/labels.adt", dir);
    adt_save(y, path);
    snprintf(path, sizeof path, "%s/loss.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%.9g\n", loss) < 0 || fclose(f))
        tb_fail("cannot write %s", path);
    printf("dumped batch %lld: weights, data and adcc's loss and gradients in %s\n", (long long)n, dir);
    adt_free(x);
    adt_free(y);
    adcc_free(&a);
}

/* ---- timing ---- */

static void time_batch(const Problem *p, int64_t batch, int reps, int steps)
{
    AdccStep a;
    HandStep h;
    double ta[TB_MAX_REPS], th[TB_MAX_REPS], sink = 0;
    adcc_init(&a, p);
    hand_init(&h, p, (int)batch);
    adt_tensor *x = adt_narrow(p->x, 0, 0, batch), *y = adt_narrow(p->labels, 0, 0, batch);
    for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
        double t0 = tb_now_ms();
        for (int i = 0; i < steps; i++)
            sink += adcc_step(&a, x, y);
        double t1 = tb_now_ms();
        for (int i = 0; i < steps; i++)
            sink += hand_step(&h, x, y);
        double t2 = tb_now_ms();
        if (r >= 0) {
            ta[r] = (t1 - t0) / steps;
            th[r] = (t2 - t1) / steps;
        }
    }
    if (!isfinite(sink))
        tb_fail("batch %lld: the loss diverged during timing", (long long)batch);
    TbStats sa = tb_stats_of(ta, reps), sh = tb_stats_of(th, reps);
    printf("time adcc %lld %.4f %.4f %.4f\n", (long long)batch, sa.median, sa.min, sa.max);
    printf("time hand %lld %.4f %.4f %.4f\n", (long long)batch, sh.median, sh.min, sh.max);
    fflush(stdout);
    adt_free(x);
    adt_free(y);
    adcc_free(&a);
    hand_free(&h);
}

/* ---- command line ---- */

int main(int argc, char **argv)
{
    tb_program = "bench_mlp";
    int64_t batches[TB_MAX_BATCHES] = {64, 256};
    int nbatch = 2, reps = 15, steps = 20;
    const char *dump_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--batches") == 0 && v && (nbatch = tb_parse_batches(v, batches)) > 0)
            i++;
        else if (strcmp(argv[i], "--reps") == 0 && v && (reps = atoi(v)) >= 3 && reps <= TB_MAX_REPS)
            i++;
        else if (strcmp(argv[i], "--steps") == 0 && v && (steps = atoi(v)) >= 1)
            i++;
        else if (strcmp(argv[i], "--dump") == 0 && v)
            dump_dir = argv[++i];
        else {
            fprintf(stderr, "usage: bench_mlp [--batches 64,256] [--reps N (3..%d)] [--steps K] [--dump DIR]\n",
                    TB_MAX_REPS);
            return 2;
        }
    }
    int64_t max_batch = 0;
    for (int i = 0; i < nbatch; i++)
        max_batch = batches[i] > max_batch ? batches[i] : max_batch;
    Problem p;
    problem_init(&p, max_batch);
    for (int i = 0; i < nbatch; i++)
        validate(&p, batches[i]);
    if (dump_dir)
        dump(&p, batches[0], dump_dir);
    printf("timing: %d repetitions of %d steps after a warm-up, ms per step (median, min, max)\n", reps, steps);
    for (int i = 0; i < nbatch; i++)
        time_batch(&p, batches[i], reps, steps);
    problem_free(&p);
    return 0;
}
