/* test_loss.c: softmax, log_softmax, cross_entropy and mse_loss: values
 * against hand computations (also for huge logits), reverse rules against
 * finite differences over every dimension and layout, f32 against f64,
 * and argument errors (labels out of range or not integral). */
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

#define EXPECT_NEAR(a, b, tol)                                                                    \
    do {                                                                                          \
        double a_ = (a), b_ = (b);                                                                \
        if (!(fabs(a_ - b_) <= (tol))) {                                                          \
            fprintf(stderr, "%s:%d: expected %s = %.10g near %s = %.10g\n", __FILE__, __LINE__, #a, \
                    a_, #b, b_);                                                                  \
            failures++;                                                                           \
        }                                                                                         \
    } while (0)

static const FdLayout layouts[] = {FD_CONTIG, FD_PADDED, FD_TRANSPOSED, FD_STRIDED};

/* softmax([1, 2, 3]) and log_softmax([1, 2, 3]) */
static const double sm123[] = {0.090030573170380462, 0.24472847105479764, 0.66524095577481771};
static const double lsm123[] = {-2.4076059644443806, -1.4076059644443806, -0.40760596444438046};

static adt_tensor *tensor(adt_dtype dt, int ndim, const int64_t *shape, const double *values)
{
    adt_tensor *t64 = adt_from_buffer(ADT_F64, ndim, shape, values);
    adt_tensor *t = adt_to_dtype(t64, dt);
    adt_free(t64);
    return t;
}

/* ---- values ---- */

static void test_softmax_values(adt_dtype dt, double tol)
{
    /* rows [1, 2, 3] and [1001, 1002, 1003]: the same softmax */
    adt_tensor *a = tensor(dt, 2, (int64_t[]){2, 3}, (double[]){1, 2, 3, 1001, 1002, 1003});
    adt_tensor *s = adt_softmax(a, 1), *ls = adt_log_softmax(a, -1);
    for (int64_t i = 0; i < 2; i++) {
        for (int64_t j = 0; j < 3; j++) {
            EXPECT_NEAR(adt_get(s, (int64_t[]){i, j}), sm123[j], tol);
            EXPECT_NEAR(adt_get(ls, (int64_t[]){i, j}), lsm123[j], tol * 10);
        }
    }
    /* over dim 0 of the transpose: the same numbers */
    adt_tensor *at = adt_transpose(a, 0, 1);
    adt_tensor *st = adt_softmax(at, 0);
    EXPECT(st->shape[0] == 3 && st->shape[1] == 2);
    for (int64_t j = 0; j < 3; j++)
        EXPECT_NEAR(adt_get(st, (int64_t[]){j, 1}), sm123[j], tol);
    adt_tensor *all[] = {a, s, ls, at, st};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

static void test_loss_values(adt_dtype dt, double tol)
{
    adt_tensor *logits = tensor(dt, 2, (int64_t[]){3, 3}, (double[]){1, 2, 3, 1, 2, 3, 3001, 3002, 3003});
    adt_tensor *labels = tensor(dt, 1, (int64_t[]){3}, (double[]){2, 0, 1});
    double want = -(lsm123[2] + lsm123[0] + lsm123[1]) / 3;
    EXPECT_NEAR(adt_cross_entropy(logits, labels), want, tol);

    /* d logits = seed (softmax - onehot) / n, added to 1 */
    adt_tensor *d = adt_ones(dt, 2, (int64_t[]){3, 3});
    adt_cross_entropy_pb(logits, d, labels, NULL, 3.0);
    int lab[] = {2, 0, 1};
    for (int64_t i = 0; i < 3; i++)
        for (int64_t j = 0; j < 3; j++)
            EXPECT_NEAR(adt_get(d, (int64_t[]){i, j}), 1 + sm123[j] - (j == lab[i]), tol);

    /* labels of the other dtype work too */
    adt_tensor *labels2 = tensor(dt == ADT_F32 ? ADT_F64 : ADT_F32, 1, (int64_t[]){3}, (double[]){2, 0, 1});
    EXPECT_NEAR(adt_cross_entropy(logits, labels2), want, tol);

    adt_tensor *a = tensor(dt, 2, (int64_t[]){2, 2}, (double[]){1, 2, 3, 4});
    adt_tensor *b = tensor(dt, 2, (int64_t[]){2, 2}, (double[]){1, 0, 0, 2});
    EXPECT_NEAR(adt_mse_loss(a, b), (0 + 4 + 9 + 4) / 4.0, tol);
    adt_tensor *da = adt_zeros_like(a), *db = adt_ones(dt, 2, (int64_t[]){2, 2});
    adt_mse_loss_pb(a, da, b, db, 2.0); /* d a = 2 * 2 (a - b) / 4 */
    double diff[] = {0, 2, 3, 2};
    for (int64_t k = 0; k < 4; k++) {
        EXPECT_NEAR(fd_at(da, k), diff[k], tol);
        EXPECT_NEAR(fd_at(db, k), 1 - diff[k], tol);
    }
    adt_tensor *all[] = {logits, labels, d, labels2, a, b, da, db};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* ---- finite differences ---- */

static adt_tensor *softmax_fwd(adt_tensor *const *in, void *ctx)
{
    return adt_softmax(in[0], *(int *)ctx);
}

static void softmax_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)s;
    adt_softmax_pb(in[0], d[0], *(int *)ctx, seed);
}

static adt_tensor *log_softmax_fwd(adt_tensor *const *in, void *ctx)
{
    return adt_log_softmax(in[0], *(int *)ctx);
}

static void log_softmax_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s,
                             void *ctx)
{
    (void)s;
    adt_log_softmax_pb(in[0], d[0], *(int *)ctx, seed);
}

static double ce_fwd(adt_tensor *const *in, void *ctx)
{
    (void)ctx;
    return adt_cross_entropy(in[0], in[1]);
}

static void ce_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)seed, (void)ctx;
    adt_cross_entropy_pb(in[0], d[0], in[1], d[1], s);
}

static double mse_fwd(adt_tensor *const *in, void *ctx)
{
    (void)ctx;
    return adt_mse_loss(in[0], in[1]);
}

static void mse_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)seed, (void)ctx;
    adt_mse_loss_pb(in[0], d[0], in[1], d[1], s);
}

static void fd_softmaxes(adt_rng *rng)
{
    const int64_t shape[] = {3, 4, 5};
    for (int dim = -1; dim < 3; dim++) {
        for (int l = 0; l < 4; l++) {
            adt_tensor *a = fd_randn(rng, 3, shape, layouts[l]);
            FdOp op = {.name = "softmax", .n = 1, .in = {a}, .forward = softmax_fwd, .pullback = softmax_rule,
                       .ctx = &dim, .seed_layout = layouts[(l + 1) % 4], .adj_layout = layouts[(l + 2) % 4]};
            failures += FD_CHECK(&op, FD_TOL);
            op.name = "log_softmax";
            op.forward = log_softmax_fwd;
            op.pullback = log_softmax_rule;
            failures += FD_CHECK(&op, FD_TOL);
            adt_free(a);
        }
    }
    /* a 1-d tensor, and lines of length 1 */
    int dim0 = 0, dim1 = 1;
    adt_tensor *v = fd_randn(rng, 1, (int64_t[]){7}, FD_STRIDED);
    adt_tensor *c = fd_randn(rng, 2, (int64_t[]){4, 1}, FD_CONTIG);
    FdOp op1 = {.name = "softmax 1-d", .n = 1, .in = {v}, .forward = softmax_fwd, .pullback = softmax_rule,
                .ctx = &dim0};
    FdOp op2 = {.name = "log_softmax [4, 1] dim 1", .n = 1, .in = {c}, .forward = log_softmax_fwd,
                .pullback = log_softmax_rule, .ctx = &dim1};
    failures += FD_CHECK(&op1, FD_TOL);
    failures += FD_CHECK(&op2, FD_TOL);
    adt_free(v);
    adt_free(c);
}

static void fd_cross_entropy(adt_rng *rng)
{
    const int64_t sizes[][2] = {{5, 4}, {1, 3}, {8, 10}, {3, 1}};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        int64_t n = sizes[s][0], c = sizes[s][1];
        for (int l = 0; l < 4; l++) {
            adt_tensor *logits = fd_randn(rng, 2, sizes[s], layouts[l]);
            adt_tensor *labels = fd_empty_layout(l % 2 ? ADT_F32 : ADT_F64, 1, &n, layouts[3 - l]);
            for (int64_t i = 0; i < n; i++)
                fd_put(labels, i, (double)((i * 7 + s) % (size_t)c));
            FdOp op = {.name = "cross_entropy", .n = 2, .in = {logits, labels}, .skip = {0, 1},
                       .forward_scalar = ce_fwd, .pullback = ce_rule, .adj_layout = layouts[(l + 1) % 4]};
            failures += FD_CHECK(&op, FD_TOL);
            adt_free(logits);
            adt_free(labels);
        }
    }
}

static void fd_mse(adt_rng *rng)
{
    for (int l = 0; l < 4; l++) {
        adt_tensor *a = fd_randn(rng, 3, (int64_t[]){2, 3, 4}, layouts[l]);
        adt_tensor *b = fd_randn(rng, 3, (int64_t[]){2, 3, 4}, layouts[(l + 1) % 4]);
        FdOp op = {.name = "mse_loss", .n = 2, .in = {a, b}, .forward_scalar = mse_fwd, .pullback = mse_rule,
                   .adj_layout = layouts[(l + 2) % 4]};
        failures += FD_CHECK(&op, FD_TOL);
        adt_free(a);
        adt_free(b);
    }
}

/* ---- f32 against f64 ---- */

static void test_f32(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 3);
    adt_tensor *a = fd_randn(&rng, 2, (int64_t[]){6, 5}, FD_TRANSPOSED);
    adt_tensor *labels = adt_from_buffer(ADT_F64, 1, (int64_t[]){6}, (double[]){0, 4, 2, 3, 1, 1});
    adt_tensor *a32 = adt_to_dtype(a, ADT_F32);
    adt_tensor *d64 = adt_zeros_like(a), *d32 = adt_zeros_like(a32);
    EXPECT_NEAR(adt_cross_entropy(a32, labels), adt_cross_entropy(a, labels), 1e-6);
    adt_cross_entropy_pb(a, d64, labels, NULL, 1.5);
    adt_cross_entropy_pb(a32, d32, labels, NULL, 1.5);
    EXPECT(fd_max_diff(d64, d32) < 1e-6);
    for (int dim = 0; dim < 2; dim++) {
        adt_tensor *s64 = adt_log_softmax(a, dim), *s32 = adt_log_softmax(a32, dim);
        EXPECT(s32->dtype == ADT_F32 && fd_max_diff(s64, s32) < 1e-6);
        adt_log_softmax_pb(a, d64, dim, s64);
        adt_log_softmax_pb(a32, d32, dim, s32);
        EXPECT(fd_max_diff(d64, d32) < 1e-5);
        adt_softmax_pb(a, d64, dim, s64);
        adt_softmax_pb(a32, d32, dim, s32);
        EXPECT(fd_max_diff(d64, d32) < 1e-5);
        adt_free(s64);
        adt_free(s32);
    }
    adt_tensor *all[] = {a, labels, a32, d64, d32};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* A row far longer than the on-stack scratch (the heap path). */
static void test_long_rows(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 5);
    int dim = 1;
    adt_tensor *a = fd_randn(&rng, 2, (int64_t[]){2, 700}, FD_CONTIG);
    adt_tensor *labels = adt_from_buffer(ADT_F64, 1, (int64_t[]){2}, (double[]){699, 0});
    FdOp op = {.name = "softmax long rows", .n = 1, .in = {a}, .forward = softmax_fwd, .pullback = softmax_rule,
               .ctx = &dim};
    failures += FD_CHECK(&op, FD_TOL);
    FdOp ce = {.name = "cross_entropy 700 classes", .n = 2, .in = {a, labels}, .skip = {0, 1},
               .forward_scalar = ce_fwd, .pullback = ce_rule};
    failures += FD_CHECK(&ce, FD_TOL);
    adt_free(a);
    adt_free(labels);
}

/* ---- errors ---- */

static void test_errors(void)
{
    adt_tensor *logits = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    adt_tensor *far = adt_from_buffer(ADT_F64, 1, (int64_t[]){2}, (double[]){0, 3});
    adt_tensor *neg = adt_from_buffer(ADT_F64, 1, (int64_t[]){2}, (double[]){-1, 0});
    adt_tensor *half = adt_from_buffer(ADT_F32, 1, (int64_t[]){2}, (float[]){0.5f, 0});
    adt_tensor *nan = adt_from_buffer(ADT_F64, 1, (int64_t[]){2}, (double[]){NAN, 0});
    adt_tensor *three = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *f32 = adt_zeros(ADT_F32, 2, (int64_t[]){2, 3});
    adt_tensor *d = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    double loss = 0;
    adt_tensor *r = NULL;
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(logits, far),
                    "adt: adt_cross_entropy: labels[1] = 3 is out of range for 3 classes");
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(logits, neg), "labels[0] = -1 is out of range for 3 classes");
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(logits, nan), "labels[0] = nan is out of range");
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(logits, half),
                    "adt_cross_entropy: labels[0] = 0.5 is not a class index");
    FD_EXPECT_ERROR(failures, adt_cross_entropy_pb(logits, d, far, NULL, 1),
                    "adt_cross_entropy_pb: labels[1] = 3 is out of range");
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(logits, three), "adt_cross_entropy: labels");
    FD_EXPECT_ERROR(failures, loss = adt_cross_entropy(three, three),
                    "adt_cross_entropy: logits must have 2 dimensions [n, classes], got shape [3]");
    FD_EXPECT_ERROR(failures, adt_cross_entropy_pb(logits, f32, neg, NULL, 1), "adt_cross_entropy_pb");
    FD_EXPECT_ERROR(failures, loss = adt_mse_loss(logits, f32), "adt_mse_loss");
    FD_EXPECT_ERROR(failures, loss = adt_mse_loss(logits, three), "adt_mse_loss: shapes [2, 3] and [3] differ");
    FD_EXPECT_ERROR(failures, adt_mse_loss_pb(logits, three, logits, NULL, 1), "adt_mse_loss_pb: d_a");
    FD_EXPECT_ERROR(failures, r = adt_softmax(logits, 2), "adt_softmax");
    FD_EXPECT_ERROR(failures, r = adt_log_softmax(NULL, 0), "adt_log_softmax");
    FD_EXPECT_ERROR(failures, adt_softmax_pb(logits, d, 1, three), "adt_softmax_pb: d_ret");
    FD_EXPECT_ERROR(failures, adt_log_softmax_pb(logits, f32, 1, d), "adt_log_softmax_pb");
    EXPECT(loss == 0 && r == NULL);
    /* d_ret is checked even when no adjoint is wanted */
    FD_EXPECT_ERROR(failures, adt_softmax_pb(logits, NULL, 1, three), "adt_softmax_pb: d_ret");
    adt_tensor *all[] = {logits, far, neg, half, nan, three, f32, d};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 17);
    test_softmax_values(ADT_F64, 1e-14);
    test_softmax_values(ADT_F32, 1e-7);
    test_loss_values(ADT_F64, 1e-14);
    test_loss_values(ADT_F32, 1e-6);
    fd_softmaxes(&rng);
    fd_cross_entropy(&rng);
    fd_mse(&rng);
    test_f32();
    test_long_rows();
    test_errors();
    if (failures)
        fprintf(stderr, "test_loss: %d failures\n", failures);
    else
        printf("test_loss: ok\n");
    return failures != 0;
}
