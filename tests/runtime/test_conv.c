/* test_conv.c: adt_conv2d (stride 1 and 2, padding 0 and 1, non-square
 * inputs and kernels, several channels, with and without bias) and
 * max / avg pooling (stride below, equal to and above the window): values
 * by hand, reverse rules against finite differences with non-contiguous
 * operands, the first-maximum rule on ties, f32 against f64, errors. */
#include "fdcheck.h"

#include <math.h>
#include <stdio.h>

static int failures;

#define EXPECT(cond)                                                                \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                                             \
        }                                                                           \
    } while (0)

static const FdLayout layouts[] = {FD_CONTIG, FD_PADDED, FD_TRANSPOSED, FD_STRIDED};

static adt_tensor *tensor(adt_dtype dt, int ndim, const int64_t *shape, const double *values)
{
    adt_tensor *t64 = adt_from_buffer(ADT_F64, ndim, shape, values);
    adt_tensor *t = adt_to_dtype(t64, dt);
    adt_free(t64);
    return t;
}

static void expect_values(const adt_tensor *t, const double *want, int64_t n, double tol, int line)
{
    if (adt_numel(t) != n) {
        fprintf(stderr, "%s:%d: %lld elements, expected %lld\n", __FILE__, line, (long long)adt_numel(t),
                (long long)n);
        failures++;
        return;
    }
    for (int64_t k = 0; k < n; k++) {
        if (!(fabs(fd_at(t, k) - want[k]) <= tol)) {
            fprintf(stderr, "%s:%d: element %lld is %g, expected %g\n", __FILE__, line, (long long)k, fd_at(t, k),
                    want[k]);
            failures++;
            return;
        }
    }
}

static void free_all(adt_tensor **ts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adt_free(ts[i]);
}

/* ---- values ---- */

static void test_conv_values(adt_dtype dt)
{
    double x9[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    adt_tensor *x = tensor(dt, 4, (int64_t[]){1, 1, 3, 3}, x9);
    adt_tensor *w = tensor(dt, 4, (int64_t[]){1, 1, 2, 2}, (double[]){1, 0, 0, -1});
    adt_tensor *bias = tensor(dt, 1, (int64_t[]){1}, (double[]){0.5});
    adt_tensor *y = adt_conv2d(x, w, bias, 1, 0); /* x[i, j] - x[i+1, j+1] + 0.5 */
    EXPECT(y->shape[0] == 1 && y->shape[1] == 1 && y->shape[2] == 2 && y->shape[3] == 2);
    expect_values(y, (double[]){-3.5, -3.5, -3.5, -3.5}, 4, 1e-6, __LINE__);
    adt_tensor *y2 = adt_conv2d(x, w, NULL, 2, 1); /* windows at -1 and 1 */
    expect_values(y2, (double[]){-1, -3, -7, -4}, 4, 1e-6, __LINE__);

    /* 1x1 kernel mixing two channels: out0 = c0 + 2 c1, out1 = c1 - c0 */
    adt_tensor *xc = tensor(dt, 4, (int64_t[]){1, 2, 1, 2}, (double[]){1, 1, 2, 3});
    adt_tensor *wc = tensor(dt, 4, (int64_t[]){2, 2, 1, 1}, (double[]){1, 2, -1, 1});
    adt_tensor *yc = adt_conv2d(xc, wc, NULL, 1, 0);
    expect_values(yc, (double[]){5, 7, 1, 2}, 4, 1e-6, __LINE__);

    /* the rule by hand on y2: d bias = sum of the seed; d x[0,0] = -seed[0,0] ... */
    adt_tensor *seed = adt_ones(dt, 4, (int64_t[]){1, 1, 2, 2});
    adt_tensor *dx = adt_zeros_like(x), *dw = adt_zeros_like(w), *db = adt_ones(dt, 1, (int64_t[]){1});
    adt_conv2d_pb(x, dx, w, dw, bias, db, 1, 0, seed);
    expect_values(db, (double[]){5}, 1, 1e-6, __LINE__);
    /* d w[i][j] = sum over the 2x2 outputs of x[oh + i, ow + j] */
    expect_values(dw, (double[]){12, 16, 24, 28}, 4, 1e-6, __LINE__);
    /* d x = (windows covering each pixel with weight 1 at (0,0)) - (at (1,1)) */
    expect_values(dx, (double[]){1, 1, 0, 1, 0, -1, 0, -1, -1}, 9, 1e-6, __LINE__);
    adt_tensor *all[] = {x, w, bias, y, y2, xc, wc, yc, seed, dx, dw, db};
    free_all(all, sizeof all / sizeof *all);
}

static void test_pool_values(adt_dtype dt)
{
    double v[16];
    for (int i = 0; i < 16; i++)
        v[i] = i;
    adt_tensor *x = tensor(dt, 4, (int64_t[]){1, 1, 4, 4}, v);
    adt_tensor *m = adt_max_pool2d(x, 2, 2), *a = adt_avg_pool2d(x, 2, 2);
    expect_values(m, (double[]){5, 7, 13, 15}, 4, 0, __LINE__);
    expect_values(a, (double[]){2.5, 4.5, 10.5, 12.5}, 4, 1e-6, __LINE__);
    adt_tensor *m3 = adt_max_pool2d(x, 3, 1), *a3 = adt_avg_pool2d(x, 1, 3);
    expect_values(m3, (double[]){10, 11, 14, 15}, 4, 0, __LINE__);
    expect_values(a3, (double[]){0, 3, 12, 15}, 4, 0, __LINE__); /* stride > window: samples */

    /* ties: all equal, the first maximum of each window gets the seed */
    adt_tensor *ones = adt_ones(dt, 4, (int64_t[]){1, 1, 3, 3});
    adt_tensor *seed = adt_ones(dt, 4, (int64_t[]){1, 1, 2, 2});
    adt_tensor *dm = adt_zeros_like(ones), *da = adt_zeros_like(ones);
    adt_max_pool2d_pb(ones, dm, 2, 1, seed);
    expect_values(dm, (double[]){1, 1, 0, 1, 1, 0, 0, 0, 0}, 9, 0, __LINE__);
    adt_avg_pool2d_pb(ones, da, 2, 1, seed);
    expect_values(da, (double[]){.25, .5, .25, .5, 1, .5, .25, .5, .25}, 9, 1e-7, __LINE__);
    /* a NaN is the maximum and gets the seed */
    adt_set(ones, (int64_t[]){0, 0, 1, 1}, NAN);
    adt_tensor *mn = adt_max_pool2d(ones, 2, 1);
    EXPECT(isnan(fd_at(mn, 0)) && isnan(fd_at(mn, 3)));
    adt_tensor *all[] = {x, m, a, m3, a3, ones, seed, dm, da, mn};
    free_all(all, sizeof all / sizeof *all);
}

/* ---- finite differences ---- */

typedef struct ConvCase {
    int stride, padding, has_bias;
} ConvCase;

static adt_tensor *conv_fwd(adt_tensor *const *in, void *ctx)
{
    ConvCase *c = ctx;
    return adt_conv2d(in[0], in[1], c->has_bias ? in[2] : NULL, c->stride, c->padding);
}

static void conv_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    ConvCase *c = ctx;
    (void)s;
    adt_conv2d_pb(in[0], d[0], in[1], d[1], c->has_bias ? in[2] : NULL, c->has_bias ? d[2] : NULL, c->stride,
                  c->padding, seed);
}

static void fd_conv(adt_rng *rng)
{
    /* x [n, c, h, w], w [o, c, kh, kw] */
    const int64_t shapes[][8] = {{2, 3, 5, 6, 4, 3, 3, 2}, {1, 1, 4, 4, 1, 1, 3, 3}, {2, 2, 6, 5, 3, 2, 2, 3},
                                 {3, 2, 3, 7, 2, 2, 1, 1}};
    int k = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        for (int stride = 1; stride <= 2; stride++) {
            for (int padding = 0; padding <= 1; padding++, k++) {
                ConvCase c = {stride, padding, k % 3 != 0};
                adt_tensor *x = fd_randn(rng, 4, shapes[s], layouts[k % 4]);
                adt_tensor *w = fd_randn(rng, 4, shapes[s] + 4, layouts[(k + 2) % 4]);
                adt_tensor *bias = fd_randn(rng, 1, shapes[s] + 4, layouts[k % 2 * 3]);
                FdOp op = {.name = "conv2d", .n = 2 + c.has_bias, .in = {x, w, bias}, .forward = conv_fwd,
                           .pullback = conv_rule, .ctx = &c, .seed_layout = layouts[(k + 1) % 4],
                           .adj_layout = layouts[(k + 3) % 4]};
                int bad = FD_CHECK(&op, FD_TOL);
                if (bad)
                    fprintf(stderr, "... shape %zu, stride %d, padding %d\n", s, stride, padding);
                failures += bad;
                adt_free(x);
                adt_free(w);
                adt_free(bias);
            }
        }
    }
}

typedef struct PoolCase {
    int k, stride, is_max;
} PoolCase;

static adt_tensor *pool_fwd(adt_tensor *const *in, void *ctx)
{
    PoolCase *c = ctx;
    return c->is_max ? adt_max_pool2d(in[0], c->k, c->stride) : adt_avg_pool2d(in[0], c->k, c->stride);
}

static void pool_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    PoolCase *c = ctx;
    (void)s;
    if (c->is_max)
        adt_max_pool2d_pb(in[0], d[0], c->k, c->stride, seed);
    else
        adt_avg_pool2d_pb(in[0], d[0], c->k, c->stride, seed);
}

/* Distinct values 0.05 apart in random order: no window has two maxima
 * within the finite-difference steps. */
static adt_tensor *separated(adt_rng *rng, const int64_t *shape, FdLayout layout)
{
    adt_tensor *t = fd_empty_layout(ADT_F64, 4, shape, layout);
    int64_t n = adt_numel(t);
    for (int64_t k = 0; k < n; k++)
        fd_put(t, k, 0.05 * (double)k - 1);
    for (int64_t k = n - 1; k > 0; k--) {
        int64_t j = (int64_t)(adt_rng_next(rng) % (uint64_t)(k + 1));
        double tk = fd_at(t, k);
        fd_put(t, k, fd_at(t, j));
        fd_put(t, j, tk);
    }
    return t;
}

static void fd_pool(adt_rng *rng)
{
    const PoolCase cases[] = {{2, 2, 1}, {2, 1, 1}, {2, 3, 1}, {3, 2, 1}, {2, 2, 0}, {2, 1, 0}, {2, 3, 0}, {3, 2, 0}};
    const int64_t shape[] = {2, 3, 7, 6};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        PoolCase c = cases[i];
        adt_tensor *x = separated(rng, shape, layouts[i % 4]);
        FdOp op = {.name = c.is_max ? "max_pool2d" : "avg_pool2d", .n = 1, .in = {x}, .forward = pool_fwd,
                   .pullback = pool_rule, .ctx = &c, .seed_layout = layouts[(i + 1) % 4],
                   .adj_layout = layouts[(i + 2) % 4]};
        int bad = FD_CHECK(&op, FD_TOL);
        if (bad)
            fprintf(stderr, "... k %d, stride %d\n", c.k, c.stride);
        failures += bad;
        adt_free(x);
    }
}

/* ---- f32 against f64 ---- */

static void test_f32(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 31);
    ConvCase c = {2, 1, 1};
    adt_tensor *in64[3] = {fd_randn(&rng, 4, (int64_t[]){2, 3, 6, 5}, FD_TRANSPOSED),
                           fd_randn(&rng, 4, (int64_t[]){4, 3, 3, 3}, FD_CONTIG),
                           fd_randn(&rng, 1, (int64_t[]){4}, FD_CONTIG)};
    adt_tensor *in32[3], *d64[3], *d32[3];
    for (int i = 0; i < 3; i++) {
        in32[i] = adt_to_dtype(in64[i], ADT_F32);
        d64[i] = adt_zeros_like(in64[i]);
        d32[i] = adt_zeros_like(in32[i]);
    }
    adt_tensor *y64 = conv_fwd(in64, &c), *y32 = conv_fwd(in32, &c);
    EXPECT(y32->dtype == ADT_F32 && fd_max_diff(y64, y32) < 1e-5);
    adt_tensor *s32 = adt_to_dtype(y64, ADT_F32);
    conv_rule(in64, d64, y64, 0, &c);
    conv_rule(in32, d32, s32, 0, &c);
    for (int i = 0; i < 3; i++)
        EXPECT(fd_max_diff(d64[i], d32[i]) < 1e-4);
    PoolCase pc[] = {{3, 2, 1}, {2, 1, 0}};
    for (int k = 0; k < 2; k++) {
        adt_tensor *p64 = pool_fwd(in64, &pc[k]), *p32 = pool_fwd(in32, &pc[k]);
        EXPECT(fd_max_diff(p64, p32) < 1e-6);
        adt_tensor *q32 = adt_to_dtype(p64, ADT_F32);
        pool_rule(in64, d64, p64, 0, &pc[k]);
        pool_rule(in32, d32, q32, 0, &pc[k]);
        EXPECT(fd_max_diff(d64[0], d32[0]) < 1e-4);
        adt_free(p64);
        adt_free(p32);
        adt_free(q32);
    }
    for (int i = 0; i < 3; i++) {
        adt_free(in64[i]);
        adt_free(in32[i]);
        adt_free(d64[i]);
        adt_free(d32[i]);
    }
    adt_free(y64);
    adt_free(y32);
    adt_free(s32);
}

/* ---- errors ---- */

static void test_errors(void)
{
    adt_tensor *x = adt_zeros(ADT_F64, 4, (int64_t[]){1, 3, 4, 4});
    adt_tensor *w2 = adt_zeros(ADT_F64, 4, (int64_t[]){1, 2, 3, 3});
    adt_tensor *w = adt_zeros(ADT_F64, 4, (int64_t[]){2, 3, 3, 3});
    adt_tensor *w5 = adt_zeros(ADT_F64, 4, (int64_t[]){2, 3, 5, 5});
    adt_tensor *w32 = adt_zeros(ADT_F32, 4, (int64_t[]){2, 3, 3, 3});
    adt_tensor *b3 = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *x3 = adt_zeros(ADT_F64, 3, (int64_t[]){3, 4, 4});
    adt_tensor *seed = adt_zeros(ADT_F64, 4, (int64_t[]){1, 2, 2, 2});
    adt_tensor *r = NULL;
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w2, NULL, 1, 0),
                    "adt: adt_conv2d: x has 3 channels but w expects 2 (shapes [1, 3, 4, 4] and [1, 2, 3, 3])");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w, NULL, 0, 0), "adt_conv2d: stride must be at least 1, got 0");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w, NULL, 1, -1), "adt_conv2d: padding must not be negative, got -1");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w5, NULL, 1, 0),
                    "adt_conv2d: kernel 5x5 is larger than the padded input 4x4");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w32, NULL, 1, 0), "adt_conv2d");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x, w, b3, 1, 0), "adt_conv2d: bias");
    FD_EXPECT_ERROR(failures, r = adt_conv2d(x3, w, NULL, 1, 0),
                    "adt_conv2d: x must have 4 dimensions (NCHW), got shape [3, 4, 4]");
    FD_EXPECT_ERROR(failures, adt_conv2d_pb(x, NULL, w, NULL, NULL, NULL, 1, 1, seed), "adt_conv2d_pb: d_ret");
    FD_EXPECT_ERROR(failures, adt_conv2d_pb(x, w, w, NULL, NULL, NULL, 1, 0, seed), "adt_conv2d_pb: d_x");
    FD_EXPECT_ERROR(failures, adt_conv2d_pb(x, NULL, w, NULL, NULL, b3, 1, 0, seed), "adt_conv2d_pb: d_bias is given");
    FD_EXPECT_ERROR(failures, r = adt_max_pool2d(x, 0, 1), "adt_max_pool2d: kernel size must be at least 1, got 0");
    FD_EXPECT_ERROR(failures, r = adt_avg_pool2d(x, 2, 0), "adt_avg_pool2d: stride must be at least 1, got 0");
    FD_EXPECT_ERROR(failures, r = adt_max_pool2d(x, 5, 1),
                    "adt_max_pool2d: window 5x5 is larger than the input 4x4 (x [1, 3, 4, 4])");
    FD_EXPECT_ERROR(failures, r = adt_avg_pool2d(x3, 2, 2), "adt_avg_pool2d: x must have 4 dimensions");
    FD_EXPECT_ERROR(failures, adt_max_pool2d_pb(x, NULL, 2, 2, seed), "adt_max_pool2d_pb: d_ret");
    FD_EXPECT_ERROR(failures, adt_avg_pool2d_pb(x, w, 2, 1, x), "adt_avg_pool2d_pb: d_ret");
    EXPECT(r == NULL);
    adt_tensor *all[] = {x, w2, w, w5, w32, b3, x3, seed};
    free_all(all, sizeof all / sizeof *all);
}

int main(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 29);
    test_conv_values(ADT_F64);
    test_conv_values(ADT_F32);
    test_pool_values(ADT_F64);
    test_pool_values(ADT_F32);
    fd_conv(&rng);
    fd_pool(&rng);
    test_f32();
    test_errors();
    if (failures)
        fprintf(stderr, "test_conv: %d failures\n", failures);
    else
        printf("test_conv: ok\n");
    return failures != 0;
}
