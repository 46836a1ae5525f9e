/* test_elementwise.c: unit test of adt's elementwise ops: values in f32 and
 * f64, numpy broadcasting, non-contiguous operands, and fdcheck.h checks of
 * every rule on broadcast shapes and strided layouts. */
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

static int close_to(const adt_tensor *t, const double *want, int64_t n, double tol)
{
    if (adt_numel(t) != n)
        return 0;
    for (int64_t k = 0; k < n; k++)
        if (!(fabs(fd_at(t, k) - want[k]) <= tol * (1 + fabs(want[k]))))
            return 0;
    return 1;
}

static adt_tensor *tensor2(adt_dtype dt, int64_t r, int64_t c, const double *v)
{
    adt_tensor *t = adt_empty(dt, 2, (int64_t[]){r, c});
    for (int64_t k = 0; k < r * c; k++)
        fd_put(t, k, v[k]);
    return t;
}

static void test_values(adt_dtype dt, double tol)
{
    adt_tensor *a = tensor2(dt, 2, 3, (double[]){1, 2, 3, 4, 5, 6});
    adt_tensor *row = tensor2(dt, 1, 3, (double[]){10, 20, 30});
    adt_tensor *col = tensor2(dt, 2, 1, (double[]){2, 4});
    adt_tensor *vec = adt_select(row, 0, 0); /* [3] */

    adt_tensor *r1 = adt_add(a, vec); /* [2, 3] + [3] */
    EXPECT(r1->ndim == 2 && close_to(r1, (double[]){11, 22, 33, 14, 25, 36}, 6, tol));
    adt_tensor *r2 = adt_mul(col, row); /* [2, 1] * [1, 3] -> [2, 3] */
    EXPECT(r2->shape[0] == 2 && r2->shape[1] == 3 && close_to(r2, (double[]){20, 40, 60, 40, 80, 120}, 6, tol));
    adt_tensor *r3 = adt_sub(vec, a);
    EXPECT(close_to(r3, (double[]){9, 18, 27, 6, 15, 24}, 6, tol));
    adt_tensor *r4 = adt_div(a, col);
    EXPECT(close_to(r4, (double[]){0.5, 1, 1.5, 1, 1.25, 1.5}, 6, tol));
    adt_tensor *at = adt_transpose(a, 0, 1); /* [3, 2] */
    adt_tensor *r5 = adt_mul(at, at);
    EXPECT(close_to(r5, (double[]){1, 16, 4, 25, 9, 36}, 6, tol));
    adt_tensor *s = adt_full(dt, 0, NULL, 3);
    adt_tensor *r6 = adt_sub(a, s); /* a 0-d tensor broadcasts everywhere */
    EXPECT(close_to(r6, (double[]){-2, -1, 0, 1, 2, 3}, 6, tol));

    adt_tensor *u1 = adt_exp(at);
    EXPECT(close_to(u1, (double[]){exp(1), exp(4), exp(2), exp(5), exp(3), exp(6)}, 6, tol));
    adt_tensor *u2 = adt_log(a), *u3 = adt_sqrt(a), *u4 = adt_tanh(r6), *u5 = adt_sigmoid(r6);
    EXPECT(close_to(u2, (double[]){0, log(2), log(3), log(4), log(5), log(6)}, 6, tol));
    EXPECT(close_to(u3, (double[]){1, sqrt(2), sqrt(3), 2, sqrt(5), sqrt(6)}, 6, tol));
    EXPECT(close_to(u4, (double[]){tanh(-2), tanh(-1), 0, tanh(1), tanh(2), tanh(3)}, 6, tol));
    EXPECT(close_to(u5, (double[]){1 / (1 + exp(2)), 1 / (1 + exp(1)), 0.5, 1 / (1 + exp(-1)),
                                   1 / (1 + exp(-2)), 1 / (1 + exp(-3))}, 6, tol));
    adt_tensor *u6 = adt_relu(r6), *u7 = adt_neg(r6), *u8 = adt_clamp(r6, -1, 2);
    EXPECT(close_to(u6, (double[]){0, 0, 0, 1, 2, 3}, 6, tol));
    EXPECT(close_to(u7, (double[]){2, 1, 0, -1, -2, -3}, 6, tol));
    EXPECT(close_to(u8, (double[]){-1, -1, 0, 1, 2, 2}, 6, tol));
    adt_tensor *u9 = adt_add_scalar(at, 0.5), *u10 = adt_mul_scalar(at, -2);
    adt_tensor *u11 = adt_pow_scalar(a, 2), *u12 = adt_pow_scalar(a, 0.5);
    EXPECT(close_to(u9, (double[]){1.5, 4.5, 2.5, 5.5, 3.5, 6.5}, 6, tol));
    EXPECT(close_to(u10, (double[]){-2, -8, -4, -10, -6, -12}, 6, tol));
    EXPECT(close_to(u11, (double[]){1, 4, 9, 16, 25, 36}, 6, tol));
    EXPECT(close_to(u12, (double[]){1, sqrt(2), sqrt(3), 2, sqrt(5), sqrt(6)}, 6, tol));
    EXPECT(u1->dtype == dt && u12->dtype == dt && r2->dtype == dt);

    adt_tensor *all[] = {a, row, col, vec, r1, r2, r3, r4, at, r5, s, r6, u1, u2, u3, u4, u5, u6, u7,
                         u8, u9, u10, u11, u12};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* The f32 and f64 pullbacks agree (f32 within its rounding). */
static void test_f32_rules(void)
{
    adt_tensor *a = tensor2(ADT_F32, 2, 3, (double[]){0.5, 1, 1.5, 2, 2.5, 3});
    adt_tensor *b = tensor2(ADT_F32, 1, 3, (double[]){1, 2, 4});
    adt_tensor *g = adt_ones(ADT_F32, 2, (int64_t[]){2, 3});
    adt_tensor *da = adt_zeros_like(a), *db = adt_zeros_like(b);
    adt_div_pb(a, da, b, db, g);
    EXPECT(close_to(da, (double[]){1, 0.5, 0.25, 1, 0.5, 0.25}, 6, 1e-6));
    EXPECT(close_to(db, (double[]){-2.5, -3.5 / 4, -4.5 / 16}, 3, 1e-6));
    adt_zero_(da);
    adt_tanh_pb(a, da, g);
    EXPECT(close_to(da, (double[]){1 - tanh(0.5) * tanh(0.5), 1 - tanh(1) * tanh(1), 1 - tanh(1.5) * tanh(1.5),
                                   1 - tanh(2) * tanh(2), 1 - tanh(2.5) * tanh(2.5), 1 - tanh(3) * tanh(3)},
                    6, 1e-6));
    adt_free(a), adt_free(b), adt_free(g), adt_free(da), adt_free(db);
}

/* ---- finite-difference checks ----
 * Scalar parameters (s, p, lo, hi) are 0-d tensor inputs whose adjoint
 * receives the double the rule adds. Tolerance FD_TOL (1e-7): the
 * fourth-order stencil is accurate to ~1e-10 on these smooth functions
 * (kinks kept > 0.05 away), so anything above it is a wrong rule. */

typedef struct {
    int op;
} Which;

enum { OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_TANH, OP_SIGMOID, OP_RELU, OP_ADD_S, OP_MUL_S, OP_POW_S,
       OP_POW_2, OP_CLAMP, OP_ADD, OP_SUB, OP_MUL, OP_DIV };

static adt_tensor *fw_op(adt_tensor *const *in, void *ctx)
{
    switch (((Which *)ctx)->op) {
    case OP_NEG: return adt_neg(in[0]);
    case OP_EXP: return adt_exp(in[0]);
    case OP_LOG: return adt_log(in[0]);
    case OP_SQRT: return adt_sqrt(in[0]);
    case OP_TANH: return adt_tanh(in[0]);
    case OP_SIGMOID: return adt_sigmoid(in[0]);
    case OP_RELU: return adt_relu(in[0]);
    case OP_ADD_S: return adt_add_scalar(in[0], adt_item(in[1]));
    case OP_MUL_S: return adt_mul_scalar(in[0], adt_item(in[1]));
    case OP_POW_S: return adt_pow_scalar(in[0], adt_item(in[1]));
    case OP_POW_2: return adt_pow_scalar(in[0], 2);
    case OP_CLAMP: return adt_clamp(in[0], adt_item(in[1]), adt_item(in[2]));
    case OP_ADD: return adt_add(in[0], in[1]);
    case OP_SUB: return adt_sub(in[0], in[1]);
    case OP_MUL: return adt_mul(in[0], in[1]);
    case OP_DIV: return adt_div(in[0], in[1]);
    }
    abort();
}

/* A scalar parameter's adjoint (a double *) lands in its 0-d tensor's adjoint. */
static void add_scalar_adj(adt_tensor *d, double v)
{
    if (d)
        adt_set(d, NULL, adt_item(d) + v);
}

static void pb_op(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    double ds = 0, dh = 0;
    double *pds = d[1] ? &ds : NULL, *pdh = d[2] ? &dh : NULL;
    (void)gs;
    switch (((Which *)ctx)->op) {
    case OP_NEG: adt_neg_pb(in[0], d[0], g); break;
    case OP_EXP: adt_exp_pb(in[0], d[0], g); break;
    case OP_LOG: adt_log_pb(in[0], d[0], g); break;
    case OP_SQRT: adt_sqrt_pb(in[0], d[0], g); break;
    case OP_TANH: adt_tanh_pb(in[0], d[0], g); break;
    case OP_SIGMOID: adt_sigmoid_pb(in[0], d[0], g); break;
    case OP_RELU: adt_relu_pb(in[0], d[0], g); break;
    case OP_ADD_S: adt_add_scalar_pb(in[0], d[0], adt_item(in[1]), pds, g); break;
    case OP_MUL_S: adt_mul_scalar_pb(in[0], d[0], adt_item(in[1]), pds, g); break;
    case OP_POW_S: adt_pow_scalar_pb(in[0], d[0], adt_item(in[1]), pds, g); break;
    case OP_POW_2: adt_pow_scalar_pb(in[0], d[0], 2, NULL, g); break;
    case OP_CLAMP: adt_clamp_pb(in[0], d[0], adt_item(in[1]), pds, adt_item(in[2]), pdh, g); break;
    case OP_ADD: adt_add_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_SUB: adt_sub_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_MUL: adt_mul_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_DIV: adt_div_pb(in[0], d[0], in[1], d[1], g); break;
    }
    if (d[1] && d[1]->ndim == 0)
        add_scalar_adj(d[1], ds);
    if (d[2] && d[2]->ndim == 0)
        add_scalar_adj(d[2], dh);
}

/* Checks a unary op (with nparams scalar parameters) in every layout. */
static void check_unary(const char *name, int op, Domain dom, int nparams, const double *params)
{
    adt_rng rng;
    adt_rng_seed(&rng, 100 + (uint64_t)op);
    const int64_t shape[3] = {2, 3, 4};
    Which w = {op};
    for (int lay = 0; lay < 4; lay++) {
        FdOp fop = {.name = name, .n = 1 + nparams, .forward = fw_op, .pullback = pb_op, .ctx = &w,
                    .seed_layout = (FdLayout)((lay + 1) % 4), .adj_layout = (FdLayout)((lay + 2) % 4),
                    .rng_seed = (uint64_t)(op * 10 + lay + 1)};
        fop.in[0] = fd_randn(&rng, 3, shape, (FdLayout)lay);
        fd_to_domain(fop.in[0], dom);
        for (int p = 0; p < nparams; p++)
            fop.in[1 + p] = adt_full(ADT_F64, 0, NULL, params[p]);
        int f = FD_CHECK(&fop, FD_TOL);
        if (f)
            fprintf(stderr, "  (%s, input layout %d)\n", name, lay);
        failures += f;
        for (int i = 0; i < fop.n; i++)
            adt_free(fop.in[i]);
    }
}

/* Checks a binary op on broadcast shapes and mixed layouts. */
static void check_binary(const char *name, int op, Domain dom_b)
{
    static const struct {
        int na, nb;
        int64_t a[3], b[3];
    } cases[] = {
        {2, 2, {3, 4}, {3, 4}},       /* same shape */
        {3, 2, {2, 3, 4}, {3, 1}},    /* b broadcast over a leading and a trailing dim */
        {2, 3, {3, 1}, {2, 1, 4}},    /* both broadcast: [3,1] x [2,1,4] -> [2,3,4] */
        {1, 2, {4}, {3, 4}},          /* a missing a leading dim */
    };
    adt_rng rng;
    adt_rng_seed(&rng, 200 + (uint64_t)op);
    Which w = {op};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (int lay = 0; lay < 4; lay++) {
            FdOp fop = {.name = name, .n = 2, .forward = fw_op, .pullback = pb_op, .ctx = &w,
                        .seed_layout = (FdLayout)((lay + 3) % 4), .adj_layout = (FdLayout)((lay + 1) % 4),
                        .rng_seed = (uint64_t)(op * 100 + (int)c * 10 + lay + 1)};
            fop.in[0] = fd_randn(&rng, cases[c].na, cases[c].a, (FdLayout)lay);
            fop.in[1] = fd_randn(&rng, cases[c].nb, cases[c].b, (FdLayout)((lay + 2) % 4));
            fd_to_domain(fop.in[1], dom_b);
            int f = FD_CHECK(&fop, FD_TOL);
            if (f)
                fprintf(stderr, "  (%s, case %zu, layout %d)\n", name, c, lay);
            failures += f;
            adt_free(fop.in[0]);
            adt_free(fop.in[1]);
        }
    }
}

static void test_rules(void)
{
    check_unary("neg", OP_NEG, DOM_ANY, 0, NULL);
    check_unary("exp", OP_EXP, DOM_ANY, 0, NULL);
    check_unary("log", OP_LOG, DOM_POSITIVE, 0, NULL);
    check_unary("sqrt", OP_SQRT, DOM_POSITIVE, 0, NULL);
    check_unary("tanh", OP_TANH, DOM_ANY, 0, NULL);
    check_unary("sigmoid", OP_SIGMOID, DOM_ANY, 0, NULL);
    check_unary("relu", OP_RELU, DOM_AWAY_FROM_0, 0, NULL);
    check_unary("add_scalar", OP_ADD_S, DOM_ANY, 1, (double[]){0.7});
    check_unary("mul_scalar", OP_MUL_S, DOM_ANY, 1, (double[]){-1.3});
    check_unary("pow_scalar", OP_POW_S, DOM_POSITIVE, 1, (double[]){2.5});
    check_unary("pow_scalar(-1.5)", OP_POW_S, DOM_POSITIVE, 1, (double[]){-1.5});
    check_unary("pow_scalar(2)", OP_POW_2, DOM_ANY, 0, NULL);
    check_unary("clamp", OP_CLAMP, DOM_AWAY_FROM_BOUNDS, 2, (double[]){-0.5, 0.5});
    check_binary("add", OP_ADD, DOM_ANY);
    check_binary("sub", OP_SUB, DOM_ANY);
    check_binary("mul", OP_MUL, DOM_ANY);
    check_binary("div", OP_DIV, DOM_POSITIVE);
}

/* The dropout mask, redrawn from the same seed at every evaluation, does
 * not depend on like's values: numeric and analytic gradients are both 0. */
static adt_tensor *fw_dropout(adt_tensor *const *in, void *ctx)
{
    adt_rng rng;
    (void)ctx;
    adt_rng_seed(&rng, 9);
    return adt_dropout_mask(&rng, in[0], 0.3);
}

static void pb_dropout(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    adt_rng rng;
    (void)gs, (void)ctx;
    adt_rng_seed(&rng, 9);
    adt_dropout_mask_pb(&rng, in[0], d[0], 0.3, NULL, g);
}

static void test_dropout_rule(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 77);
    for (int lay = 0; lay < 4; lay++) {
        FdOp fop = {.name = "dropout_mask", .n = 1, .forward = fw_dropout, .pullback = pb_dropout,
                    .seed_layout = (FdLayout)lay, .adj_layout = (FdLayout)((lay + 1) % 4)};
        fop.in[0] = fd_randn(&rng, 2, (int64_t[]){4, 5}, (FdLayout)((lay + 2) % 4));
        failures += FD_CHECK(&fop, FD_TOL);
        EXPECT(fop.worst == 0);
        adt_free(fop.in[0]);
    }
}

/* Rules accumulate: a second call doubles the increase. */
static void test_accumulates(void)
{
    adt_tensor *a = tensor2(ADT_F64, 2, 2, (double[]){1, 2, 3, 4});
    adt_tensor *b = tensor2(ADT_F64, 1, 2, (double[]){5, 6});
    adt_tensor *g = adt_ones(ADT_F64, 2, (int64_t[]){2, 2});
    adt_tensor *da = adt_ones(ADT_F64, 2, (int64_t[]){2, 2}), *db = adt_zeros_like(b);
    adt_mul_pb(a, da, b, db, g);
    adt_mul_pb(a, da, b, db, g);
    EXPECT(close_to(da, (double[]){11, 13, 11, 13}, 4, 0));
    EXPECT(close_to(db, (double[]){8, 12}, 2, 0));
    double ds = 1;
    adt_mul_scalar_pb(a, NULL, 3, &ds, g);
    EXPECT(ds == 11);
    ds = 0;
    adt_pow_scalar_pb(a, NULL, 2, &ds, g); /* sum a^2 log a */
    EXPECT(fabs(ds - (4 * log(2) + 9 * log(3) + 16 * log(4))) < 1e-12);
    adt_free(a), adt_free(b), adt_free(g), adt_free(da), adt_free(db);
}

int main(void)
{
    test_values(ADT_F64, 1e-15);
    test_values(ADT_F32, 1e-6);
    test_f32_rules();
    test_rules();
    test_dropout_rule();
    test_accumulates();
    if (failures)
        fprintf(stderr, "test_elementwise: %d failures\n", failures);
    else
        printf("test_elementwise: ok\n");
    return failures != 0;
}
