/* test_reduce.c: unit test of adt's reductions (sum, mean, max, argmax
 * over a dimension; sum_all, mean_all) in f32 and f64, with keepdim,
 * negative dims, strided inputs and ties, and fdcheck.h checks of the rules. */
#include "adt.h"
#include "fdcheck.h"

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static int values_are(const adt_tensor *t, int ndim, const int64_t *shape, const double *want, double tol)
{
    if (t->ndim != ndim)
        return 0;
    for (int d = 0; d < ndim; d++)
        if (t->shape[d] != shape[d])
            return 0;
    for (int64_t k = 0; k < adt_numel(t); k++)
        if (!(fabs(fd_at(t, k) - want[k]) <= tol))
            return 0;
    return 1;
}

/* [2, 3] = {{1, 5, 2}, {7, 0, 7}} in dtype dt. */
static adt_tensor *matrix(adt_dtype dt)
{
    adt_tensor *t = adt_empty(dt, 2, (int64_t[]){2, 3});
    const double v[6] = {1, 5, 2, 7, 0, 7};
    for (int k = 0; k < 6; k++)
        fd_put(t, k, v[k]);
    return t;
}

static void test_values(adt_dtype dt)
{
    adt_tensor *m = matrix(dt);
    adt_tensor *s0 = adt_sum(m, 0, 0), *s1 = adt_sum(m, -1, 1), *m0 = adt_mean(m, 0, 1), *m1 = adt_mean(m, 1, 0);
    EXPECT(values_are(s0, 1, (int64_t[]){3}, (double[]){8, 5, 9}, 0));
    EXPECT(values_are(s1, 2, (int64_t[]){2, 1}, (double[]){8, 14}, 0));
    EXPECT(values_are(m0, 2, (int64_t[]){1, 3}, (double[]){4, 2.5, 4.5}, 0));
    EXPECT(values_are(m1, 1, (int64_t[]){2}, (double[]){8.0 / 3, 14.0 / 3}, 1e-6));
    adt_tensor *x0 = adt_max(m, 0, 0), *x1 = adt_max(m, 1, 1), *a1 = adt_argmax(m, 1), *a0 = adt_argmax(m, -2);
    EXPECT(values_are(x0, 1, (int64_t[]){3}, (double[]){7, 5, 7}, 0));
    EXPECT(values_are(x1, 2, (int64_t[]){2, 1}, (double[]){5, 7}, 0));
    EXPECT(values_are(a1, 1, (int64_t[]){2}, (double[]){1, 0}, 0)); /* the first of the tied 7s */
    EXPECT(values_are(a0, 1, (int64_t[]){3}, (double[]){1, 0, 1}, 0));
    EXPECT(a1->dtype == dt && x0->dtype == dt && s0->dtype == dt);
    EXPECT(adt_sum_all(m) == 22 && adt_mean_all(m) == 22.0 / 6);

    /* the same through a transposed view: [3, 2] */
    adt_tensor *t = adt_transpose(m, 0, 1);
    adt_tensor *ts = adt_sum(t, 1, 0), *tx = adt_max(t, 0, 0);
    EXPECT(values_are(ts, 1, (int64_t[]){3}, (double[]){8, 5, 9}, 0));
    EXPECT(values_are(tx, 1, (int64_t[]){2}, (double[]){5, 7}, 0));
    EXPECT(adt_sum_all(t) == 22);

    /* empty: sums are 0, means NaN */
    adt_tensor *e = adt_zeros(dt, 2, (int64_t[]){0, 3});
    adt_tensor *es = adt_sum(e, 0, 0), *em = adt_mean(e, 0, 0);
    EXPECT(values_are(es, 1, (int64_t[]){3}, (double[]){0, 0, 0}, 0));
    EXPECT(isnan(fd_at(em, 0)) && adt_sum_all(e) == 0 && isnan(adt_mean_all(e)));

    adt_tensor *all[] = {m, s0, s1, m0, m1, x0, x1, a1, a0, t, ts, tx, e, es, em};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* A long f32 sum is accumulated in double. */
static void test_f32_accuracy(void)
{
    int64_t n = 1 << 22;
    adt_tensor *t = adt_full(ADT_F32, 1, &n, 0.1);
    double want = (double)n * (double)0.1f;
    EXPECT(fabs(adt_sum_all(t) - want) < 1e-6 * want);
    adt_tensor *col = adt_view(t, 2, (int64_t[]){n, 1});
    adt_tensor *s = adt_sum(col, 0, 0);
    EXPECT(fabs(adt_item(s) - want) < 1e-6 * want);
    adt_free(t), adt_free(col), adt_free(s);
}

/* ---- finite-difference checks ----
 * Sums and means are linear (FD error is rounding, ~1e-12); max is tested
 * on well-separated values (gaps 0.1 >> the FD step 5e-4) where it is
 * locally linear too; FD_TOL (1e-7) leaves a wide margin. */

typedef struct {
    int op; /* 0 sum, 1 mean, 2 max */
    int dim, keepdim;
} Reduce;

static adt_tensor *fw_reduce(adt_tensor *const *in, void *ctx)
{
    Reduce *r = ctx;
    switch (r->op) {
    case 0: return adt_sum(in[0], r->dim, r->keepdim);
    case 1: return adt_mean(in[0], r->dim, r->keepdim);
    default: return adt_max(in[0], r->dim, r->keepdim);
    }
}

static void pb_reduce(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    Reduce *r = ctx;
    (void)gs;
    switch (r->op) {
    case 0: adt_sum_pb(in[0], d[0], r->dim, r->keepdim, g); break;
    case 1: adt_mean_pb(in[0], d[0], r->dim, r->keepdim, g); break;
    default: adt_max_pb(in[0], d[0], r->dim, r->keepdim, g); break;
    }
}

static double fw_all(adt_tensor *const *in, void *ctx)
{
    return *(int *)ctx ? adt_mean_all(in[0]) : adt_sum_all(in[0]);
}

static void pb_all(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    (void)g;
    if (*(int *)ctx)
        adt_mean_all_pb(in[0], d[0], gs);
    else
        adt_sum_all_pb(in[0], d[0], gs);
}

/* Distinct values 0.1 apart, scrambled, for max. */
static void spread_values(adt_tensor *x)
{
    int64_t n = adt_numel(x);
    for (int64_t k = 0; k < n; k++)
        fd_put(x, k, (double)((k * 37) % n) * 0.1 - 1.0);
}

static void check_reduce(const char *name, int op)
{
    const int64_t shape[3] = {3, 4, 5};
    adt_rng rng;
    adt_rng_seed(&rng, 300 + (uint64_t)op);
    for (int dim = -1; dim < 3; dim++)
        for (int keep = 0; keep < 2; keep++)
            for (int lay = 0; lay < 4; lay++) {
                Reduce r = {op, dim, keep};
                FdOp fop = {.name = name, .n = 1, .forward = fw_reduce, .pullback = pb_reduce, .ctx = &r,
                            .seed_layout = (FdLayout)((lay + 1) % 4), .adj_layout = (FdLayout)((lay + 3) % 4),
                            .rng_seed = (uint64_t)(1000 * op + 100 * (dim + 1) + 10 * keep + lay + 1)};
                fop.in[0] = fd_randn(&rng, 3, shape, (FdLayout)lay);
                if (op == 2)
                    spread_values(fop.in[0]);
                int f = FD_CHECK(&fop, FD_TOL);
                if (f)
                    fprintf(stderr, "  (%s, dim %d, keepdim %d, layout %d)\n", name, dim, keep, lay);
                failures += f;
                adt_free(fop.in[0]);
            }
}

static void check_all(const char *name, int mean)
{
    adt_rng rng;
    adt_rng_seed(&rng, 400 + (uint64_t)mean);
    for (int lay = 0; lay < 4; lay++) {
        FdOp fop = {.name = name, .n = 1, .forward_scalar = fw_all, .pullback = pb_all, .ctx = &mean,
                    .adj_layout = (FdLayout)((lay + 2) % 4), .rng_seed = (uint64_t)(lay + 1)};
        fop.in[0] = fd_randn(&rng, 3, (int64_t[]){2, 3, 4}, (FdLayout)lay);
        int f = FD_CHECK(&fop, FD_TOL);
        if (f)
            fprintf(stderr, "  (%s, layout %d)\n", name, lay);
        failures += f;
        adt_free(fop.in[0]);
    }
}

/* max routes the seed to the first of tied maxima only. */
static void test_max_ties(void)
{
    adt_tensor *m = matrix(ADT_F64); /* row 1 = {7, 0, 7} */
    adt_tensor *g = adt_ones(ADT_F64, 1, (int64_t[]){2});
    adt_tensor *d = adt_zeros_like(m);
    adt_max_pb(m, d, 1, 0, g);
    EXPECT(values_are(d, 2, (int64_t[]){2, 3}, (double[]){0, 1, 0, 1, 0, 0}, 0));
    adt_max_pb(m, NULL, 1, 0, g); /* no adjoint: nothing */
    adt_free(m), adt_free(g), adt_free(d);
}

int main(void)
{
    test_values(ADT_F64);
    test_values(ADT_F32);
    test_f32_accuracy();
    test_max_ties();
    check_reduce("sum", 0);
    check_reduce("mean", 1);
    check_reduce("max", 2);
    check_all("sum_all", 0);
    check_all("mean_all", 1);
    if (failures)
        fprintf(stderr, "test_reduce: %d failures\n", failures);
    else
        printf("test_reduce: ok\n");
    return failures != 0;
}
