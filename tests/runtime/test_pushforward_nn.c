/* test_pushforward_nn.c: the forward rules (<op>_pf) of matmul, bmm,
 * linear, softmax, log_softmax, the losses, conv2d, the poolings and the
 * dropout mask, checked by test_pushforward.h against finite differences,
 * the op itself and the pullback, on every layout; plus errors and the
 * rules' handling of labels and of a missing bias. */
#include "test_pushforward.h"

static int failures;

#define EXPECT(cond)                                                            \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                         \
        }                                                                       \
    } while (0)

enum {
    OP_MATMUL, OP_BMM, OP_LINEAR, OP_SOFTMAX, OP_LOG_SOFTMAX, OP_CROSS_ENTROPY, OP_MSE, OP_CONV, OP_MAX_POOL,
    OP_AVG_POOL, OP_DROPOUT,
};

/* One op with its integer arguments; has_bias: linear and conv2d get a
 * third input. */
typedef struct Case {
    int op;
    int dim;
    int has_bias;
    int stride, padding, k;
} Case;

static double item(const adt_tensor *t)
{
    return t ? adt_item(t) : 0.0;
}

static adt_tensor *fw_op(adt_tensor *const *in, void *ctx)
{
    const Case *c = ctx;
    adt_rng rng;
    adt_tensor *bias = c->has_bias ? in[2] : NULL;
    switch (c->op) {
    case OP_MATMUL: return adt_matmul(in[0], in[1]);
    case OP_BMM: return adt_bmm(in[0], in[1]);
    case OP_LINEAR: return adt_linear(in[0], in[1], bias);
    case OP_SOFTMAX: return adt_softmax(in[0], c->dim);
    case OP_LOG_SOFTMAX: return adt_log_softmax(in[0], c->dim);
    case OP_CONV: return adt_conv2d(in[0], in[1], bias, c->stride, c->padding);
    case OP_MAX_POOL: return adt_max_pool2d(in[0], c->k, c->stride);
    case OP_AVG_POOL: return adt_avg_pool2d(in[0], c->k, c->stride);
    case OP_DROPOUT: /* the same mask at every call */
        adt_rng_seed(&rng, 9);
        return adt_dropout_mask(&rng, in[0], adt_item(in[1]));
    }
    abort();
}

static double fw_scalar(adt_tensor *const *in, void *ctx)
{
    if (((const Case *)ctx)->op == OP_CROSS_ENTROPY)
        return adt_cross_entropy(in[0], in[1]);
    return adt_mse_loss(in[0], in[1]);
}

static adt_tensor *pf_op(adt_tensor *const *in, adt_tensor *const *t, adt_tensor **r, void *ctx)
{
    const Case *c = ctx;
    adt_rng rng;
    adt_tensor *bias = c->has_bias ? in[2] : NULL, *t_bias = c->has_bias ? t[2] : NULL;
    switch (c->op) {
    case OP_MATMUL: return adt_matmul_pf(in[0], t[0], in[1], t[1], r);
    case OP_BMM: return adt_bmm_pf(in[0], t[0], in[1], t[1], r);
    case OP_LINEAR: return adt_linear_pf(in[0], t[0], in[1], t[1], bias, t_bias, r);
    case OP_SOFTMAX: return adt_softmax_pf(in[0], t[0], c->dim, r);
    case OP_LOG_SOFTMAX: return adt_log_softmax_pf(in[0], t[0], c->dim, r);
    case OP_CONV: return adt_conv2d_pf(in[0], t[0], in[1], t[1], bias, t_bias, c->stride, c->padding, r);
    case OP_MAX_POOL: return adt_max_pool2d_pf(in[0], t[0], c->k, c->stride, r);
    case OP_AVG_POOL: return adt_avg_pool2d_pf(in[0], t[0], c->k, c->stride, r);
    case OP_DROPOUT:
        adt_rng_seed(&rng, 9);
        return adt_dropout_mask_pf(&rng, in[0], t[0], adt_item(in[1]), item(t[1]), r);
    }
    abort();
}

static double pf_scalar(adt_tensor *const *in, adt_tensor *const *t, double *r, void *ctx)
{
    if (((const Case *)ctx)->op == OP_CROSS_ENTROPY)
        return adt_cross_entropy_pf(in[0], t[0], in[1], t[1], r);
    return adt_mse_loss_pf(in[0], t[0], in[1], t[1], r);
}

static void pb_op(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    const Case *c = ctx;
    adt_rng rng;
    adt_tensor *bias = c->has_bias ? in[2] : NULL, *d_bias = c->has_bias ? d[2] : NULL;
    switch (c->op) {
    case OP_MATMUL: adt_matmul_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_BMM: adt_bmm_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_LINEAR: adt_linear_pb(in[0], d[0], in[1], d[1], bias, d_bias, g); break;
    case OP_SOFTMAX: adt_softmax_pb(in[0], d[0], c->dim, g); break;
    case OP_LOG_SOFTMAX: adt_log_softmax_pb(in[0], d[0], c->dim, g); break;
    case OP_CROSS_ENTROPY: adt_cross_entropy_pb(in[0], d[0], in[1], d[1], gs); break;
    case OP_MSE: adt_mse_loss_pb(in[0], d[0], in[1], d[1], gs); break;
    case OP_CONV: adt_conv2d_pb(in[0], d[0], in[1], d[1], bias, d_bias, c->stride, c->padding, g); break;
    case OP_MAX_POOL: adt_max_pool2d_pb(in[0], d[0], c->k, c->stride, g); break;
    case OP_AVG_POOL: adt_avg_pool2d_pb(in[0], d[0], c->k, c->stride, g); break;
    case OP_DROPOUT: /* p's adjoint is refused: p is marked no_pb */
        adt_rng_seed(&rng, 9);
        adt_dropout_mask_pb(&rng, in[0], d[0], adt_item(in[1]), NULL, g);
        break;
    }
}

/* Runs the check on op with the given inputs (taken over and freed);
 * skip marks labels, no_pb dropout's p. */
static void run(const char *name, Case *c, int n, adt_tensor **in, int lay, const int *skip, const int *no_pb)
{
    int scalar = c->op == OP_CROSS_ENTROPY || c->op == OP_MSE;
    PfOp op = {.name = name, .n = n, .ctx = c, .pullback = pb_op,
               .tan_layout = (FdLayout)((lay + 1) % 4), .seed_layout = (FdLayout)((lay + 2) % 4),
               .rng_seed = (uint64_t)(c->op * 1000 + lay * 10 + n)};
    if (scalar) {
        op.op_scalar = fw_scalar;
        op.pf_scalar = pf_scalar;
    } else {
        op.op = fw_op;
        op.pf = pf_op;
    }
    for (int k = 0; k < n; k++) {
        op.in[k] = in[k];
        op.skip[k] = skip ? skip[k] : 0;
        op.no_pb[k] = no_pb ? no_pb[k] : 0;
    }
    int f = PF_CHECK(&op, FD_TOL);
    if (f)
        fprintf(stderr, "  (%s, input layout %d)\n", name, lay);
    failures += f;
    for (int k = 0; k < n; k++)
        adt_free(in[k]);
}

/* ---- linear algebra ---- */

static void test_linalg(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 800);
    for (int lay = 0; lay < 4; lay++) {
        FdLayout la = (FdLayout)lay, lb = (FdLayout)((lay + 2) % 4);
        adt_tensor *mm[2] = {pf_randn(&rng, 2, (int64_t[]){3, 4}, la), pf_randn(&rng, 2, (int64_t[]){4, 5}, lb)};
        run("matmul", &(Case){.op = OP_MATMUL}, 2, mm, lay, NULL, NULL);
        adt_tensor *empty[2] = {pf_randn(&rng, 2, (int64_t[]){3, 0}, la), pf_randn(&rng, 2, (int64_t[]){0, 2}, lb)};
        run("matmul(k = 0)", &(Case){.op = OP_MATMUL}, 2, empty, lay, NULL, NULL);
        adt_tensor *bm[2] = {pf_randn(&rng, 3, (int64_t[]){2, 3, 4}, la),
                             pf_randn(&rng, 3, (int64_t[]){2, 4, 5}, lb)};
        run("bmm", &(Case){.op = OP_BMM}, 2, bm, lay, NULL, NULL);
        adt_tensor *li[3] = {pf_randn(&rng, 2, (int64_t[]){3, 4}, la), pf_randn(&rng, 2, (int64_t[]){5, 4}, lb),
                             pf_randn(&rng, 1, (int64_t[]){5}, (FdLayout)((lay + 3) % 4))};
        run("linear", &(Case){.op = OP_LINEAR, .has_bias = 1}, 3, li, lay, NULL, NULL);
        adt_tensor *ln[2] = {pf_randn(&rng, 2, (int64_t[]){3, 4}, la), pf_randn(&rng, 2, (int64_t[]){5, 4}, lb)};
        run("linear(no bias)", &(Case){.op = OP_LINEAR}, 2, ln, lay, NULL, NULL);
    }
}

/* ---- softmax and losses ---- */

static void test_softmax_losses(void)
{
    static const int dims[] = {0, 1, 2, -1};
    adt_rng rng;
    adt_rng_seed(&rng, 900);
    for (int lay = 0; lay < 4; lay++) {
        for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
            adt_tensor *s[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, (FdLayout)lay)};
            run("softmax", &(Case){.op = OP_SOFTMAX, .dim = dims[d]}, 1, s, lay, NULL, NULL);
            adt_tensor *l[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, (FdLayout)lay)};
            run("log_softmax", &(Case){.op = OP_LOG_SOFTMAX, .dim = dims[d]}, 1, l, lay, NULL, NULL);
        }
        adt_tensor *ce[2] = {pf_randn(&rng, 2, (int64_t[]){5, 4}, (FdLayout)lay),
                             pf_empty_layout(ADT_F64, 1, (int64_t[]){5}, (FdLayout)((lay + 1) % 4))};
        for (int64_t i = 0; i < 5; i++)
            fd_put(ce[1], i, (double)((i * 3 + lay) % 4));
        run("cross_entropy", &(Case){.op = OP_CROSS_ENTROPY}, 2, ce, lay, (const int[]){0, 1}, NULL);
        adt_tensor *mse[2] = {pf_randn(&rng, 2, (int64_t[]){3, 4}, (FdLayout)lay),
                              pf_randn(&rng, 2, (int64_t[]){3, 4}, (FdLayout)((lay + 3) % 4))};
        run("mse_loss", &(Case){.op = OP_MSE}, 2, mse, lay, NULL, NULL);
    }
}

/* ---- convolution and pooling ---- */

static void test_conv_pool(void)
{
    static const struct {
        int stride, padding, bias;
        int64_t x[4], w[4];
    } convs[] = {
        {1, 0, 1, {2, 3, 5, 6}, {4, 3, 3, 2}},
        {2, 1, 1, {2, 3, 5, 6}, {4, 3, 3, 2}},
        {1, 1, 0, {1, 2, 4, 4}, {3, 2, 2, 3}},
        {3, 0, 1, {2, 2, 7, 5}, {2, 2, 1, 1}},
    };
    static const struct {
        int k, stride;
    } pools[] = {{2, 2}, {3, 1}, {2, 3}};
    adt_rng rng;
    adt_rng_seed(&rng, 1000);
    for (int lay = 0; lay < 4; lay++) {
        for (size_t i = 0; i < sizeof convs / sizeof *convs; i++) {
            Case c = {.op = OP_CONV, .stride = convs[i].stride, .padding = convs[i].padding,
                      .has_bias = convs[i].bias};
            adt_tensor *in[3] = {pf_randn(&rng, 4, convs[i].x, (FdLayout)lay),
                                 pf_randn(&rng, 4, convs[i].w, (FdLayout)((lay + 2) % 4)),
                                 pf_randn(&rng, 1, convs[i].w, (FdLayout)((lay + 3) % 4))};
            if (!c.has_bias)
                adt_free(in[2]);
            run("conv2d", &c, c.has_bias ? 3 : 2, in, lay, NULL, NULL);
        }
        for (size_t i = 0; i < sizeof pools / sizeof *pools; i++) {
            Case c = {.op = OP_MAX_POOL, .k = pools[i].k, .stride = pools[i].stride};
            adt_tensor *mx[1] = {pf_randn(&rng, 4, (int64_t[]){2, 3, 6, 5}, (FdLayout)lay)};
            fd_spread_values(&rng, mx[0]);
            run("max_pool2d", &c, 1, mx, lay, NULL, NULL);
            c.op = OP_AVG_POOL;
            adt_tensor *av[1] = {pf_randn(&rng, 4, (int64_t[]){2, 3, 6, 5}, (FdLayout)lay)};
            run("avg_pool2d", &c, 1, av, lay, NULL, NULL);
        }
    }
}

/* ---- dropout ---- */

/* like's tangent adds nothing; p's is exact (the pullback refuses it, so it
 * stays out of the dot test). */
static void test_dropout(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 1100);
    static const double ps[] = {0.3, 0.55};
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[2] = {pf_randn(&rng, 2, (int64_t[]){4, 5}, (FdLayout)lay), adt_full(ADT_F64, 0, NULL, ps[i])};
            run("dropout_mask", &(Case){.op = OP_DROPOUT}, 2, in, lay, NULL, (const int[]){0, 1});
        }
    /* by hand: with p = 0.5, a kept element is 2 and moves by t_p / (1-p)^2 = 4 t_p */
    adt_tensor *like = adt_zeros(ADT_F64, 1, (int64_t[]){50}), *r;
    adt_rng_seed(&rng, 3);
    adt_tensor *m = adt_dropout_mask_pf(&rng, like, like, 0.5, 0.25, &r);
    int kept = 0, ok = 1;
    for (int64_t i = 0; i < 50; i++) {
        double mi = adt_get(m, &i), ri = adt_get(r, &i);
        kept += mi != 0;
        ok = ok && (mi == 0 ? ri == 0 : mi == 2 && ri == 1);
    }
    EXPECT(ok && kept > 10 && kept < 40);
    adt_free(m), adt_free(r);
    adt_rng_seed(&rng, 3);
    m = adt_dropout_mask_pf(&rng, like, NULL, 1, 5, &r); /* p = 1 drops everything */
    EXPECT(adt_sum_all(m) == 0 && adt_sum_all(r) == 0);
    adt_free(m), adt_free(r), adt_free(like);
}

/* ---- by hand ---- */

/* Labels are class indices: a labels tangent changes nothing. */
static void test_labels_tangent(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 1200);
    adt_tensor *x = pf_randn(&rng, 2, (int64_t[]){3, 4}, FD_CONTIG), *tx = pf_randn(&rng, 2, (int64_t[]){3, 4}, FD_PADDED);
    adt_tensor *labels = adt_from_buffer(ADT_F64, 1, (int64_t[]){3}, (double[]){2, 0, 3});
    adt_tensor *tl = pf_randn(&rng, 1, (int64_t[]){3}, FD_CONTIG);
    double t1 = 0, t2 = 0, y1 = adt_cross_entropy_pf(x, tx, labels, NULL, &t1);
    double y2 = adt_cross_entropy_pf(x, tx, labels, tl, &t2);
    EXPECT(y1 == y2 && t1 == t2 && y1 == adt_cross_entropy(x, labels));
    adt_free(x), adt_free(tx), adt_free(labels), adt_free(tl);
}

static void test_errors(void)
{
    adt_tensor *a = adt_ones(ADT_F64, 2, (int64_t[]){2, 3}), *b = adt_ones(ADT_F64, 2, (int64_t[]){3, 4});
    adt_tensor *w = adt_ones(ADT_F64, 2, (int64_t[]){4, 3}), *bias = adt_ones(ADT_F64, 1, (int64_t[]){4});
    adt_tensor *x4 = adt_ones(ADT_F64, 4, (int64_t[]){1, 3, 4, 4}), *w4 = adt_ones(ADT_F64, 4, (int64_t[]){2, 3, 2, 2});
    adt_tensor *labels = adt_zeros(ADT_F64, 1, (int64_t[]){2}), *r = NULL;
    double s;
    FD_EXPECT_ERROR(failures, adt_matmul_pf(a, NULL, b, NULL, NULL), "adt_matmul_pf: t_ret is NULL");
    FD_EXPECT_ERROR(failures, adt_matmul_pf(a, b, b, NULL, &r), "adt_matmul_pf: t_a");
    FD_EXPECT_ERROR(failures, adt_matmul_pf(a, NULL, a, NULL, &r), "adt_matmul_pf: shapes [2, 3] and [2, 3]");
    FD_EXPECT_ERROR(failures, adt_linear_pf(a, NULL, w, NULL, NULL, bias, &r),
                    "adt_linear_pf: t_bias is given but bias is NULL");
    FD_EXPECT_ERROR(failures, adt_linear_pf(a, NULL, w, a, bias, NULL, &r), "adt_linear_pf: t_w");
    FD_EXPECT_ERROR(failures, adt_conv2d_pf(x4, NULL, w4, NULL, NULL, bias, 1, 0, &r),
                    "adt_conv2d_pf: t_bias is given but bias is NULL");
    FD_EXPECT_ERROR(failures, adt_conv2d_pf(x4, w4, w4, NULL, NULL, NULL, 1, 0, &r), "adt_conv2d_pf: t_x");
    FD_EXPECT_ERROR(failures, adt_max_pool2d_pf(x4, a, 2, 2, &r), "adt_max_pool2d_pf: t_x");
    FD_EXPECT_ERROR(failures, adt_avg_pool2d_pf(x4, NULL, 5, 1, &r), "adt_avg_pool2d_pf: window");
    FD_EXPECT_ERROR(failures, adt_softmax_pf(a, b, 1, &r), "adt_softmax_pf: t_a");
    FD_EXPECT_ERROR(failures, adt_cross_entropy_pf(a, b, labels, NULL, &s), "adt_cross_entropy_pf: t_logits");
    FD_EXPECT_ERROR(failures, adt_cross_entropy_pf(a, NULL, labels, a, &s), "adt_cross_entropy_pf: t_labels");
    FD_EXPECT_ERROR(failures, adt_mse_loss_pf(a, NULL, a, b, &s), "adt_mse_loss_pf: t_b");
    FD_EXPECT_ERROR(failures, adt_dropout_mask_pf(NULL, a, b, 0.5, 0, &r), "adt_dropout_mask_pf: t_like");
    FD_EXPECT_ERROR(failures, adt_dropout_mask_pf(NULL, a, NULL, 1.5, 0, &r), "adt_dropout_mask_pf: probability");
    EXPECT(r == NULL);
    adt_tensor *all[] = {a, b, w, bias, x4, w4, labels};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    test_linalg();
    test_softmax_losses();
    test_conv_pool();
    test_dropout();
    test_labels_tangent();
    test_errors();
    if (failures)
        fprintf(stderr, "test_pushforward_nn: %d failures\n", failures);
    else
        printf("test_pushforward_nn: ok\n");
    return failures != 0;
}
