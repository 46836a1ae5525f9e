/* test_cat.c: adt_cat along each dimension (negative ones too): values, an
 * empty part, f32, its reverse rule against finite differences with
 * non-contiguous operands, seeds and adjoints, and argument errors. */
#include "fdcheck.h"

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

static void expect_values(const adt_tensor *t, const double *want, int64_t n, int line)
{
    EXPECT(adt_numel(t) == n);
    for (int64_t k = 0; k < n && k < adt_numel(t); k++) {
        if (fd_at(t, k) != want[k]) {
            fprintf(stderr, "%s:%d: element %lld is %g, expected %g\n", __FILE__, line, (long long)k, fd_at(t, k),
                    want[k]);
            failures++;
            return;
        }
    }
}

static void test_values(adt_dtype dt)
{
    adt_tensor *a64 = adt_from_buffer(ADT_F64, 2, (int64_t[]){2, 3}, (double[]){1, 2, 3, 4, 5, 6});
    adt_tensor *b64 = adt_from_buffer(ADT_F64, 2, (int64_t[]){2, 2}, (double[]){7, 8, 9, 10});
    adt_tensor *a = adt_to_dtype(a64, dt), *b = adt_to_dtype(b64, dt);
    adt_tensor *c = adt_cat(a, b, 1);
    EXPECT(c->dtype == dt && c->ndim == 2 && c->shape[0] == 2 && c->shape[1] == 5);
    expect_values(c, (double[]){1, 2, 3, 7, 8, 4, 5, 6, 9, 10}, 10, __LINE__);

    adt_tensor *bt = adt_transpose(b, 0, 1); /* [[7, 9], [8, 10]] */
    adt_tensor *c2 = adt_cat(bt, a, -1);
    expect_values(c2, (double[]){7, 9, 1, 2, 3, 8, 10, 4, 5, 6}, 10, __LINE__);

    adt_tensor *c0 = adt_cat(a, a, 0);
    EXPECT(c0->shape[0] == 4 && c0->shape[1] == 3);
    expect_values(c0, (double[]){1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, 12, __LINE__);

    adt_tensor *e = adt_zeros(dt, 2, (int64_t[]){0, 3});
    adt_tensor *ce = adt_cat(e, a, 0);
    expect_values(ce, (double[]){1, 2, 3, 4, 5, 6}, 6, __LINE__);

    /* the rule by hand: d a += seed[:, 0:3], d b += seed[:, 3:5] */
    adt_tensor *seed = adt_arange(dt, 0, 10, 1);
    adt_tensor *s2 = adt_reshape(seed, 2, (int64_t[]){2, 5});
    adt_tensor *da = adt_ones(dt, 2, (int64_t[]){2, 3}), *db = adt_zeros(dt, 2, (int64_t[]){2, 2});
    adt_cat_pb(a, da, b, db, 1, s2);
    expect_values(da, (double[]){1, 2, 3, 6, 7, 8}, 6, __LINE__);
    expect_values(db, (double[]){3, 4, 8, 9}, 4, __LINE__);
    adt_cat_pb(a, NULL, b, db, -1, s2);
    expect_values(db, (double[]){6, 8, 16, 18}, 4, __LINE__);

    adt_tensor *all[] = {a64, b64, a, b, c, bt, c2, c0, e, ce, seed, s2, da, db};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

static adt_tensor *cat_fwd(adt_tensor *const *in, void *ctx)
{
    return adt_cat(in[0], in[1], *(int *)ctx);
}

static void cat_rule(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *seed, double s, void *ctx)
{
    (void)s;
    adt_cat_pb(in[0], d[0], in[1], d[1], *(int *)ctx, seed);
}

static void test_finite_differences(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 23);
    for (int dim = -3; dim < 3; dim++) {
        int d = dim < 0 ? dim + 3 : dim;
        int64_t sa[] = {2, 3, 4}, sb[] = {2, 3, 4};
        sb[d] = 1 + d;
        for (int l = 0; l < 4; l++) {
            adt_tensor *a = fd_randn(&rng, 3, sa, layouts[l]);
            adt_tensor *b = fd_randn(&rng, 3, sb, layouts[(l + 1) % 4]);
            FdOp op = {.name = "cat", .n = 2, .in = {a, b}, .forward = cat_fwd, .pullback = cat_rule, .ctx = &dim,
                       .seed_layout = layouts[(l + 2) % 4], .adj_layout = layouts[(l + 3) % 4]};
            failures += FD_CHECK(&op, FD_TOL);
            adt_free(a);
            adt_free(b);
        }
    }
}

static void test_errors(void)
{
    adt_tensor *a = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    adt_tensor *b = adt_zeros(ADT_F64, 2, (int64_t[]){3, 2});
    adt_tensor *v = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *f = adt_zeros(ADT_F32, 2, (int64_t[]){2, 3});
    adt_tensor *seed = adt_zeros(ADT_F64, 2, (int64_t[]){2, 6});
    adt_tensor *r = NULL;
    FD_EXPECT_ERROR(failures, r = adt_cat(a, b, 1), "adt: adt_cat: shapes [2, 3] and [3, 2] differ outside dimension 1");
    FD_EXPECT_ERROR(failures, r = adt_cat(a, v, 0), "adt_cat: shapes [2, 3] and [3] differ outside dimension 0");
    FD_EXPECT_ERROR(failures, r = adt_cat(a, f, 0), "adt_cat");
    FD_EXPECT_ERROR(failures, r = adt_cat(a, a, 2), "adt_cat");
    FD_EXPECT_ERROR(failures, r = adt_cat(a, NULL, 0), "adt_cat");
    FD_EXPECT_ERROR(failures, adt_cat_pb(a, NULL, a, NULL, 1, a), "adt_cat_pb: d_ret");
    FD_EXPECT_ERROR(failures, adt_cat_pb(a, b, a, NULL, 1, seed), "adt_cat_pb: d_a");
    FD_EXPECT_ERROR(failures, adt_cat_pb(a, NULL, a, f, 1, seed), "adt_cat_pb");
    EXPECT(r == NULL);
    adt_tensor *all[] = {a, b, v, f, seed};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    test_values(ADT_F64);
    test_values(ADT_F32);
    test_finite_differences();
    test_errors();
    if (failures)
        fprintf(stderr, "test_cat: %d failures\n", failures);
    else
        printf("test_cat: ok\n");
    return failures != 0;
}
