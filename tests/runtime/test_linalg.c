/* test_linalg.c: adt_matmul, adt_bmm and adt_linear: values against hand
 * computations in f32 and f64, their reverse rules against finite
 * differences for many shapes and layouts (transposed, narrowed, strided
 * operands, seeds and adjoints), empty sizes, and argument errors. */
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
static const char *layout_names[] = {"contig", "padded", "transposed", "strided"};

/* Every element of t against want (row-major), within tol. */
static void expect_values(const adt_tensor *t, const double *want, double tol, int line)
{
    int64_t n = adt_numel(t);
    for (int64_t k = 0; k < n; k++) {
        double got = fd_at(t, k);
        if (!(fabs(got - want[k]) <= tol)) {
            fprintf(stderr, "%s:%d: element %lld is %.10g, expected %.10g\n", __FILE__, line, (long long)k, got,
                    want[k]);
            failures++;
            return;
        }
    }
}

/* ---- values ---- */

static void test_values(adt_dtype dt)
{
    double a[] = {1, 2, 3, 4, 5, 6};         /* [2, 3] */
    double b[] = {7, 8, 9, 10, 11, 12};      /* [3, 2] */
    double ab[] = {58, 64, 139, 154};        /* a b */
    float af[6], bf[6];
    for (int i = 0; i < 6; i++)
        af[i] = (float)a[i], bf[i] = (float)b[i];
    adt_tensor *ta = adt_from_buffer(dt, 2, (int64_t[]){2, 3}, dt == ADT_F32 ? (void *)af : (void *)a);
    adt_tensor *tb = adt_from_buffer(dt, 2, (int64_t[]){3, 2}, dt == ADT_F32 ? (void *)bf : (void *)b);
    adt_tensor *c = adt_matmul(ta, tb);
    EXPECT(c->dtype == dt && c->ndim == 2 && c->shape[0] == 2 && c->shape[1] == 2);
    expect_values(c, ab, 1e-5, __LINE__);

    /* linear(x = a, w = b^T viewed as [2, 3], bias): x w^T + bias = a b + bias */
    adt_tensor *w = adt_transpose(tb, 0, 1);
    adt_tensor *bias = adt_full(dt, 1, (int64_t[]){2}, 0.5);
    adt_tensor *y = adt_linear(ta, w, bias);
    double yb[] = {58.5, 64.5, 139.5, 154.5};
    expect_values(y, yb, 1e-5, __LINE__);
    adt_tensor *y0 = adt_linear(ta, w, NULL);
    expect_values(y0, ab, 1e-5, __LINE__);

    /* bmm: batch 0 = a b, batch 1 = 2 a b (b doubled) */
    adt_tensor *aa = adt_cat(ta, ta, 0);
    adt_tensor *a2 = adt_reshape(aa, 3, (int64_t[]){2, 2, 3});
    adt_tensor *tb2 = adt_mul_scalar(tb, 2);
    adt_tensor *bb = adt_cat(tb, tb2, 0);
    adt_tensor *b2 = adt_reshape(bb, 3, (int64_t[]){2, 3, 2});
    adt_tensor *c2 = adt_bmm(a2, b2);
    double want2[] = {58, 64, 139, 154, 116, 128, 278, 308};
    expect_values(c2, want2, 1e-5, __LINE__);

    /* matmul_pb by hand: seed ones: d a = ones b^T (row sums of b), d b = a^T ones */
    adt_tensor *ones = adt_ones(dt, 2, (int64_t[]){2, 2});
    adt_tensor *da = adt_full(dt, 2, (int64_t[]){2, 3}, 1);
    adt_tensor *db = adt_zeros(dt, 2, (int64_t[]){3, 2});
    adt_matmul_pb(ta, da, tb, db, ones);
    double want_da[] = {16, 20, 24, 16, 20, 24}; /* 1 + (15, 19, 23) */
    double want_db[] = {5, 5, 7, 7, 9, 9};
    expect_values(da, want_da, 1e-5, __LINE__);
    expect_values(db, want_db, 1e-5, __LINE__);

    /* linear_pb by hand: d bias = column sums of the seed */
    adt_tensor *dbias = adt_full(dt, 1, (int64_t[]){2}, 10);
    adt_tensor *seed = adt_from_buffer(ADT_F64, 2, (int64_t[]){2, 2}, (double[]){1, 2, 3, 4});
    adt_tensor *seedt = adt_to_dtype(seed, dt);
    adt_linear_pb(ta, NULL, w, NULL, bias, dbias, seedt);
    double want_dbias[] = {14, 16};
    expect_values(dbias, want_dbias, 1e-6, __LINE__);

    adt_tensor *all[] = {ta, tb, c, w, bias, y, y0, aa, a2, tb2, bb, b2, c2, ones, da, db, dbias, seed, seedt};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* ---- finite differences ---- */

static adt_tensor *matmul_fwd(adt_tensor *const *in, void *ctx)
{
    (void)ctx;
    return adt_matmul(in[0], in[1]);
}

static void matmul_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)s, (void)ctx;
    adt_matmul_pb(in[0], d[0], in[1], d[1], seed);
}

static adt_tensor *bmm_fwd(adt_tensor *const *in, void *ctx)
{
    (void)ctx;
    return adt_bmm(in[0], in[1]);
}

static void bmm_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)s, (void)ctx;
    adt_bmm_pb(in[0], d[0], in[1], d[1], seed);
}

/* in: x, w, bias (n = 2 without bias) */
static adt_tensor *linear_fwd(adt_tensor *const *in, void *ctx)
{
    int *has_bias = ctx;
    return adt_linear(in[0], in[1], *has_bias ? in[2] : NULL);
}

static void linear_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    int *has_bias = ctx;
    (void)s;
    adt_linear_pb(in[0], d[0], in[1], d[1], *has_bias ? in[2] : NULL, *has_bias ? d[2] : NULL, seed);
}

static void check_op(FdOp *op, const char *what, int la, int lb, int ls, int lj, int line)
{
    int bad = FD_CHECK(op, FD_TOL);
    if (bad)
        fprintf(stderr, "%s:%d: ... %s with layouts a %s, b %s, seed %s, adjoints %s\n", __FILE__, line, what,
                layout_names[la], layout_names[lb], layout_names[ls], layout_names[lj]);
    failures += bad;
}

static void fd_matmul(adt_rng *rng, int64_t m, int64_t k, int64_t n)
{
    for (int la = 0; la < 4; la++) {
        for (int lb = 0; lb < 4; lb++) {
            int ls = (la + lb) % 4, lj = (la + 2 * lb) % 4;
            adt_tensor *a = fd_randn(rng, 2, (int64_t[]){m, k}, layouts[la]);
            adt_tensor *b = fd_randn(rng, 2, (int64_t[]){k, n}, layouts[lb]);
            FdOp op = {.name = "matmul", .n = 2, .in = {a, b}, .forward = matmul_fwd, .pullback = matmul_rule,
                       .seed_layout = layouts[ls], .adj_layout = layouts[lj]};
            check_op(&op, "matmul", la, lb, ls, lj, __LINE__);
            adt_free(a);
            adt_free(b);
        }
    }
}

static void fd_bmm(adt_rng *rng, int64_t batch, int64_t m, int64_t k, int64_t n)
{
    for (int la = 0; la < 4; la++) {
        int lb = 3 - la, ls = (la + 1) % 4, lj = (la + 3) % 4;
        adt_tensor *a = fd_randn(rng, 3, (int64_t[]){batch, m, k}, layouts[la]);
        adt_tensor *b = fd_randn(rng, 3, (int64_t[]){batch, k, n}, layouts[lb]);
        FdOp op = {.name = "bmm", .n = 2, .in = {a, b}, .forward = bmm_fwd, .pullback = bmm_rule,
                   .seed_layout = layouts[ls], .adj_layout = layouts[lj]};
        check_op(&op, "bmm", la, lb, ls, lj, __LINE__);
        adt_free(a);
        adt_free(b);
    }
}

static void fd_linear(adt_rng *rng, int64_t n, int64_t in, int64_t out)
{
    for (int has_bias = 0; has_bias < 2; has_bias++) {
        for (int lx = 0; lx < 4; lx++) {
            int lw = (lx + 2) % 4, ls = (lx + has_bias) % 4, lj = (lx + 3 * has_bias) % 4;
            adt_tensor *x = fd_randn(rng, 2, (int64_t[]){n, in}, layouts[lx]);
            adt_tensor *w = fd_randn(rng, 2, (int64_t[]){out, in}, layouts[lw]);
            adt_tensor *bias = fd_randn(rng, 1, (int64_t[]){out}, has_bias && lx % 2 ? FD_STRIDED : FD_CONTIG);
            FdOp op = {.name = "linear", .n = 2 + has_bias, .in = {x, w, bias}, .forward = linear_fwd,
                       .pullback = linear_rule, .ctx = &has_bias, .seed_layout = layouts[ls],
                       .adj_layout = layouts[lj]};
            check_op(&op, has_bias ? "linear with bias" : "linear", lx, lw, ls, lj, __LINE__);
            adt_free(x);
            adt_free(w);
            adt_free(bias);
        }
    }
}

/* A batch narrowed out of a bigger one (rows 2..5 of 9), as a loader gives. */
static void fd_linear_narrowed(adt_rng *rng)
{
    int has_bias = 1;
    adt_tensor *big = fd_randn(rng, 2, (int64_t[]){9, 5}, FD_CONTIG);
    adt_tensor *x = adt_narrow(big, 0, 2, 4);
    adt_tensor *wt = fd_randn(rng, 2, (int64_t[]){5, 3}, FD_CONTIG);
    adt_tensor *w = adt_transpose(wt, 0, 1); /* [3, 5], transposed storage */
    adt_tensor *bias = fd_randn(rng, 1, (int64_t[]){3}, FD_CONTIG);
    FdOp op = {.name = "linear narrowed batch, transposed w", .n = 3, .in = {x, w, bias}, .forward = linear_fwd,
               .pullback = linear_rule, .ctx = &has_bias};
    failures += FD_CHECK(&op, FD_TOL);
    adt_free(big);
    adt_free(x);
    adt_free(wt);
    adt_free(w);
    adt_free(bias);
}

static void test_finite_differences(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 7);
    const int64_t shapes[][3] = {{3, 4, 5}, {1, 3, 2}, {4, 1, 3}, {3, 5, 1}, {1, 1, 1}, {6, 2, 7}};
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        fd_matmul(&rng, shapes[i][0], shapes[i][1], shapes[i][2]);
        fd_linear(&rng, shapes[i][0], shapes[i][1], shapes[i][2]);
        fd_bmm(&rng, 1 + (int64_t)i % 3, shapes[i][0], shapes[i][1], shapes[i][2]);
    }
    fd_linear_narrowed(&rng);
}

/* ---- f32 against f64, in every layout ---- */

/* The f32 result of op on f32 copies of the f64 inputs, against f64. */
static void compare_dtypes(const FdOp *op, int line)
{
    adt_tensor *in32[FD_MAX_INPUTS] = {0}, *d64[FD_MAX_INPUTS] = {0}, *d32[FD_MAX_INPUTS] = {0};
    for (int i = 0; i < op->n; i++) {
        adt_tensor *c = adt_to_dtype(op->in[i], ADT_F32);
        in32[i] = fd_relayout(c, FD_TRANSPOSED);
        adt_free(c);
        d64[i] = adt_zeros_like(op->in[i]);
        d32[i] = adt_zeros(ADT_F32, op->in[i]->ndim, op->in[i]->shape);
    }
    adt_tensor *y64 = op->forward(op->in, op->ctx), *y32 = op->forward(in32, op->ctx);
    adt_tensor *s32 = adt_to_dtype(y64, ADT_F32);
    EXPECT(y32->dtype == ADT_F32);
    double scale = 1;
    for (int64_t k = 0; k < adt_numel(y64); k++)
        scale = fmax(scale, fabs(fd_at(y64, k)));
    if (!(fd_max_diff(y64, y32) <= 1e-5 * scale)) {
        fprintf(stderr, "%s:%d: %s: f32 result differs from f64 by %g\n", __FILE__, line, op->name,
                fd_max_diff(y64, y32));
        failures++;
    }
    op->pullback(op->in, d64, y64, 0, op->ctx);
    op->pullback(in32, d32, s32, 0, op->ctx);
    for (int i = 0; i < op->n; i++) {
        double dscale = 1;
        for (int64_t k = 0; k < adt_numel(d64[i]); k++)
            dscale = fmax(dscale, fabs(fd_at(d64[i], k)));
        if (!(fd_max_diff(d64[i], d32[i]) <= 1e-5 * dscale)) {
            fprintf(stderr, "%s:%d: %s: f32 adjoint %d differs from f64 by %g\n", __FILE__, line, op->name, i,
                    fd_max_diff(d64[i], d32[i]));
            failures++;
        }
        adt_free(in32[i]);
        adt_free(d64[i]);
        adt_free(d32[i]);
    }
    adt_free(y64);
    adt_free(y32);
    adt_free(s32);
}

static void test_f32(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 11);
    int has_bias = 1;
    adt_tensor *a = fd_randn(&rng, 2, (int64_t[]){5, 7}, FD_CONTIG);
    adt_tensor *b = fd_randn(&rng, 2, (int64_t[]){7, 3}, FD_PADDED);
    adt_tensor *w = fd_randn(&rng, 2, (int64_t[]){3, 7}, FD_STRIDED);
    adt_tensor *bias = fd_randn(&rng, 1, (int64_t[]){3}, FD_CONTIG);
    adt_tensor *a3 = fd_randn(&rng, 3, (int64_t[]){2, 5, 7}, FD_CONTIG);
    adt_tensor *b3 = fd_randn(&rng, 3, (int64_t[]){2, 7, 3}, FD_TRANSPOSED);
    FdOp mm = {.name = "matmul", .n = 2, .in = {a, b}, .forward = matmul_fwd, .pullback = matmul_rule};
    FdOp lin = {.name = "linear", .n = 3, .in = {a, w, bias}, .forward = linear_fwd, .pullback = linear_rule,
                .ctx = &has_bias};
    FdOp bm = {.name = "bmm", .n = 2, .in = {a3, b3}, .forward = bmm_fwd, .pullback = bmm_rule};
    compare_dtypes(&mm, __LINE__);
    compare_dtypes(&lin, __LINE__);
    compare_dtypes(&bm, __LINE__);
    adt_tensor *all[] = {a, b, w, bias, a3, b3};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* ---- empty sizes ---- */

static void test_empty(void)
{
    adt_tensor *a = adt_ones(ADT_F64, 2, (int64_t[]){3, 0});
    adt_tensor *b = adt_ones(ADT_F64, 2, (int64_t[]){0, 2});
    adt_tensor *c = adt_matmul(a, b); /* k = 0: zeros */
    EXPECT(c->shape[0] == 3 && c->shape[1] == 2);
    for (int64_t k = 0; k < 6; k++)
        EXPECT(fd_at(c, k) == 0);
    adt_tensor *seed = adt_ones(ADT_F64, 2, (int64_t[]){3, 2});
    adt_tensor *da = adt_zeros_like(a), *db = adt_zeros_like(b);
    adt_matmul_pb(a, da, b, db, seed);
    adt_tensor *x = adt_ones(ADT_F64, 2, (int64_t[]){0, 4});
    adt_tensor *w = adt_ones(ADT_F64, 2, (int64_t[]){2, 4});
    adt_tensor *bias = adt_ones(ADT_F64, 1, (int64_t[]){2});
    adt_tensor *y = adt_linear(x, w, bias); /* an empty batch */
    EXPECT(y->shape[0] == 0 && y->shape[1] == 2);
    adt_tensor *dy = adt_zeros_like(y), *dw = adt_full(ADT_F64, 2, (int64_t[]){2, 4}, 3);
    adt_tensor *dbias = adt_zeros_like(bias);
    adt_linear_pb(x, NULL, w, dw, bias, dbias, dy);
    for (int64_t k = 0; k < 8; k++)
        EXPECT(fd_at(dw, k) == 3);
    EXPECT(fd_at(dbias, 0) == 0 && fd_at(dbias, 1) == 0);
    adt_tensor *all[] = {a, b, c, seed, da, db, x, w, bias, y, dy, dw, dbias};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* ---- errors ---- */

static void test_errors(void)
{
    adt_tensor *a = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    adt_tensor *b = adt_zeros(ADT_F64, 2, (int64_t[]){4, 5});
    adt_tensor *b32 = adt_zeros(ADT_F32, 2, (int64_t[]){3, 5});
    adt_tensor *v = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *a3 = adt_zeros(ADT_F64, 3, (int64_t[]){2, 2, 3});
    adt_tensor *b3 = adt_zeros(ADT_F64, 3, (int64_t[]){3, 3, 2});
    adt_tensor *w = adt_zeros(ADT_F64, 2, (int64_t[]){4, 3});
    adt_tensor *bias5 = adt_zeros(ADT_F64, 1, (int64_t[]){5});
    adt_tensor *seed = adt_zeros(ADT_F64, 2, (int64_t[]){2, 4});
    adt_tensor *bad = adt_zeros(ADT_F64, 2, (int64_t[]){3, 2});
    adt_tensor *r = NULL;
    FD_EXPECT_ERROR(failures, r = adt_matmul(a, b), "adt: adt_matmul: shapes [2, 3] and [4, 5] do not match");
    FD_EXPECT_ERROR(failures, r = adt_matmul(a, b32), "adt_matmul");
    FD_EXPECT_ERROR(failures, r = adt_matmul(a, v), "adt_matmul: b must have 2 dimensions, got shape [3]");
    FD_EXPECT_ERROR(failures, r = adt_matmul(NULL, a), "adt_matmul");
    FD_EXPECT_ERROR(failures, r = adt_bmm(a3, b3), "adt_bmm: shapes [2, 2, 3] and [3, 3, 2] do not match");
    FD_EXPECT_ERROR(failures, r = adt_bmm(a, a), "adt_bmm: a must have 3 dimensions, got shape [2, 3]");
    FD_EXPECT_ERROR(failures, r = adt_linear(a, b, NULL),
                    "adt_linear: x has shape [2, 3] but w has shape [4, 5] (in features differ)");
    FD_EXPECT_ERROR(failures, r = adt_linear(a, w, bias5), "adt_linear: bias");
    FD_EXPECT_ERROR(failures, adt_linear_pb(a, NULL, w, NULL, NULL, NULL, NULL), "adt_linear_pb: argument d_ret");
    FD_EXPECT_ERROR(failures, adt_linear_pb(a, bad, w, NULL, NULL, NULL, seed), "adt_linear_pb: d_x");
    FD_EXPECT_ERROR(failures, adt_linear_pb(a, NULL, w, NULL, NULL, v, seed), "adt_linear_pb: d_bias is given");
    FD_EXPECT_ERROR(failures, adt_linear_pb(a, NULL, w, NULL, NULL, NULL, bad), "adt_linear_pb: d_ret");
    FD_EXPECT_ERROR(failures, adt_matmul_pb(a, NULL, w, NULL, a), "adt_matmul_pb: shapes [2, 3] and [4, 3]");
    EXPECT(r == NULL);
    adt_tensor *all[] = {a, b, b32, v, a3, b3, w, bias5, seed, bad};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    test_values(ADT_F64);
    test_values(ADT_F32);
    test_finite_differences();
    test_f32();
    test_empty();
    test_errors();
    if (failures)
        fprintf(stderr, "test_linalg: %d failures\n", failures);
    else
        printf("test_linalg: ok\n");
    return failures != 0;
}
