/* adcu_conv.c: conv2d and max and average pooling on the CUDA device, with
 * their pullbacks and forward rules. The convolution runs on cuDNN's legacy
 * API (tensor, filter and convolution descriptors; algorithms from the _v7
 * heuristics, chosen once per geometry and kept in a per-thread plan;
 * cross-correlation, as runtime/adt_conv.c computes it); the bias is added,
 * and its adjoint summed, by the backend's own broadcast kernels (adcu_acc).
 * Pooling runs adcu_pool.cu's kernels. The argument checks and messages are
 * the CPU's (adti_check_conv and the rest, internal.h). One cuDNN handle per
 * thread, made on first use, on the default stream as everything else. */
#include "internal.h"

#include <cudnn.h>
#include <limits.h>

/* The most workspace a convolution algorithm may ask for: the heuristics'
 * first algorithm within it is taken. */
#define WORKSPACE_MAX ((size_t)512 << 20)

static void *ptr(const adt_tensor *t)
{
    return adti_data(t); /* address arithmetic only: nothing is read on the host */
}

/* ---- the handle ---- */

static _Thread_local cudnnHandle_t handle;
static _Thread_local int have_handle;

/* adt_error("<fn>: <call>: <cuDNN's message>") unless st is success. */
static void check_dnn(const char *fn, const char *call, cudnnStatus_t st)
{
    if (st != CUDNN_STATUS_SUCCESS)
        adt_error("%s: %s: %s", fn, call, cudnnGetErrorString(st));
}

static cudnnHandle_t dnn(const char *fn)
{
    if (!have_handle) {
        check_dnn(fn, "cudnnCreate", cudnnCreate(&handle));
        have_handle = 1;
    }
    return handle;
}

/* ---- descriptors ---- */

/* The descriptors of one convolution: x [n, c, h, w], w [o, c, kh, kw],
 * y [n, o, oh, ow], all packed NCHW; the adjoints share them. */
typedef struct Descs {
    cudnnTensorDescriptor_t x, y;
    cudnnFilterDescriptor_t w;
    cudnnConvolutionDescriptor_t conv;
    cudnnMathType_t math; /* the descriptor's math before an algorithm is chosen */
} Descs;

static cudnnDataType_t data_type(adt_dtype dt)
{
    switch (dt) {
    case ADT_F32:
        return CUDNN_DATA_FLOAT;
    case ADT_F64:
        return CUDNN_DATA_DOUBLE;
    }
    return CUDNN_DATA_DOUBLE;
}

/* Whether the product of the sizes fits cuDNN's int (each is >= 0). */
static int fits_int(int64_t a, int64_t b, int64_t c, int64_t d)
{
    const int64_t v[4] = {a, b, c, d};
    int64_t p = 1;
    for (int k = 0; k < 4; k++) {
        if (v[k] != 0 && p > INT_MAX / v[k])
            return 0;
        p *= v[k];
    }
    return 1;
}

static void check_int_sizes(const char *fn, const adti_conv *g, const adt_tensor *x, const adt_tensor *w)
{
    char sx[ADTI_SHAPE_STR], sw[ADTI_SHAPE_STR];
    if (!fits_int(g->n, g->c, g->h, g->w) || !fits_int(g->n, g->o, g->oh, g->ow) || !fits_int(g->o, g->c, g->kh, g->kw))
        adt_error("%s: x %s and w %s are too large for cuDNN's int sizes", fn, adti_shape_str(sx, 4, x->shape),
                  adti_shape_str(sw, 4, w->shape));
}

static void descs_make(const char *fn, const adti_conv *g, Descs *d)
{
    cudnnDataType_t type = data_type(g->dt);
    int pad = (int)g->pad, stride = (int)g->stride;
    /* f32 without TF32 tensor cores, so results stay within 1e-4 of the CPU's */
    d->math = g->dt == ADT_F32 ? CUDNN_FMA_MATH : CUDNN_DEFAULT_MATH;
    check_dnn(fn, "cudnnCreateTensorDescriptor", cudnnCreateTensorDescriptor(&d->x));
    check_dnn(fn, "cudnnCreateTensorDescriptor", cudnnCreateTensorDescriptor(&d->y));
    check_dnn(fn, "cudnnCreateFilterDescriptor", cudnnCreateFilterDescriptor(&d->w));
    check_dnn(fn, "cudnnCreateConvolutionDescriptor", cudnnCreateConvolutionDescriptor(&d->conv));
    check_dnn(fn, "cudnnSetTensor4dDescriptor",
              cudnnSetTensor4dDescriptor(d->x, CUDNN_TENSOR_NCHW, type, (int)g->n, (int)g->c, (int)g->h, (int)g->w));
    check_dnn(fn, "cudnnSetTensor4dDescriptor",
              cudnnSetTensor4dDescriptor(d->y, CUDNN_TENSOR_NCHW, type, (int)g->n, (int)g->o, (int)g->oh, (int)g->ow));
    check_dnn(fn, "cudnnSetFilter4dDescriptor",
              cudnnSetFilter4dDescriptor(d->w, type, CUDNN_TENSOR_NCHW, (int)g->o, (int)g->c, (int)g->kh, (int)g->kw));
    check_dnn(fn, "cudnnSetConvolution2dDescriptor",
              cudnnSetConvolution2dDescriptor(d->conv, pad, pad, stride, stride, 1, 1, CUDNN_CROSS_CORRELATION, type));
    /* cuDNN's output size must be the CPU's (adti_check_conv) */
    int on, oc, oh, ow;
    check_dnn(fn, "cudnnGetConvolution2dForwardOutputDim",
              cudnnGetConvolution2dForwardOutputDim(d->conv, d->x, d->w, &on, &oc, &oh, &ow));
    if (on != g->n || oc != g->o || oh != g->oh || ow != g->ow)
        adt_error("%s: cuDNN's result [%d, %d, %d, %d] is not [%lld, %lld, %lld, %lld]", fn, on, oc, oh, ow,
                  (long long)g->n, (long long)g->o, (long long)g->oh, (long long)g->ow);
}

static void descs_free(Descs *d)
{
    cudnnDestroyConvolutionDescriptor(d->conv);
    cudnnDestroyFilterDescriptor(d->w);
    cudnnDestroyTensorDescriptor(d->y);
    cudnnDestroyTensorDescriptor(d->x);
}

/* ---- algorithms ---- */

/* One of the heuristics' results, as the three directions' structs give it. */
typedef struct Candidate {
    int algo;
    cudnnStatus_t status;
    size_t bytes;
    cudnnDeterminism_t determinism;
    cudnnMathType_t math;
} Candidate;

/* The chosen algorithm, its workspace and the math type it runs with. */
typedef struct Algo {
    int algo;
    size_t bytes;
    cudnnMathType_t math;
} Algo;

/* How well candidate c fits: 0 not at all; for f32, 2 for FMA math (no
 * TF32) and 1 for cuDNN's default math (FMA kernels, though on Ampere and
 * later cuDNN may use TF32 there: the fallback when the heuristics report
 * no FMA algorithm); tensor-op math never. f64 runs in f64 whichever math. */
static int fitness(const Descs *d, const Candidate *c)
{
    if (c->status != CUDNN_STATUS_SUCCESS || c->bytes > WORKSPACE_MAX)
        return 0;
    if (d->math != CUDNN_FMA_MATH || c->math == CUDNN_FMA_MATH)
        return 2;
    return c->math == CUDNN_DEFAULT_MATH ? 1 : 0;
}

/* The first of the n results (in the heuristics' order) of the best
 * fitness, a deterministic one where there is one. */
static Algo choose(const char *fn, const char *what, const Descs *d, const Candidate *c, int n)
{
    int pick = -1;
    for (int want = 2; want >= 1 && pick < 0; want--) {
        for (int i = 0; i < n && pick < 0; i++)
            if (fitness(d, &c[i]) == want && c[i].determinism == CUDNN_DETERMINISTIC)
                pick = i;
        for (int i = 0; i < n && pick < 0; i++)
            if (fitness(d, &c[i]) == want)
                pick = i;
    }
    if (pick < 0)
        adt_error("%s: cuDNN has no %s convolution algorithm for these shapes within %zu bytes of workspace", fn,
                  what, WORKSPACE_MAX);
    return (Algo){c[pick].algo, c[pick].bytes, c[pick].math};
}

/* The heuristics are asked with the descriptor's own math type. */
static void reset_math(const char *fn, const Descs *d)
{
    check_dnn(fn, "cudnnSetConvolutionMathType", cudnnSetConvolutionMathType(d->conv, d->math));
}

static Algo algo_forward(const char *fn, const Descs *d)
{
    cudnnConvolutionFwdAlgoPerf_t r[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    Candidate c[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    int n = 0;
    reset_math(fn, d);
    check_dnn(fn, "cudnnGetConvolutionForwardAlgorithm_v7",
              cudnnGetConvolutionForwardAlgorithm_v7(dnn(fn), d->x, d->w, d->conv, d->y,
                                                     CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &n, r));
    for (int i = 0; i < n; i++)
        c[i] = (Candidate){(int)r[i].algo, r[i].status, r[i].memory, r[i].determinism, r[i].mathType};
    return choose(fn, "forward", d, c, n);
}

static Algo algo_data(const char *fn, const Descs *d)
{
    cudnnConvolutionBwdDataAlgoPerf_t r[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
    Candidate c[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
    int n = 0;
    reset_math(fn, d);
    check_dnn(fn, "cudnnGetConvolutionBackwardDataAlgorithm_v7",
              cudnnGetConvolutionBackwardDataAlgorithm_v7(dnn(fn), d->w, d->y, d->conv, d->x,
                                                          CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, &n, r));
    for (int i = 0; i < n; i++)
        c[i] = (Candidate){(int)r[i].algo, r[i].status, r[i].memory, r[i].determinism, r[i].mathType};
    return choose(fn, "backward-data", d, c, n);
}

static Algo algo_filter(const char *fn, const Descs *d)
{
    cudnnConvolutionBwdFilterAlgoPerf_t r[CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT];
    Candidate c[CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT];
    int n = 0;
    reset_math(fn, d);
    check_dnn(fn, "cudnnGetConvolutionBackwardFilterAlgorithm_v7",
              cudnnGetConvolutionBackwardFilterAlgorithm_v7(dnn(fn), d->x, d->y, d->conv, d->w,
                                                            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, &n, r));
    for (int i = 0; i < n; i++)
        c[i] = (Candidate){(int)r[i].algo, r[i].status, r[i].memory, r[i].determinism, r[i].mathType};
    return choose(fn, "backward-filter", d, c, n);
}

/* ---- plans: descriptors and algorithms per geometry, kept per thread ----
 * A training loop convolves the same shapes every step: their descriptors
 * and the heuristics' choices are made once and reused, as frameworks
 * cache them. The least recently made plan makes way for a new geometry. */

#define PLANS 16

typedef enum { DIR_FORWARD, DIR_DATA, DIR_FILTER, DIRS } Direction;

typedef struct Plan {
    int used;
    adti_conv g;
    Descs d;
    int have[DIRS];
    Algo algo[DIRS];
} Plan;

static _Thread_local Plan plans[PLANS];
static _Thread_local int next_plan;

static int same_geometry(const adti_conv *a, const adti_conv *b)
{
    return a->dt == b->dt && a->n == b->n && a->c == b->c && a->h == b->h && a->w == b->w && a->o == b->o &&
           a->kh == b->kh && a->kw == b->kw && a->stride == b->stride && a->pad == b->pad;
}

static Plan *plan_for(const char *fn, const adti_conv *g)
{
    for (int i = 0; i < PLANS; i++)
        if (plans[i].used && same_geometry(&plans[i].g, g))
            return &plans[i];
    Plan *p = &plans[next_plan];
    next_plan = (next_plan + 1) % PLANS;
    if (p->used)
        descs_free(&p->d);
    memset(p, 0, sizeof *p);
    descs_make(fn, g, &p->d);
    p->g = *g;
    p->used = 1;
    return p;
}

/* The plan's algorithm for one direction (chosen on first use), with the
 * descriptor set to its math type. */
static Algo plan_algo(const char *fn, Plan *p, Direction dir)
{
    if (!p->have[dir]) {
        switch (dir) {
        case DIR_FORWARD: p->algo[dir] = algo_forward(fn, &p->d); break;
        case DIR_DATA: p->algo[dir] = algo_data(fn, &p->d); break;
        case DIR_FILTER: p->algo[dir] = algo_filter(fn, &p->d); break;
        case DIRS: break;
        }
        p->have[dir] = 1;
    }
    check_dnn(fn, "cudnnSetConvolutionMathType", cudnnSetConvolutionMathType(p->d.conv, p->algo[dir].math));
    return p->algo[dir];
}

/* ---- the three convolutions ---- */

/* cuDNN's scaling factors: float for f32 data, double for f64. */
typedef struct Factor {
    float f;
    double d;
} Factor;

static const void *factor(adt_dtype dt, const Factor *s)
{
    switch (dt) {
    case ADT_F32:
        return &s->f;
    case ADT_F64:
        return &s->d;
    }
    return &s->d;
}

static const Factor ONE = {1.0f, 1.0}, ZERO = {0.0f, 0.0};

/* y = conv(x, w); x, w contiguous, y new. */
static void conv_forward(const char *fn, Plan *p, adt_dtype dt, const adt_tensor *x, const adt_tensor *w,
                         adt_tensor *y)
{
    const Descs *d = &p->d;
    Algo a = plan_algo(fn, p, DIR_FORWARD);
    void *ws = a.bytes ? adcu_alloc(fn, a.bytes) : NULL;
    check_dnn(fn, "cudnnConvolutionForward",
              cudnnConvolutionForward(dnn(fn), factor(dt, &ONE), d->x, ptr(x), d->w, ptr(w), d->conv,
                                      (cudnnConvolutionFwdAlgo_t)a.algo, ws, a.bytes, factor(dt, &ZERO), d->y,
                                      ptr(y)));
    adcu_free(ws, a.bytes);
}

/* An adjoint to accumulate into: d itself when contiguous (cuDNN adds with
 * beta 1), else a new temporary (beta 0) that finish_adjoint adds to d. */
static adt_tensor *adjoint_target(const char *fn, adt_tensor *d, const Factor **beta)
{
    if (adt_is_contiguous(d)) {
        *beta = &ONE;
        return d;
    }
    *beta = &ZERO;
    return adcu_new(fn, d->dtype, d->ndim, d->shape, 0);
}

static void finish_adjoint(const char *fn, adt_tensor *d, adt_tensor *target)
{
    if (target == d)
        return;
    adcu_acc(fn, d, 1.0, target);
    adt_free(target);
}

/* d_x += conv's adjoint in x: w, g (the seed) contiguous. */
static void conv_data_pb(const char *fn, Plan *p, const adt_tensor *w, const adt_tensor *g, adt_tensor *d_x)
{
    const Descs *d = &p->d;
    const Factor *beta;
    Algo a = plan_algo(fn, p, DIR_DATA);
    adt_tensor *t = adjoint_target(fn, d_x, &beta);
    void *ws = a.bytes ? adcu_alloc(fn, a.bytes) : NULL;
    check_dnn(fn, "cudnnConvolutionBackwardData",
              cudnnConvolutionBackwardData(dnn(fn), factor(g->dtype, &ONE), d->w, ptr(w), d->y, ptr(g), d->conv,
                                           (cudnnConvolutionBwdDataAlgo_t)a.algo, ws, a.bytes,
                                           factor(g->dtype, beta), d->x, ptr(t)));
    adcu_free(ws, a.bytes);
    finish_adjoint(fn, d_x, t);
}

/* d_w += conv's adjoint in w: x, g (the seed) contiguous. */
static void conv_filter_pb(const char *fn, Plan *p, const adt_tensor *x, const adt_tensor *g, adt_tensor *d_w)
{
    const Descs *d = &p->d;
    const Factor *beta;
    Algo a = plan_algo(fn, p, DIR_FILTER);
    adt_tensor *t = adjoint_target(fn, d_w, &beta);
    void *ws = a.bytes ? adcu_alloc(fn, a.bytes) : NULL;
    check_dnn(fn, "cudnnConvolutionBackwardFilter",
              cudnnConvolutionBackwardFilter(dnn(fn), factor(g->dtype, &ONE), d->x, ptr(x), d->y, ptr(g), d->conv,
                                             (cudnnConvolutionBwdFilterAlgo_t)a.algo, ws, a.bytes,
                                             factor(g->dtype, beta), d->w, ptr(t)));
    adcu_free(ws, a.bytes);
    finish_adjoint(fn, d_w, t);
}

/* A borrowed view of a bias (or its adjoint) b [o] as [o, 1, 1]: it then
 * broadcasts over a result [n, o, oh, ow], and sums down from it. */
static adt_tensor bias_view(const adt_tensor *b)
{
    adt_tensor v = *b;
    adti_unsqueeze(&v, 1);
    adti_unsqueeze(&v, 2);
    return v;
}

/* ---- conv2d ---- */

adt_tensor *adcu_conv2d(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias, int stride, int padding)
{
    const char *fn = "adt_conv2d";
    adti_conv g;
    adti_check_conv(fn, adti_check_meta, x, w, bias, stride, padding, &g);
    adt_tensor *y = adcu_new(fn, g.dt, 4, (int64_t[]){g.n, g.o, g.oh, g.ow}, g.c == 0);
    if (g.n == 0 || g.o == 0 || g.ohw == 0)
        return y;
    if (g.c > 0) { /* no channels: a sum of nothing, y stays 0 */
        check_int_sizes(fn, &g, x, w);
        adt_tensor *xc = adcu_contiguous(fn, x), *wc = adcu_contiguous(fn, w);
        conv_forward(fn, plan_for(fn, &g), g.dt, xc, wc, y);
        adt_free(xc);
        adt_free(wc);
    }
    if (bias) {
        adt_tensor b = bias_view(bias);
        adcu_acc(fn, y, 1.0, &b);
    }
    return y;
}

/* d_x += conv's adjoint in x, d_w += in w, d_bias += the seed summed over
 * samples and positions (each adjoint may be NULL) */
void adcu_conv2d_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                    const adt_tensor *bias, adt_tensor *d_bias, int stride, int padding, const adt_tensor *d_ret)
{
    const char *fn = "adt_conv2d_pb";
    adti_conv g;
    adti_check_conv(fn, adti_check_meta, x, w, bias, stride, padding, &g);
    adti_check_conv_pb(fn, adti_check_meta, &g, x, d_x, w, d_w, bias, d_bias, d_ret);
    if (g.n == 0 || g.o == 0 || g.ohw == 0 || (!d_x && !d_w && !d_bias))
        return;
    if (d_bias) {
        adt_tensor b = bias_view(d_bias);
        adcu_acc(fn, &b, 1.0, d_ret);
    }
    if (g.c == 0 || (!d_x && !d_w)) /* no channels: d_x and d_w are empty */
        return;
    check_int_sizes(fn, &g, x, w);
    adt_tensor *gc = adcu_contiguous(fn, d_ret);
    Plan *p = plan_for(fn, &g);
    if (d_x) {
        adt_tensor *wc = adcu_contiguous(fn, w);
        conv_data_pb(fn, p, wc, gc, d_x);
        adt_free(wc);
    }
    if (d_w) {
        adt_tensor *xc = adcu_contiguous(fn, x);
        conv_filter_pb(fn, p, xc, gc, d_w);
        adt_free(xc);
    }
    adt_free(gc);
}

/* The forward rule: conv is bilinear in (x, w) and linear in the bias, so
 * t = conv(t_x, w) + conv(x, t_w) + t_bias (NULL tangents are zero). */
adt_tensor *adcu_conv2d_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                           const adt_tensor *bias, const adt_tensor *t_bias, int stride, int padding,
                           adt_tensor **t_ret)
{
    const char *fn = "adt_conv2d_pf";
    adti_conv g;
    adti_check_conv_pf(fn, adti_check_meta, x, t_x, w, t_w, bias, t_bias, stride, padding, &g);
    adt_tensor *y = adcu_conv2d(x, w, bias, stride, padding);
    adt_tensor *t = adcu_new(fn, g.dt, 4, y->shape, 1);
    if (t_x) {
        adt_tensor *part = adcu_conv2d(t_x, w, NULL, stride, padding);
        adcu_acc(fn, t, 1.0, part);
        adt_free(part);
    }
    if (t_w) {
        adt_tensor *part = adcu_conv2d(x, t_w, NULL, stride, padding);
        adcu_acc(fn, t, 1.0, part);
        adt_free(part);
    }
    if (t_bias) {
        adt_tensor b = bias_view(t_bias);
        adcu_acc(fn, t, 1.0, &b);
    }
    *t_ret = t;
    return y;
}

/* ---- pooling (adcu_pool.cu) ---- */

/* The kernels' geometry: operand 0 is x, 1 the result or d_x, 2 d_ret
 * (strides 0 when absent). */
static adcu_pool_geom pool_geom(const adti_pool *p, const adt_tensor *x, const adt_tensor *out,
                                const adt_tensor *d_ret)
{
    const adt_tensor *ops[3] = {x, out, d_ret};
    adcu_pool_geom g;
    memset(&g, 0, sizeof g);
    g.n = p->n;
    g.c = p->c;
    g.h = p->h;
    g.w = p->w;
    g.oh = p->oh;
    g.ow = p->ow;
    g.k = p->k;
    g.step = p->stride;
    for (int k = 0; k < 3; k++)
        for (int dim = 0; dim < 4 && ops[k]; dim++)
            g.stride[k][dim] = ops[k]->stride[dim];
    return g;
}

adt_tensor *adcu_pool(const char *fn, adcu_pool_op op, const adt_tensor *x, int k, int stride)
{
    adti_pool p;
    adti_check_pool(fn, adti_check_meta, x, k, stride, &p);
    adt_tensor *y = adcu_new(fn, p.dt, 4, (int64_t[]){p.n, p.c, p.oh, p.ow}, 0);
    adcu_pool_geom g = pool_geom(&p, x, y, NULL);
    adcu_k_pool(op, p.dt, &g, ptr(y), ptr(x));
    return y;
}

void adcu_pool_pb(const char *fn, adcu_pool_op op, const adt_tensor *x, adt_tensor *d_x, int k, int stride,
                  const adt_tensor *d_ret)
{
    adti_pool p;
    adti_check_pool(fn, adti_check_meta, x, k, stride, &p);
    adti_check_pool_pb(fn, adti_check_meta, &p, x, d_x, d_ret);
    if (!d_x)
        return;
    adcu_pool_geom g = pool_geom(&p, x, d_x, d_ret);
    adcu_k_pool_grad(op, p.dt, &g, ptr(d_x), ptr(x), ptr(d_ret));
}

/* The forward rules: max pooling's tangent is t_x at each window's first
 * maximum (as the pullback routes the seed); average pooling is linear. */
adt_tensor *adcu_pool_pf(const char *fn, adcu_pool_op op, const adt_tensor *x, const adt_tensor *t_x, int k,
                         int stride, adt_tensor **t_ret)
{
    adti_pool p;
    adti_check_pool_pf(fn, adti_check_meta, x, t_x, k, stride, &p);
    if (!t_x) {
        adt_tensor *y = adcu_pool(fn, op, x, k, stride);
        *t_ret = adcu_new(fn, p.dt, 4, y->shape, 1);
        return y;
    }
    switch (op) {
    case ADCU_POOL_MAX: {
        adt_tensor *y = adcu_new(fn, p.dt, 4, (int64_t[]){p.n, p.c, p.oh, p.ow}, 0);
        adt_tensor *t = adcu_new(fn, p.dt, 4, y->shape, 0);
        adcu_pool_geom g = pool_geom(&p, x, y, t_x); /* t has y's strides */
        adcu_k_max_pool_pf(p.dt, &g, ptr(y), ptr(x), ptr(t), ptr(t_x));
        *t_ret = t;
        return y;
    }
    case ADCU_POOL_AVG:
        *t_ret = adcu_pool(fn, op, t_x, k, stride);
        return adcu_pool(fn, op, x, k, stride);
    }
    return NULL;
}
