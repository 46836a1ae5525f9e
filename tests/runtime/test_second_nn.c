/* test_second_nn.c: the second-order rules (<op>_pb_pf, the forward rules
 * of the pullbacks, runtime/adt_second.c and adt_second_nn.c) of matmul,
 * bmm, linear, softmax, log_softmax, the losses, cat, conv2d, the poolings
 * and the dropout mask, checked by test_second.h against the pullback
 * alone and against finite differences of the pullback, with the NULL
 * conventions, the symmetry of the Hessian and f32, on every layout; plus,
 * by hand, the rules' handling of labels and of dropout's p. */
#include "test_second.h"

static int failures;

#define EXPECT(cond)                                                            \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                         \
        }                                                                       \
    } while (0)

enum {
    OP_MATMUL, OP_BMM, OP_LINEAR, OP_SOFTMAX, OP_LOG_SOFTMAX, OP_CROSS_ENTROPY, OP_MSE, OP_CAT, OP_CONV, OP_MAX_POOL,
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

static adt_tensor *fw_op(adt_tensor *const *in, void *ctx)
{
    const Case *c = ctx;
    adt_tensor *bias = c->has_bias ? in[2] : NULL;
    switch (c->op) {
    case OP_MATMUL: return adt_matmul(in[0], in[1]);
    case OP_BMM: return adt_bmm(in[0], in[1]);
    case OP_LINEAR: return adt_linear(in[0], in[1], bias);
    case OP_SOFTMAX: return adt_softmax(in[0], c->dim);
    case OP_LOG_SOFTMAX: return adt_log_softmax(in[0], c->dim);
    case OP_CAT: return adt_cat(in[0], in[1], c->dim);
    case OP_CONV: return adt_conv2d(in[0], in[1], bias, c->stride, c->padding);
    case OP_MAX_POOL: return adt_max_pool2d(in[0], c->k, c->stride);
    case OP_AVG_POOL: return adt_avg_pool2d(in[0], c->k, c->stride);
    case OP_DROPOUT: return adt_clone(in[0]); /* like's shape */
    }
    abort();
}

static void pb_op(adt_tensor *const *in, adt_tensor *const *d, const SoSeed *seed, void *ctx)
{
    const Case *c = ctx;
    const adt_tensor *g = seed->t;
    adt_rng rng;
    adt_tensor *bias = c->has_bias ? in[2] : NULL, *d_bias = c->has_bias ? d[2] : NULL;
    switch (c->op) {
    case OP_MATMUL: adt_matmul_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_BMM: adt_bmm_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_LINEAR: adt_linear_pb(in[0], d[0], in[1], d[1], bias, d_bias, g); break;
    case OP_SOFTMAX: adt_softmax_pb(in[0], d[0], c->dim, g); break;
    case OP_LOG_SOFTMAX: adt_log_softmax_pb(in[0], d[0], c->dim, g); break;
    case OP_CROSS_ENTROPY: adt_cross_entropy_pb(in[0], d[0], in[1], d[1], seed->s); break;
    case OP_MSE: adt_mse_loss_pb(in[0], d[0], in[1], d[1], seed->s); break;
    case OP_CAT: adt_cat_pb(in[0], d[0], in[1], d[1], c->dim, g); break;
    case OP_CONV: adt_conv2d_pb(in[0], d[0], in[1], d[1], bias, d_bias, c->stride, c->padding, g); break;
    case OP_MAX_POOL: adt_max_pool2d_pb(in[0], d[0], c->k, c->stride, g); break;
    case OP_AVG_POOL: adt_avg_pool2d_pb(in[0], d[0], c->k, c->stride, g); break;
    case OP_DROPOUT: /* p's adjoint is refused: p is marked no_adj */
        adt_rng_seed(&rng, 9);
        adt_dropout_mask_pb(&rng, in[0], d[0], adt_item(in[1]), NULL, g);
        break;
    }
}

static void pbpf_op(adt_tensor *const *in, adt_tensor *const *t, adt_tensor *const *d, adt_tensor *const *td,
                    const SoSeed *seed, const SoSeed *t_seed, void *ctx)
{
    const Case *c = ctx;
    const adt_tensor *g = seed->t, *tg = so_t(t_seed);
    adt_rng rng;
    adt_tensor *bias = NULL, *t_bias = NULL, *d_bias = NULL, *td_bias = NULL;
    if (c->has_bias)
        bias = in[2], t_bias = t[2], d_bias = d[2], td_bias = td[2];
    switch (c->op) {
    case OP_MATMUL: adt_matmul_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_BMM: adt_bmm_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_LINEAR:
        adt_linear_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], bias, t_bias, d_bias, td_bias, g, tg);
        break;
    case OP_SOFTMAX: adt_softmax_pb_pf(in[0], t[0], d[0], td[0], c->dim, g, tg); break;
    case OP_LOG_SOFTMAX: adt_log_softmax_pb_pf(in[0], t[0], d[0], td[0], c->dim, g, tg); break;
    case OP_CROSS_ENTROPY:
        adt_cross_entropy_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], seed->s, so_s(t_seed));
        break;
    case OP_MSE: adt_mse_loss_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], seed->s, so_s(t_seed)); break;
    case OP_CAT: adt_cat_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], c->dim, g, tg); break;
    case OP_CONV:
        adt_conv2d_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], bias, t_bias, d_bias, td_bias, c->stride,
                         c->padding, g, tg);
        break;
    case OP_MAX_POOL: adt_max_pool2d_pb_pf(in[0], t[0], d[0], td[0], c->k, c->stride, g, tg); break;
    case OP_AVG_POOL: adt_avg_pool2d_pb_pf(in[0], t[0], d[0], td[0], c->k, c->stride, g, tg); break;
    case OP_DROPOUT:
        adt_rng_seed(&rng, 9);
        adt_dropout_mask_pb_pf(&rng, in[0], t[0], d[0], td[0], adt_item(in[1]), so_item(t[1]), NULL, NULL, g, tg);
        break;
    }
}

/* Runs the check on op with the given inputs (taken over and freed);
 * skip marks labels, no_adj dropout's p. */
static void run(const char *name, Case *c, int n, adt_tensor **in, int lay, const int *skip, const int *no_adj)
{
    int scalar = c->op == OP_CROSS_ENTROPY || c->op == OP_MSE;
    SoOp op = {.name = name, .n = n, .ctx = c, .op = scalar ? NULL : fw_op, .pullback = pb_op, .pb_pf = pbpf_op,
               .in_layout = (FdLayout)lay, .tan_layout = (FdLayout)((lay + 1) % 4),
               .adj_layout = (FdLayout)((lay + 2) % 4), .seed_layout = (FdLayout)((lay + 3) % 4),
               .rng_seed = (uint64_t)(c->op * 1000 + lay * 10 + n)};
    for (int k = 0; k < n; k++) {
        op.in[k] = in[k];
        op.skip[k] = skip ? skip[k] : 0;
        op.no_adj[k] = no_adj ? no_adj[k] : 0;
    }
    int f = SO_CHECK(&op, FD_TOL);
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
    adt_rng_seed(&rng, 1800);
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

/* ---- softmax, losses, cat ---- */

static void test_softmax_losses(void)
{
    static const int dims[] = {0, 1, 2, -1};
    adt_rng rng;
    adt_rng_seed(&rng, 1900);
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

static void test_cat(void)
{
    static const struct {
        int dim;
        int64_t a[3], b[3];
    } cases[] = {
        {1, {2, 3, 4}, {2, 5, 4}},
        {0, {1, 3, 4}, {2, 3, 4}},
        {-1, {2, 3, 4}, {2, 3, 1}},
        {2, {2, 3, 0}, {2, 3, 2}}, /* an empty part */
    };
    adt_rng rng;
    adt_rng_seed(&rng, 2000);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Case c = {.op = OP_CAT, .dim = cases[i].dim};
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[2] = {pf_randn(&rng, 3, cases[i].a, (FdLayout)lay),
                                 pf_randn(&rng, 3, cases[i].b, (FdLayout)((lay + 3) % 4))};
            run("cat", &c, 2, in, lay, NULL, NULL);
        }
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
    adt_rng_seed(&rng, 2100);
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

/* like's adjoint gets nothing and p has none (NULL d_p, t_d_p): the rule
 * adds nothing anywhere, whatever the tangents. */
static void test_dropout(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 2200);
    static const double ps[] = {0.3, 0.55};
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[2] = {pf_randn(&rng, 2, (int64_t[]){4, 5}, (FdLayout)lay), adt_full(ADT_F64, 0, NULL, ps[i])};
            run("dropout_mask", &(Case){.op = OP_DROPOUT}, 2, in, lay, NULL, (const int[]){0, 1});
        }
    /* as the pullback, the rule refuses p's adjoint, and its tangent's */
    adt_tensor *like = adt_ones(ADT_F64, 1, (int64_t[]){6}), *g = adt_ones(ADT_F64, 1, (int64_t[]){6});
    double d_p = 0, t_d_p = 0;
    FD_EXPECT_ERROR(failures, adt_dropout_mask_pb_pf(&rng, like, NULL, NULL, NULL, 0.5, 1, &d_p, NULL, g, NULL),
                    "adt_dropout_mask_pb: no derivative with respect to p");
    FD_EXPECT_ERROR(failures, adt_dropout_mask_pb_pf(&rng, like, NULL, NULL, NULL, 0.5, 1, NULL, &t_d_p, g, g),
                    "adt_dropout_mask_pb: no derivative with respect to p");
    EXPECT(d_p == 0 && t_d_p == 0);
    adt_free(like), adt_free(g);
}

/* ---- by hand ---- */

/* Labels are class indices: d_labels and t_d_labels get nothing, and a
 * labels tangent changes nothing. */
static void test_labels(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 2300);
    adt_tensor *x = pf_randn(&rng, 2, (int64_t[]){3, 4}, FD_CONTIG), *tx = pf_randn(&rng, 2, (int64_t[]){3, 4}, FD_PADDED);
    adt_tensor *labels = adt_from_buffer(ADT_F64, 1, (int64_t[]){3}, (double[]){2, 0, 3});
    adt_tensor *tl = pf_randn(&rng, 1, (int64_t[]){3}, FD_CONTIG);
    adt_tensor *dl = adt_full(ADT_F64, 1, (int64_t[]){3}, 0.5), *tdl = adt_full(ADT_F64, 1, (int64_t[]){3}, -0.5);
    adt_tensor *d1 = adt_zeros_like(x), *t1 = adt_zeros_like(x), *d2 = adt_zeros_like(x), *t2 = adt_zeros_like(x);
    adt_cross_entropy_pb_pf(x, tx, d1, t1, labels, NULL, NULL, NULL, 1.5, 0.25);
    adt_cross_entropy_pb_pf(x, tx, d2, t2, labels, tl, dl, tdl, 1.5, 0.25);
    EXPECT(so_max_diff(d1, d2) == 0 && so_max_diff(t1, t2) == 0 && so_max_abs(t1) > 0);
    EXPECT(adt_sum_all(dl) == 1.5 && adt_sum_all(tdl) == -1.5);
    adt_tensor *all[] = {x, tx, labels, tl, dl, tdl, d1, t1, d2, t2};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    test_linalg();
    test_softmax_losses();
    test_cat();
    test_conv_pool();
    test_dropout();
    test_labels();
    if (failures)
        fprintf(stderr, "test_second_nn: %d failures\n", failures);
    else
        printf("test_second_nn: ok\n");
    return failures != 0;
}
