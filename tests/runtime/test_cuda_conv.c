/* test_cuda_conv.c (ctest gpu.cuda_conv, label gpu): conv2d (cuDNN) and
 * max and average pooling (adcu_pool.cu) on the CUDA device, forward and
 * pullback, against the CPU on seeded data (f64 relative error <= 1e-10,
 * f32 <= 1e-4): batch 1 and 3, channels 1, 3 and 16, kernels 1, 3 and 5,
 * stride 1 and 2, padding 0 to 2, with and without bias, NULL adjoints,
 * non-contiguous inputs, seeds and adjoints, adjoints accumulated into
 * non-zero values; pools of 2 stride 2, 3 stride 1, 3 stride 2 (and more)
 * on inputs with ties (relu of randn, all-zero windows, coarse values) and
 * NaNs, where max pooling must pick the CPU's element exactly; the errors.
 * Exits 77 (skipped) without a device (cuda_check.h). */
#include "cuda_check.h"

/* ---- inputs ---- */

typedef enum { FILL_RANDN, FILL_RELU, FILL_ZERO, FILL_COARSE, FILL_NAN } Fill;

static const char *fill_name(Fill f)
{
    switch (f) {
    case FILL_RANDN: return "randn";
    case FILL_RELU: return "relu(randn)";
    case FILL_ZERO: return "zeros";
    case FILL_COARSE: return "coarse (ties)";
    case FILL_NAN: return "randn with NaNs";
    }
    return "?";
}

/* A new contiguous CPU tensor of the shape filled as asked. */
static adt_tensor *filled(adt_dtype dt, int ndim, const int64_t *shape, Fill f)
{
    adt_tensor *t = adt_randn(&rng, ADT_F64, ndim, shape);
    double *v = adt_f64(t);
    for (int64_t i = 0; i < adt_numel(t); i++) {
        switch (f) {
        case FILL_RANDN: break;
        case FILL_RELU: v[i] = v[i] > 0 ? v[i] : 0.0; break;
        case FILL_ZERO: v[i] = 0.0; break;
        case FILL_COARSE: v[i] = floor(v[i] * 2) / 2; break; /* halves: many ties */
        case FILL_NAN: v[i] = i % 7 == 3 ? NAN : v[i]; break;
        }
    }
    adt_tensor *r = adt_to_dtype(t, dt);
    adt_free(t);
    return r;
}

/* A tensor on the CPU and its copy on the device, both contiguous or (view)
 * both the same non-contiguous view: a 1-d one is a column of an [n, 2]
 * tensor, a 2-d or larger one a transpose of the last two dimensions. */
typedef struct Pair {
    adt_tensor *cpu, *dev;
} Pair;

static Pair pair(adt_dtype dt, int ndim, const int64_t *shape, Fill f, int view)
{
    int64_t s[ADT_MAX_DIMS];
    int bn = ndim;
    memcpy(s, shape, (size_t)ndim * sizeof *s);
    if (view && ndim == 1)
        s[bn++] = 2;
    else if (view) {
        s[ndim - 2] = shape[ndim - 1];
        s[ndim - 1] = shape[ndim - 2];
    }
    adt_tensor *base = filled(dt, bn, s, f), *base_dev = dev(base);
    Pair p = {base, base_dev};
    if (view && ndim == 1) {
        p.cpu = adt_select(base, 1, 1);
        p.dev = adt_select(base_dev, 1, 1);
    } else if (view) {
        p.cpu = adt_transpose(base, ndim - 2, ndim - 1);
        p.dev = adt_transpose(base_dev, ndim - 2, ndim - 1);
    }
    if (view) { /* the views keep the storage */
        adt_free(base);
        adt_free(base_dev);
    }
    return p;
}

static Pair no_pair(void)
{
    Pair p = {NULL, NULL};
    return p;
}

static void pair_free(Pair *p)
{
    adt_free(p->cpu);
    adt_free(p->dev);
}

/* The device result must be the CPU's exactly (NaNs in the same places). */
static void check_same(const char *what, const adt_tensor *cpu, const adt_tensor *dv)
{
    checks++;
    if (adt_device_of(dv) != ADT_CUDA || !adt_same_shape(cpu, dv)) {
        fprintf(stderr, "%s: wrong device or shape\n", what);
        failures++;
        return;
    }
    adt_tensor *g = adt_to(dv, ADT_CPU), *c = adt_contiguous(cpu);
    adt_tensor *gd = adt_to_dtype(g, ADT_F64), *cd = adt_to_dtype(c, ADT_F64);
    const double *x = adt_f64(cd), *y = adt_f64(gd);
    int64_t differ = 0;
    for (int64_t i = 0; i < adt_numel(cd); i++)
        if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i]))))
            differ++;
    if (differ) {
        fprintf(stderr, "%s: %lld of %lld elements differ from the CPU's\n", what, (long long)differ,
                (long long)adt_numel(cd));
        failures++;
    }
    adt_free(g);
    adt_free(c);
    adt_free(gd);
    adt_free(cd);
}

/* ---- conv2d ---- */

/* view: 1 = the inputs and the seed are non-contiguous, 2 = the adjoints are */
typedef struct ConvCase {
    int64_t n, c, h, w, o, k;
    int stride, padding, bias, view;
} ConvCase;

static const ConvCase convs[] = {
    {1, 1, 5, 5, 2, 1, 1, 0, 1, 0},    {3, 3, 8, 7, 4, 3, 1, 1, 1, 0},    {3, 16, 9, 9, 8, 3, 2, 1, 0, 1},
    {1, 3, 11, 10, 16, 5, 2, 2, 1, 3}, {3, 16, 6, 6, 16, 5, 1, 2, 0, 2},  {1, 3, 7, 7, 5, 1, 2, 0, 1, 1},
    {3, 1, 28, 28, 8, 3, 1, 1, 1, 2},  {3, 16, 14, 12, 16, 3, 1, 0, 1, 3}, {3, 3, 6, 9, 1, 5, 2, 0, 1, 0},
    {1, 16, 5, 5, 3, 5, 1, 0, 0, 3},
};

typedef struct ConvOperands {
    Pair x, w, b, g;    /* inputs and the seed */
    Pair dx, dw, db;    /* adjoints, accumulated into */
} ConvOperands;

static void conv_pb_both(const ConvCase *c, const ConvOperands *o, int want)
{
    adt_conv2d_pb(o->x.cpu, want & 1 ? o->dx.cpu : NULL, o->w.cpu, want & 2 ? o->dw.cpu : NULL, o->b.cpu,
                  want & 4 ? o->db.cpu : NULL, c->stride, c->padding, o->g.cpu);
    adt_conv2d_pb(o->x.dev, want & 1 ? o->dx.dev : NULL, o->w.dev, want & 2 ? o->dw.dev : NULL, o->b.dev,
                  want & 4 ? o->db.dev : NULL, c->stride, c->padding, o->g.dev);
}

static void check_conv(adt_dtype dt, const ConvCase *c)
{
    char what[160];
    const int64_t xs[4] = {c->n, c->c, c->h, c->w}, ws[4] = {c->o, c->c, c->k, c->k};
    int xv = c->view & 1, av = (c->view & 2) != 0;
    ConvOperands o;
    o.x = pair(dt, 4, xs, FILL_RANDN, xv);
    o.w = pair(dt, 4, ws, FILL_RANDN, xv);
    o.b = c->bias ? pair(dt, 1, &c->o, FILL_RANDN, xv) : no_pair();
    adt_tensor *y = adt_conv2d(o.x.cpu, o.w.cpu, o.b.cpu, c->stride, c->padding);
    adt_tensor *y_dev = adt_conv2d(o.x.dev, o.w.dev, o.b.dev, c->stride, c->padding);
    snprintf(what, sizeof what, "adt_conv2d x [%lld, %lld, %lld, %lld] k %lld stride %d padding %d%s%s",
             (long long)c->n, (long long)c->c, (long long)c->h, (long long)c->w, (long long)c->k, c->stride,
             c->padding, c->bias ? " bias" : "", xv ? " (views)" : "");
    check_close(what, y, y_dev);
    o.g = pair(dt, 4, y->shape, FILL_RANDN, xv);
    o.dx = pair(dt, 4, xs, FILL_RANDN, av);
    o.dw = pair(dt, 4, ws, FILL_RANDN, av);
    o.db = c->bias ? pair(dt, 1, &c->o, FILL_RANDN, av) : no_pair();
    /* every adjoint, then each one alone (the others NULL) */
    static const int wants[] = {7, 1, 2, 4};
    for (size_t i = 0; i < sizeof wants / sizeof wants[0]; i++) {
        conv_pb_both(c, &o, wants[i]);
        size_t len = strlen(what);
        snprintf(what + len, sizeof what - len, " pb%s", i == 0 ? "" : " one adjoint");
        check_close(what, o.dx.cpu, o.dx.dev);
        check_close(what, o.dw.cpu, o.dw.dev);
        if (c->bias)
            check_close(what, o.db.cpu, o.db.dev);
        what[len] = '\0';
    }
    Pair *all[] = {&o.x, &o.w, &o.b, &o.g, &o.dx, &o.dw, &o.db};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        pair_free(all[i]);
    adt_free(y);
    adt_free(y_dev);
}

static void test_conv(adt_dtype dt)
{
    for (size_t i = 0; i < sizeof convs / sizeof convs[0]; i++)
        check_conv(dt, &convs[i]);
}

/* ---- pooling ---- */

typedef struct PoolOp {
    const char *name;
    adt_tensor *(*f)(const adt_tensor *, int, int);
    void (*pb)(const adt_tensor *, adt_tensor *, int, int, const adt_tensor *);
    int exact; /* max: the same elements, so the same values, as the CPU */
} PoolOp;

static const PoolOp pool_ops[] = {
    {"adt_max_pool2d", adt_max_pool2d, adt_max_pool2d_pb, 1},
    {"adt_avg_pool2d", adt_avg_pool2d, adt_avg_pool2d_pb, 0},
};

static void compare(const PoolOp *op, const char *what, const adt_tensor *cpu, const adt_tensor *dv)
{
    if (op->exact)
        check_same(what, cpu, dv);
    else
        check_close(what, cpu, dv);
}

static void check_pool(adt_dtype dt, const PoolOp *op, const int64_t *shape, int k, int stride, Fill f, int view)
{
    char what[160];
    Pair x = pair(dt, 4, shape, f, view);
    adt_tensor *y = op->f(x.cpu, k, stride), *y_dev = op->f(x.dev, k, stride);
    snprintf(what, sizeof what, "%s x [%lld, %lld, %lld, %lld] %s k %d stride %d%s", op->name, (long long)shape[0],
             (long long)shape[1], (long long)shape[2], (long long)shape[3], fill_name(f), k, stride,
             view ? " (views)" : "");
    compare(op, what, y, y_dev);
    Pair g = pair(dt, 4, y->shape, FILL_RANDN, view), d = pair(dt, 4, shape, FILL_RANDN, view);
    op->pb(x.cpu, d.cpu, k, stride, g.cpu);
    op->pb(x.dev, d.dev, k, stride, g.dev);
    op->pb(x.dev, NULL, k, stride, g.dev); /* no adjoint wanted */
    size_t len = strlen(what);
    snprintf(what + len, sizeof what - len, " pb");
    compare(op, what, d.cpu, d.dev);
    pair_free(&x);
    pair_free(&g);
    pair_free(&d);
    adt_free(y);
    adt_free(y_dev);
}

static void test_pool(adt_dtype dt)
{
    static const int64_t shapes[][4] = {{1, 1, 4, 4}, {3, 3, 7, 9}, {3, 16, 8, 8}, {1, 3, 28, 28}};
    static const int windows[][2] = {{2, 2}, {3, 1}, {3, 2}, {2, 1}, {1, 3}};
    static const Fill fills[] = {FILL_RANDN, FILL_RELU, FILL_ZERO, FILL_COARSE, FILL_NAN};
    int n = 0;
    for (size_t o = 0; o < sizeof pool_ops / sizeof pool_ops[0]; o++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
                for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++, n++)
                    check_pool(dt, &pool_ops[o], shapes[s], windows[w][0], windows[w][1], fills[f], n % 3 == 1);
}

/* ---- errors: the CPU's messages, the forward rules still CPU only ---- */

static adt_tensor *sink;

static void test_errors(void)
{
    adt_tensor *x = randn(ADT_F64, 4, (int64_t[]){2, 3, 5, 5}), *w = randn(ADT_F64, 4, (int64_t[]){4, 2, 3, 3});
    adt_tensor *w3 = randn(ADT_F64, 4, (int64_t[]){4, 3, 3, 3}), *b = randn(ADT_F64, 1, (int64_t[]){4});
    adt_tensor *x_dev = dev(x), *w_dev = dev(w), *w3_dev = dev(w3), *b_dev = dev(b);
    adt_tensor *y_dev = adt_conv2d(x_dev, w3_dev, b_dev, 1, 0);
    EXPECT_ERROR(sink = adt_conv2d(x_dev, w_dev, NULL, 1, 0), "adt: adt_conv2d: x has 3 channels but w expects 2");
    EXPECT_ERROR(sink = adt_conv2d(x, w3_dev, NULL, 1, 0), "adt: adt_conv2d: tensors on different devices");
    EXPECT_ERROR(sink = adt_conv2d(x_dev, w3_dev, NULL, 0, 0), "adt: adt_conv2d: stride must be at least 1");
    EXPECT_ERROR(sink = adt_conv2d(x_dev, w3_dev, NULL, 1, -1), "adt: adt_conv2d: padding must not be negative");
    EXPECT_ERROR(adt_conv2d_pb(x_dev, NULL, w3_dev, NULL, NULL, b_dev, 1, 0, y_dev),
                 "adt: adt_conv2d_pb: d_bias is given but bias is NULL");
    EXPECT_ERROR(adt_conv2d_pb(x_dev, x_dev, w3_dev, NULL, b_dev, NULL, 1, 0, x_dev),
                 "adt: adt_conv2d_pb: d_ret has shape [2, 3, 5, 5] but the result [2, 4, 3, 3]");
    EXPECT_ERROR(sink = adt_max_pool2d(x_dev, 6, 1), "adt: adt_max_pool2d: window 6x6 is larger than the input");
    EXPECT_ERROR(sink = adt_avg_pool2d(w3_dev, 2, 0), "adt: adt_avg_pool2d: stride must be at least 1");
    EXPECT_ERROR(adt_max_pool2d_pb(x_dev, x_dev, 2, 2, x_dev),
                 "adt: adt_max_pool2d_pb: d_ret has shape [2, 3, 5, 5] but the result [2, 3, 2, 2]");
    adt_tensor *all[] = {x, w, w3, b, x_dev, w_dev, w3_dev, b_dev, y_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_conv(dt);
        test_pool(dt);
    }
    test_errors();
}

int main(void)
{
    return run_main("test_cuda_conv");
}
