/* net.c: a model's parameter tensors and gradients: their shapes, their
 * random initialisation, the calls of the model (models.c) and of its
 * adcc-generated gradient (models_grad.c) on a parameter array, and the
 * test-set evaluation. The training loop is in train.c. */
#include "fmnist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models_grad.h"

/* One parameter: its shape, and for a weight the fan-in and fan-out that
 * set its initial scale (fan_in 0 marks a bias, which starts at zero). */
typedef struct ParamSpec {
    int ndim;
    int64_t shape[4];
    int64_t fan_in, fan_out;
    int relu_follows; /* Kaiming (a ReLU follows) or Xavier (the output layer) */
} ParamSpec;

/* In the order of mlp_loss's parameters. */
static const ParamSpec mlp_specs[] = {
    {2, {256, FM_PIXELS}, FM_PIXELS, 256, 1}, {1, {256}, 0, 0, 0},
    {2, {128, 256}, 256, 128, 1},             {1, {128}, 0, 0, 0},
    {2, {FM_CLASSES, 128}, 128, FM_CLASSES, 0}, {1, {FM_CLASSES}, 0, 0, 0},
};

/* In the order of cnn_loss's parameters; a convolution's fans count its
 * 3x3 window. */
static const ParamSpec cnn_specs[] = {
    {4, {16, 1, 3, 3}, 1 * 9, 16 * 9, 1},     {1, {16}, 0, 0, 0},
    {4, {32, 16, 3, 3}, 16 * 9, 32 * 9, 1},   {1, {32}, 0, 0, 0},
    {2, {128, 32 * 7 * 7}, 32 * 7 * 7, 128, 1}, {1, {128}, 0, 0, 0},
    {2, {FM_CLASSES, 128}, 128, FM_CLASSES, 0}, {1, {FM_CLASSES}, 0, 0, 0},
};

int net_kind_parse(const char *name, NetKind *kind)
{
    if (strcmp(name, "mlp") == 0)
        *kind = NET_MLP;
    else if (strcmp(name, "cnn") == 0)
        *kind = NET_CNN;
    else
        return -1;
    return 0;
}

const char *net_kind_name(NetKind kind)
{
    switch (kind) {
    case NET_MLP: return "mlp";
    case NET_CNN: return "cnn";
    }
    return "?";
}

static const ParamSpec *net_specs(NetKind kind, int *n)
{
    switch (kind) {
    case NET_MLP: *n = (int)(sizeof mlp_specs / sizeof mlp_specs[0]); return mlp_specs;
    case NET_CNN: *n = (int)(sizeof cnn_specs / sizeof cnn_specs[0]); return cnn_specs;
    }
    *n = 0;
    return NULL;
}

/* Kaiming-normal std sqrt(2 / fan_in) before a ReLU (He et al. 2015),
 * Xavier-normal sqrt(2 / (fan_in + fan_out)) for the output layer. */
static adt_tensor *init_param(const ParamSpec *s, adt_rng *rng)
{
    if (s->fan_in == 0)
        return adt_zeros(ADT_F32, s->ndim, s->shape);
    double std = s->relu_follows ? sqrt(2.0 / (double)s->fan_in) : sqrt(2.0 / (double)(s->fan_in + s->fan_out));
    adt_tensor *t = adt_randn(rng, ADT_F32, s->ndim, s->shape);
    float *p = adt_f32(t);
    int64_t n = adt_numel(t);
    for (int64_t i = 0; i < n; i++)
        p[i] = (float)(p[i] * std);
    return t;
}

void net_init(Net *net, NetKind kind, adt_rng *rng)
{
    const ParamSpec *specs = net_specs(kind, &net->n);
    net->kind = kind;
    for (int i = 0; i < net->n; i++) {
        net->param[i] = init_param(&specs[i], rng);
        net->grad[i] = adt_zeros_like(net->param[i]);
    }
}

void net_to(Net *net, adt_device device)
{
    for (int i = 0; i < net->n; i++) {
        adt_tensor *p = adt_to(net->param[i], device);
        adt_free(net->param[i]);
        adt_free(net->grad[i]);
        net->param[i] = p;
        net->grad[i] = adt_zeros_like(p);
    }
}

void net_free(Net *net)
{
    for (int i = 0; i < net->n; i++) {
        adt_free(net->param[i]);
        adt_free(net->grad[i]);
        net->param[i] = net->grad[i] = NULL;
    }
    net->n = 0;
}

int64_t net_numel(const Net *net)
{
    int64_t n = 0;
    for (int i = 0; i < net->n; i++)
        n += adt_numel(net->param[i]);
    return n;
}

double net_loss(Net *net, const adt_tensor *x, const adt_tensor *labels, adt_tensor *logits_out)
{
    adt_tensor **p = net->param;
    switch (net->kind) {
    case NET_MLP: return mlp_loss(p[0], p[1], p[2], p[3], p[4], p[5], x, labels, logits_out);
    case NET_CNN: return cnn_loss(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], x, labels, logits_out);
    }
    return NAN;
}

double net_loss_grad(Net *net, const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor **p = net->param, **g = net->grad;
    switch (net->kind) {
    case NET_MLP:
        return mlp_loss_grad(p[0], g[0], p[1], g[1], p[2], g[2], p[3], g[3], p[4], g[4], p[5], g[5], x, labels,
                             NULL);
    case NET_CNN:
        return cnn_loss_grad(p[0], g[0], p[1], g[1], p[2], g[2], p[3], g[3], p[4], g[4], p[5], g[5], p[6], g[6],
                             p[7], g[7], x, labels, NULL);
    }
    return NAN;
}

/* Samples per forward pass of the evaluation: bounds the memory of the
 * CNN's activations (about 100 KiB per sample). */
#define EVAL_CHUNK 500

NetEval net_evaluate(Net *net, const FmData *data)
{
    NetEval ev;
    memset(&ev, 0, sizeof ev);
    int64_t n = adt_size(data->labels, 0);
    adt_tensor *host = adt_empty(ADT_F32, 2, (int64_t[]){EVAL_CHUNK, FM_CLASSES});
    adt_tensor *logits = adt_to(host, adt_device_of(data->images));
    adt_free(host);
    double loss_sum = 0;
    int64_t correct = 0;
    for (int64_t at = 0; at < n; at += EVAL_CHUNK) {
        int64_t len = n - at < EVAL_CHUNK ? n - at : EVAL_CHUNK;
        adt_tensor *x = adt_narrow(data->images, 0, at, len);
        adt_tensor *y = adt_narrow(data->labels, 0, at, len);
        adt_tensor *out = adt_narrow(logits, 0, 0, len);
        loss_sum += net_loss(net, x, y, out) * (double)len;
        adt_tensor *pred_at = adt_argmax(out, 1);
        adt_tensor *pred = adt_to(pred_at, ADT_CPU), *truth = adt_to(y, ADT_CPU);
        const float *pp = adt_f32(pred), *py = adt_f32(truth);
        for (int64_t i = 0; i < len; i++) {
            int t = (int)py[i], p = (int)pp[i];
            ev.confusion[t][p]++;
            correct += t == p;
        }
        adt_free(pred);
        adt_free(pred_at);
        adt_free(truth);
        adt_free(out);
        adt_free(y);
        adt_free(x);
    }
    adt_free(logits);
    ev.accuracy = n > 0 ? (double)correct / (double)n : 0;
    ev.loss = n > 0 ? loss_sum / (double)n : 0;
    return ev;
}
