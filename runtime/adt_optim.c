/* adt_optim.c: the SGD (momentum, weight decay) and Adam (bias correction,
 * L2 weight decay) optimisers, with PyTorch's update formulas, over
 * parameter tensors and gradient tensors the caller owns. A parameter on
 * the CUDA device (with its gradient there too) is updated there, by the
 * same formulas (cuda/adcu_train.c); its state lives beside it. */
#include "internal.h"

#include <math.h>
#include <stdio.h>

typedef enum { OPT_SGD, OPT_ADAM } OptKind;

struct adt_optim {
    OptKind kind;
    int n;
    adt_tensor **params;  /* retained */
    adt_tensor **grads;   /* retained */
    adt_tensor **m;       /* SGD: momentum buffers (NULL without momentum); Adam: first moments */
    adt_tensor **v;       /* Adam: second moments */
    double lr, momentum, weight_decay;
    double beta1, beta2, eps;
    int64_t steps;        /* steps taken */
};

/* ---- construction ---- */

/* A finite value >= 0 (lr, momentum, eps, weight_decay). */
static void check_nonneg(const char *fn, const char *name, double value)
{
    if (!(value >= 0 && isfinite(value)))
        adt_error("%s: %s must be finite and >= 0, got %g", fn, name, value);
}

/* Adam's decay rates lie in [0, 1). */
static void check_beta(const char *fn, const char *name, double value)
{
    if (!(value >= 0 && value < 1))
        adt_error("%s: %s must be in [0, 1), got %g", fn, name, value);
}

/* params[i] and grads[i] exist and have the same dtype, shape and device. */
static void check_params(const char *fn, adt_tensor *const *params, adt_tensor *const *grads, int n)
{
    char pname[32], gname[32];
    if (n < 0)
        adt_error("%s: n must not be negative, got %d", fn, n);
    if (n > 0 && (!params || !grads))
        adt_error("%s: argument %s is NULL", fn, params ? "grads" : "params");
    for (int i = 0; i < n; i++) {
        snprintf(pname, sizeof pname, "params[%d]", i);
        snprintf(gname, sizeof gname, "grads[%d]", i);
        adti_check_meta(fn, pname, params[i]);
        adti_check_meta(fn, gname, grads[i]);
        adti_device_of(fn, 2, params[i], grads[i]);
        adti_check_same_dtype(fn, gname, grads[i], pname, params[i]);
        adti_check_shape_is(fn, gname, grads[i], pname, params[i]->ndim, params[i]->shape);
    }
}

/* A new optimiser holding references to the tensors; state arrays of n
 * NULLs (filled by the caller). */
static adt_optim *optim_new(OptKind kind, adt_tensor *const *params, adt_tensor *const *grads, int n, double lr)
{
    adt_optim *o = adti_alloc_zeroed(sizeof *o);
    size_t bytes = adti_mul_size("adt_optim", (size_t)(n > 0 ? n : 1), sizeof(adt_tensor *));
    o->kind = kind;
    o->n = n;
    o->lr = lr;
    o->params = adti_alloc_zeroed(bytes);
    o->grads = adti_alloc_zeroed(bytes);
    o->m = adti_alloc_zeroed(bytes);
    o->v = adti_alloc_zeroed(bytes);
    for (int i = 0; i < n; i++) {
        o->params[i] = adt_retain(params[i]);
        o->grads[i] = adt_retain(grads[i]);
    }
    return o;
}

adt_optim *adt_sgd(adt_tensor *const *params, adt_tensor *const *grads, int n, double lr, double momentum,
                   double weight_decay)
{
    const char *fn = "adt_sgd";
    check_params(fn, params, grads, n);
    check_nonneg(fn, "lr", lr);
    check_nonneg(fn, "momentum", momentum);
    check_nonneg(fn, "weight_decay", weight_decay);
    adt_optim *o = optim_new(OPT_SGD, params, grads, n, lr);
    o->momentum = momentum;
    o->weight_decay = weight_decay;
    for (int i = 0; i < n && momentum != 0; i++)
        o->m[i] = adt_zeros_like(params[i]);
    return o;
}

adt_optim *adt_adam(adt_tensor *const *params, adt_tensor *const *grads, int n, double lr, double beta1,
                    double beta2, double eps, double weight_decay)
{
    const char *fn = "adt_adam";
    check_params(fn, params, grads, n);
    check_nonneg(fn, "lr", lr);
    check_beta(fn, "beta1", beta1);
    check_beta(fn, "beta2", beta2);
    check_nonneg(fn, "eps", eps);
    check_nonneg(fn, "weight_decay", weight_decay);
    adt_optim *o = optim_new(OPT_ADAM, params, grads, n, lr);
    o->beta1 = beta1;
    o->beta2 = beta2;
    o->eps = eps;
    o->weight_decay = weight_decay;
    for (int i = 0; i < n; i++) {
        o->m[i] = adt_zeros_like(params[i]);
        o->v[i] = adt_zeros_like(params[i]);
    }
    return o;
}

/* ---- SGD ----
 * g = grad + wd p;  with momentum mu: buf = g on the first step, else
 * buf = mu buf + g; g = buf;  p -= lr g
 * (buf starts at zero, so mu buf + g is g on the first step) */

static void sgd_row_f32(const adt_optim *o, const adti_iter *it, float *p, const float *g, float *buf)
{
    float lr = (float)o->lr, wd = (float)o->weight_decay, mu = (float)o->momentum;
    for (int64_t i = 0; i < it->n; i++) {
        float *pi = p + it->off[0] + i * it->step[0];
        float gi = g[it->off[1] + i * it->step[1]] + wd * *pi;
        if (buf) {
            float *b = buf + it->off[2] + i * it->step[2];
            *b = mu * *b + gi;
            gi = *b;
        }
        *pi -= lr * gi;
    }
}

static void sgd_row_f64(const adt_optim *o, const adti_iter *it, double *p, const double *g, double *buf)
{
    double lr = o->lr, wd = o->weight_decay, mu = o->momentum;
    for (int64_t i = 0; i < it->n; i++) {
        double *pi = p + it->off[0] + i * it->step[0];
        double gi = g[it->off[1] + i * it->step[1]] + wd * *pi;
        if (buf) {
            double *b = buf + it->off[2] + i * it->step[2];
            *b = mu * *b + gi;
            gi = *b;
        }
        *pi -= lr * gi;
    }
}

static void sgd_step(const adt_optim *o, int k)
{
    adt_tensor *p = o->params[k], *g = o->grads[k], *buf = o->m[k];
    ADTI_CUDA_DO(adcu_sgd_step(p, g, buf, o->lr, o->momentum, o->weight_decay), "adt_optim_step", 2, p, g);
    adti_iter it;
    adti_iter_init(&it, p->ndim, p->shape, 3, (const adt_tensor *[]){p, g, buf ? buf : p});
    while (adti_iter_next(&it)) {
        switch (p->dtype) {
        case ADT_F32: sgd_row_f32(o, &it, adt_f32(p), adt_f32(g), buf ? adt_f32(buf) : NULL); break;
        case ADT_F64: sgd_row_f64(o, &it, adt_f64(p), adt_f64(g), buf ? adt_f64(buf) : NULL); break;
        }
    }
}

/* ---- Adam ----
 * g = grad + wd p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 * p -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps),  c_k = 1 - b_k^t */

typedef struct AdamStep {
    double step_size;   /* lr / c1 */
    double inv_sqrt_c2; /* 1 / sqrt(c2) */
} AdamStep;

static void adam_row_f32(const adt_optim *o, const AdamStep *s, const adti_iter *it, float *p, const float *g,
                         float *m, float *v)
{
    /* 1 - b in double: in float, 1 - 0.999f is off by 1.3e-5 relative */
    float b1 = (float)o->beta1, b2 = (float)o->beta2, eps = (float)o->eps, wd = (float)o->weight_decay;
    float c1 = (float)(1 - o->beta1), c2 = (float)(1 - o->beta2);
    float step = (float)s->step_size, ic2 = (float)s->inv_sqrt_c2;
    for (int64_t i = 0; i < it->n; i++) {
        float *pi = p + it->off[0] + i * it->step[0];
        float *mi = m + it->off[2] + i * it->step[2], *vi = v + it->off[3] + i * it->step[3];
        float gi = g[it->off[1] + i * it->step[1]] + wd * *pi;
        *mi = b1 * *mi + c1 * gi;
        *vi = b2 * *vi + c2 * gi * gi;
        *pi -= step * *mi / (sqrtf(*vi) * ic2 + eps);
    }
}

static void adam_row_f64(const adt_optim *o, const AdamStep *s, const adti_iter *it, double *p, const double *g,
                         double *m, double *v)
{
    double b1 = o->beta1, b2 = o->beta2, eps = o->eps, wd = o->weight_decay;
    for (int64_t i = 0; i < it->n; i++) {
        double *pi = p + it->off[0] + i * it->step[0];
        double *mi = m + it->off[2] + i * it->step[2], *vi = v + it->off[3] + i * it->step[3];
        double gi = g[it->off[1] + i * it->step[1]] + wd * *pi;
        *mi = b1 * *mi + (1 - b1) * gi;
        *vi = b2 * *vi + (1 - b2) * gi * gi;
        *pi -= s->step_size * *mi / (sqrt(*vi) * s->inv_sqrt_c2 + eps);
    }
}

static void adam_step(const adt_optim *o, int k)
{
    adt_tensor *p = o->params[k], *g = o->grads[k], *m = o->m[k], *v = o->v[k];
    double t = (double)(o->steps + 1);
    AdamStep s = {o->lr / (1 - pow(o->beta1, t)), 1 / sqrt(1 - pow(o->beta2, t))};
    ADTI_CUDA_DO(adcu_adam_step(p, g, m, v,
                                &(adcu_adam){o->beta1, o->beta2, o->eps, o->weight_decay, s.step_size,
                                             s.inv_sqrt_c2}),
                 "adt_optim_step", 2, p, g);
    adti_iter it;
    adti_iter_init(&it, p->ndim, p->shape, 4, (const adt_tensor *[]){p, g, m, v});
    while (adti_iter_next(&it)) {
        switch (p->dtype) {
        case ADT_F32: adam_row_f32(o, &s, &it, adt_f32(p), adt_f32(g), adt_f32(m), adt_f32(v)); break;
        case ADT_F64: adam_row_f64(o, &s, &it, adt_f64(p), adt_f64(g), adt_f64(m), adt_f64(v)); break;
        }
    }
}

/* ---- the public steps ---- */

static void check_optim(const char *fn, const adt_optim *opt)
{
    if (!opt)
        adt_error("%s: argument opt is NULL", fn);
}

void adt_optim_step(adt_optim *opt)
{
    check_optim("adt_optim_step", opt);
    for (int k = 0; k < opt->n; k++) {
        switch (opt->kind) {
        case OPT_SGD: sgd_step(opt, k); break;
        case OPT_ADAM: adam_step(opt, k); break;
        }
    }
    opt->steps++;
}

void adt_optim_zero_grad(adt_optim *opt)
{
    check_optim("adt_optim_zero_grad", opt);
    for (int k = 0; k < opt->n; k++)
        adt_zero_(opt->grads[k]);
}

void adt_optim_set_lr(adt_optim *opt, double lr)
{
    check_optim("adt_optim_set_lr", opt);
    check_nonneg("adt_optim_set_lr", "lr", lr);
    opt->lr = lr;
}

void adt_optim_free(adt_optim *opt)
{
    if (!opt)
        return;
    for (int k = 0; k < opt->n; k++) {
        adt_free(opt->params[k]);
        adt_free(opt->grads[k]);
        adt_free(opt->m[k]);
        adt_free(opt->v[k]);
    }
    adti_free(opt->params);
    adti_free(opt->grads);
    adti_free(opt->m);
    adti_free(opt->v);
    adti_free(opt);
}
