/* test_pushforward.c: the forward rules (<op>_pf) of the elementwise ops,
 * the views, cat and the reductions, checked by test_pushforward.h against
 * finite differences, the op itself and the pullback, on every layout and
 * on broadcast shapes; plus the view rules' storage sharing and errors.
 * The linear-algebra, loss, convolution and dropout rules are in
 * test_pushforward_nn.c. */
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
    OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_TANH, OP_SIGMOID, OP_RELU, OP_ADD_S, OP_MUL_S, OP_POW_S, OP_POW_2, OP_CLAMP,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_SELECT, OP_NARROW, OP_TRANSPOSE, OP_PERMUTE, OP_VIEW, OP_RESHAPE, OP_CONTIGUOUS, OP_CAT,
    OP_SUM, OP_MEAN, OP_MAX, OP_SUM_ALL, OP_MEAN_ALL,
};

/* One op with its integer arguments. */
typedef struct Case {
    int op;
    int dim, dim1, keepdim;
    int64_t start, length;       /* select's index is start */
    int dims[ADT_MAX_DIMS];      /* permute */
    int ndim;                    /* view, reshape */
    int64_t shape[ADT_MAX_DIMS];
} Case;

/* A double parameter is a 0-d input; its tangent a 0-d tensor or NULL (0). */
static double item(const adt_tensor *t)
{
    return t ? adt_item(t) : 0.0;
}

/* A double adjoint lands in its 0-d tensor's adjoint. */
static void add_item(adt_tensor *d, double v)
{
    if (d)
        adt_set(d, NULL, adt_item(d) + v);
}

static adt_tensor *fw_op(adt_tensor *const *in, void *ctx)
{
    const Case *c = ctx;
    switch (c->op) {
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
    case OP_SELECT: return adt_select(in[0], c->dim, c->start);
    case OP_NARROW: return adt_narrow(in[0], c->dim, c->start, c->length);
    case OP_TRANSPOSE: return adt_transpose(in[0], c->dim, c->dim1);
    case OP_PERMUTE: return adt_permute(in[0], c->dims);
    case OP_VIEW: return adt_view(in[0], c->ndim, c->shape);
    case OP_RESHAPE: return adt_reshape(in[0], c->ndim, c->shape);
    case OP_CONTIGUOUS: return adt_contiguous(in[0]);
    case OP_CAT: return adt_cat(in[0], in[1], c->dim);
    case OP_SUM: return adt_sum(in[0], c->dim, c->keepdim);
    case OP_MEAN: return adt_mean(in[0], c->dim, c->keepdim);
    case OP_MAX: return adt_max(in[0], c->dim, c->keepdim);
    }
    abort();
}

static double fw_scalar(adt_tensor *const *in, void *ctx)
{
    return ((const Case *)ctx)->op == OP_SUM_ALL ? adt_sum_all(in[0]) : adt_mean_all(in[0]);
}

static adt_tensor *pf_op(adt_tensor *const *in, adt_tensor *const *t, adt_tensor **r, void *ctx)
{
    const Case *c = ctx;
    switch (c->op) {
    case OP_NEG: return adt_neg_pf(in[0], t[0], r);
    case OP_EXP: return adt_exp_pf(in[0], t[0], r);
    case OP_LOG: return adt_log_pf(in[0], t[0], r);
    case OP_SQRT: return adt_sqrt_pf(in[0], t[0], r);
    case OP_TANH: return adt_tanh_pf(in[0], t[0], r);
    case OP_SIGMOID: return adt_sigmoid_pf(in[0], t[0], r);
    case OP_RELU: return adt_relu_pf(in[0], t[0], r);
    case OP_ADD_S: return adt_add_scalar_pf(in[0], t[0], adt_item(in[1]), item(t[1]), r);
    case OP_MUL_S: return adt_mul_scalar_pf(in[0], t[0], adt_item(in[1]), item(t[1]), r);
    case OP_POW_S: return adt_pow_scalar_pf(in[0], t[0], adt_item(in[1]), item(t[1]), r);
    case OP_POW_2: return adt_pow_scalar_pf(in[0], t[0], 2, 0, r);
    case OP_CLAMP: return adt_clamp_pf(in[0], t[0], adt_item(in[1]), item(t[1]), adt_item(in[2]), item(t[2]), r);
    case OP_ADD: return adt_add_pf(in[0], t[0], in[1], t[1], r);
    case OP_SUB: return adt_sub_pf(in[0], t[0], in[1], t[1], r);
    case OP_MUL: return adt_mul_pf(in[0], t[0], in[1], t[1], r);
    case OP_DIV: return adt_div_pf(in[0], t[0], in[1], t[1], r);
    case OP_SELECT: return adt_select_pf(in[0], t[0], c->dim, c->start, r);
    case OP_NARROW: return adt_narrow_pf(in[0], t[0], c->dim, c->start, c->length, r);
    case OP_TRANSPOSE: return adt_transpose_pf(in[0], t[0], c->dim, c->dim1, r);
    case OP_PERMUTE: return adt_permute_pf(in[0], t[0], c->dims, r);
    case OP_VIEW: return adt_view_pf(in[0], t[0], c->ndim, c->shape, r);
    case OP_RESHAPE: return adt_reshape_pf(in[0], t[0], c->ndim, c->shape, r);
    case OP_CONTIGUOUS: return adt_contiguous_pf(in[0], t[0], r);
    case OP_CAT: return adt_cat_pf(in[0], t[0], in[1], t[1], c->dim, r);
    case OP_SUM: return adt_sum_pf(in[0], t[0], c->dim, c->keepdim, r);
    case OP_MEAN: return adt_mean_pf(in[0], t[0], c->dim, c->keepdim, r);
    case OP_MAX: return adt_max_pf(in[0], t[0], c->dim, c->keepdim, r);
    }
    abort();
}

static double pf_scalar(adt_tensor *const *in, adt_tensor *const *t, double *r, void *ctx)
{
    if (((const Case *)ctx)->op == OP_SUM_ALL)
        return adt_sum_all_pf(in[0], t[0], r);
    return adt_mean_all_pf(in[0], t[0], r);
}

static void pb_op(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *g, double gs, void *ctx)
{
    const Case *c = ctx;
    double d1 = 0, d2 = 0;
    double *p1 = d[1] && d[1]->ndim == 0 ? &d1 : NULL, *p2 = d[2] && d[2]->ndim == 0 ? &d2 : NULL;
    switch (c->op) {
    case OP_NEG: adt_neg_pb(in[0], d[0], g); break;
    case OP_EXP: adt_exp_pb(in[0], d[0], g); break;
    case OP_LOG: adt_log_pb(in[0], d[0], g); break;
    case OP_SQRT: adt_sqrt_pb(in[0], d[0], g); break;
    case OP_TANH: adt_tanh_pb(in[0], d[0], g); break;
    case OP_SIGMOID: adt_sigmoid_pb(in[0], d[0], g); break;
    case OP_RELU: adt_relu_pb(in[0], d[0], g); break;
    case OP_ADD_S: adt_add_scalar_pb(in[0], d[0], adt_item(in[1]), p1, g); break;
    case OP_MUL_S: adt_mul_scalar_pb(in[0], d[0], adt_item(in[1]), p1, g); break;
    case OP_POW_S: adt_pow_scalar_pb(in[0], d[0], adt_item(in[1]), p1, g); break;
    case OP_POW_2: adt_pow_scalar_pb(in[0], d[0], 2, NULL, g); break;
    case OP_CLAMP: adt_clamp_pb(in[0], d[0], adt_item(in[1]), p1, adt_item(in[2]), p2, g); break;
    case OP_ADD: adt_add_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_SUB: adt_sub_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_MUL: adt_mul_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_DIV: adt_div_pb(in[0], d[0], in[1], d[1], g); break;
    case OP_SELECT: adt_select_pb(in[0], d[0], c->dim, c->start, g); break;
    case OP_NARROW: adt_narrow_pb(in[0], d[0], c->dim, c->start, c->length, g); break;
    case OP_TRANSPOSE: adt_transpose_pb(in[0], d[0], c->dim, c->dim1, g); break;
    case OP_PERMUTE: adt_permute_pb(in[0], d[0], c->dims, g); break;
    case OP_VIEW: adt_view_pb(in[0], d[0], c->ndim, c->shape, g); break;
    case OP_RESHAPE: adt_reshape_pb(in[0], d[0], c->ndim, c->shape, g); break;
    case OP_CONTIGUOUS: adt_contiguous_pb(in[0], d[0], g); break;
    case OP_CAT: adt_cat_pb(in[0], d[0], in[1], d[1], c->dim, g); break;
    case OP_SUM: adt_sum_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_MEAN: adt_mean_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_MAX: adt_max_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_SUM_ALL: adt_sum_all_pb(in[0], d[0], gs); break;
    case OP_MEAN_ALL: adt_mean_all_pb(in[0], d[0], gs); break;
    }
    add_item(p1 ? d[1] : NULL, d1);
    add_item(p2 ? d[2] : NULL, d2);
}

/* Runs the check on op with the given inputs (taken over and freed). */
static void run(const char *name, Case *c, int n, adt_tensor **in, int lay)
{
    int scalar = c->op == OP_SUM_ALL || c->op == OP_MEAN_ALL;
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
    for (int k = 0; k < n; k++)
        op.in[k] = in[k];
    int f = PF_CHECK(&op, FD_TOL);
    if (f)
        fprintf(stderr, "  (%s, input layout %d)\n", name, lay);
    failures += f;
    for (int k = 0; k < n; k++)
        adt_free(in[k]);
}

/* ---- elementwise ---- */

static void check_unary(const char *name, int opc, Domain dom, int nparams, const double *params)
{
    adt_rng rng;
    adt_rng_seed(&rng, 300 + (uint64_t)opc);
    Case c = {.op = opc};
    for (int lay = 0; lay < 4; lay++) {
        adt_tensor *in[3];
        in[0] = pf_randn(&rng, 3, (int64_t[]){2, 3, 4}, (FdLayout)lay);
        fd_to_domain(in[0], dom);
        for (int p = 0; p < nparams; p++)
            in[1 + p] = adt_full(ADT_F64, 0, NULL, params[p]);
        run(name, &c, 1 + nparams, in, lay);
    }
}

static void check_binary(const char *name, int opc, Domain dom_b)
{
    static const struct {
        int na, nb;
        int64_t a[3], b[3];
    } cases[] = {
        {2, 2, {3, 4}, {3, 4}},       /* same shape */
        {3, 2, {2, 3, 4}, {3, 1}},    /* b broadcast over a leading and a trailing dim */
        {2, 3, {3, 1}, {2, 1, 4}},    /* both broadcast */
        {1, 2, {4}, {3, 4}},          /* a missing a leading dim */
        {0, 2, {0}, {2, 3}},          /* a 0-d a */
    };
    adt_rng rng;
    adt_rng_seed(&rng, 400 + (uint64_t)opc);
    Case c = {.op = opc};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[2];
            in[0] = pf_randn(&rng, cases[i].na, cases[i].a, (FdLayout)lay);
            in[1] = pf_randn(&rng, cases[i].nb, cases[i].b, (FdLayout)((lay + 2) % 4));
            fd_to_domain(in[1], dom_b);
            run(name, &c, 2, in, lay);
        }
    }
}

static void test_elementwise(void)
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
    check_unary("pow_scalar(2.5)", OP_POW_S, DOM_POSITIVE, 1, (double[]){2.5});
    check_unary("pow_scalar(-1.5)", OP_POW_S, DOM_POSITIVE, 1, (double[]){-1.5});
    check_unary("pow_scalar(2)", OP_POW_2, DOM_ANY, 0, NULL);
    check_unary("clamp", OP_CLAMP, DOM_AWAY_FROM_BOUNDS, 2, (double[]){-0.5, 0.5});
    check_binary("add", OP_ADD, DOM_ANY);
    check_binary("sub", OP_SUB, DOM_ANY);
    check_binary("mul", OP_MUL, DOM_ANY);
    check_binary("div", OP_DIV, DOM_POSITIVE);
}

/* ---- views, cat ---- */

static void check_view_op(const char *name, Case *c)
{
    adt_rng rng;
    adt_rng_seed(&rng, 500 + (uint64_t)c->op);
    for (int lay = 0; lay < 4; lay++) {
        adt_tensor *in[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, (FdLayout)lay)};
        run(name, c, 1, in, lay);
    }
}

static void test_views(void)
{
    check_view_op("select", &(Case){.op = OP_SELECT, .dim = 1, .start = 2});
    check_view_op("select(-1, -1)", &(Case){.op = OP_SELECT, .dim = -1, .start = -1});
    check_view_op("narrow", &(Case){.op = OP_NARROW, .dim = 2, .start = 1, .length = 3});
    check_view_op("narrow(0)", &(Case){.op = OP_NARROW, .dim = 0, .start = -2, .length = 2});
    check_view_op("transpose", &(Case){.op = OP_TRANSPOSE, .dim = 0, .dim1 = 2});
    check_view_op("permute", &(Case){.op = OP_PERMUTE, .dims = {2, 0, 1}});
    /* splitting a dimension is a view in every layout */
    check_view_op("view", &(Case){.op = OP_VIEW, .ndim = 4, .shape = {3, 2, 2, 5}});
    check_view_op("view(-1)", &(Case){.op = OP_VIEW, .ndim = 4, .shape = {3, -1, 2, 5}});
    /* merging needs a copy in some layouts: reshape's primal and tangent */
    check_view_op("reshape", &(Case){.op = OP_RESHAPE, .ndim = 2, .shape = {12, 5}});
    check_view_op("reshape(-1)", &(Case){.op = OP_RESHAPE, .ndim = 1, .shape = {-1}});
    check_view_op("reshape(split)", &(Case){.op = OP_RESHAPE, .ndim = 3, .shape = {3, 20, 1}});
    check_view_op("contiguous", &(Case){.op = OP_CONTIGUOUS});

    /* view merging dimensions: t contiguous, its tangent in every layout */
    adt_rng rng;
    adt_rng_seed(&rng, 555);
    Case c = {.op = OP_VIEW, .ndim = 2, .shape = {3, 20}};
    for (int tl = 0; tl < 4; tl++) { /* run() puts tangents in layout (lay + 1) % 4 */
        adt_tensor *in[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, FD_CONTIG)};
        run("view(merge)", &c, 1, in, (tl + 3) % 4);
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
    adt_rng_seed(&rng, 600);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Case c = {.op = OP_CAT, .dim = cases[i].dim};
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[2] = {pf_randn(&rng, 3, cases[i].a, (FdLayout)lay),
                                 pf_randn(&rng, 3, cases[i].b, (FdLayout)((lay + 3) % 4))};
            run("cat", &c, 2, in, lay);
        }
    }
}

/* ---- reductions ---- */

static void test_reductions(void)
{
    static const struct {
        const char *name;
        int op;
    } ops[] = {{"sum", OP_SUM}, {"mean", OP_MEAN}, {"max", OP_MAX}};
    static const int dims[] = {0, 1, 2, -1};
    adt_rng rng;
    adt_rng_seed(&rng, 700);
    for (size_t o = 0; o < sizeof ops / sizeof *ops; o++)
        for (size_t d = 0; d < sizeof dims / sizeof *dims; d++)
            for (int keep = 0; keep < 2; keep++) {
                Case c = {.op = ops[o].op, .dim = dims[d], .keepdim = keep};
                for (int lay = 0; lay < 4; lay++) {
                    adt_tensor *in[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, (FdLayout)lay)};
                    if (ops[o].op == OP_MAX)
                        fd_spread_values(&rng, in[0]);
                    run(ops[o].name, &c, 1, in, lay);
                }
            }
    Case all[] = {{.op = OP_SUM_ALL}, {.op = OP_MEAN_ALL}};
    for (int i = 0; i < 2; i++)
        for (int lay = 0; lay < 4; lay++) {
            adt_tensor *in[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, (FdLayout)lay)};
            run(i == 0 ? "sum_all" : "mean_all", &all[i], 1, in, lay);
        }
}

/* ---- by hand ---- */

/* Views: the primal views t's storage, the tangent t_t's; NULL gives zeros. */
static void test_view_sharing(void)
{
    adt_tensor *t = adt_arange(ADT_F64, 0, 24, 1), *tt = adt_arange(ADT_F64, 100, 124, 1);
    adt_tensor *t3 = adt_view(t, 3, (int64_t[]){2, 3, 4}), *tt3 = adt_view(tt, 3, (int64_t[]){2, 3, 4});
    adt_tensor *r, *y = adt_transpose_pf(t3, tt3, 0, 2, &r);
    EXPECT(y->storage == t->storage && r->storage == tt->storage);
    EXPECT(adt_get(r, (int64_t[]){3, 1, 0}) == 107 && adt_get(y, (int64_t[]){3, 1, 0}) == 7);
    adt_free(y), adt_free(r);
    y = adt_select_pf(t3, NULL, 1, 1, &r);
    EXPECT(y->storage == t->storage && r->storage != tt->storage && r->ndim == 2 && r->shape[1] == 4);
    EXPECT(adt_sum_all(r) == 0);
    adt_free(y), adt_free(r);
    /* contiguous: t_t itself when contiguous, else a copy */
    y = adt_contiguous_pf(t3, tt3, &r);
    EXPECT(y == t3 && r == tt3);
    adt_free(y), adt_free(r);
    adt_tensor *tr = adt_transpose(tt3, 1, 2), *tr0 = adt_transpose(t3, 1, 2);
    y = adt_contiguous_pf(tr0, tr, &r);
    EXPECT(r != tr && adt_is_contiguous(r) && adt_get(r, (int64_t[]){1, 3, 2}) == 123);
    adt_free(y), adt_free(r);
    /* view of a contiguous t whose tangent cannot be viewed: a copy */
    y = adt_view_pf(t3, NULL, 2, (int64_t[]){6, 4}, &r);
    EXPECT(r->ndim == 2 && r->shape[0] == 6 && adt_sum_all(r) == 0);
    adt_free(y), adt_free(r);
    adt_tensor *tc = adt_contiguous(tr0);
    y = adt_view_pf(tc, tr, 1, (int64_t[]){-1}, &r);
    EXPECT(y->storage == tc->storage && r->storage != tt->storage && adt_get(r, (int64_t[]){1}) == 104);
    adt_free(y), adt_free(r);
    adt_tensor *all[] = {t, tt, t3, tt3, tr, tr0, tc};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

/* Doubles: t_ret is always set; values by hand. */
static void test_scalar_values(void)
{
    adt_tensor *a = adt_arange(ADT_F64, 1, 5, 1), *ta = adt_ones(ADT_F64, 1, (int64_t[]){4});
    double t = -1;
    EXPECT(adt_sum_all_pf(a, ta, &t) == 10 && t == 4);
    EXPECT(adt_mean_all_pf(a, NULL, &t) == 2.5 && t == 0);
    adt_tensor *r, *y = adt_mul_scalar_pf(a, NULL, 3, 2, &r); /* t = 2 a */
    EXPECT(adt_get(y, (int64_t[]){3}) == 12 && adt_get(r, (int64_t[]){3}) == 8);
    adt_free(y), adt_free(r);
    y = adt_pow_scalar_pf(a, ta, 2, 0, &r); /* t = 2 a */
    EXPECT(adt_get(r, (int64_t[]){2}) == 6);
    adt_free(y), adt_free(r);
    adt_free(a), adt_free(ta);
}

static void test_errors(void)
{
    adt_tensor *a = adt_ones(ADT_F64, 2, (int64_t[]){2, 3}), *b = adt_ones(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *wrong = adt_ones(ADT_F64, 1, (int64_t[]){2}), *a32 = adt_ones(ADT_F32, 2, (int64_t[]){2, 3});
    adt_tensor *r = NULL;
    double s;
    FD_EXPECT_ERROR(failures, adt_exp_pf(a, NULL, NULL), "adt_exp_pf: t_ret is NULL");
    FD_EXPECT_ERROR(failures, adt_exp_pf(a, wrong, &r), "adt_exp_pf: t_a has shape [2] but a has shape [2, 3]");
    FD_EXPECT_ERROR(failures, adt_tanh_pf(a, a32, &r), "adt_tanh_pf");
    FD_EXPECT_ERROR(failures, adt_clamp_pf(a, NULL, 1, 0, 0, 0, &r), "adt_clamp_pf: bounds");
    FD_EXPECT_ERROR(failures, adt_mul_pf(a, NULL, b, a, &r), "adt_mul_pf: t_b has shape [2, 3] but b has shape [3]");
    FD_EXPECT_ERROR(failures, adt_add_pf(a, NULL, wrong, NULL, &r), "cannot be broadcast");
    FD_EXPECT_ERROR(failures, adt_select_pf(a, b, 0, 0, &r), "adt_select_pf: t_t has shape [3]");
    FD_EXPECT_ERROR(failures, adt_view_pf(a, NULL, 1, (int64_t[]){5}, &r), "adt_view_pf: shape [5] is invalid");
    FD_EXPECT_ERROR(failures, adt_cat_pf(a, b, a, NULL, 0, &r), "adt_cat_pf: t_a has shape [3]");
    FD_EXPECT_ERROR(failures, adt_max_pf(a, NULL, 2, 0, &r), "adt_max_pf");
    FD_EXPECT_ERROR(failures, adt_sum_all_pf(a, NULL, NULL), "adt_sum_all_pf: t_ret is NULL");
    FD_EXPECT_ERROR(failures, adt_mean_all_pf(a, b, &s), "adt_mean_all_pf: t_a has shape [3]");
    EXPECT(r == NULL);
    adt_free(a), adt_free(b), adt_free(wrong), adt_free(a32);
}

int main(void)
{
    test_elementwise();
    test_views();
    test_cat();
    test_reductions();
    test_view_sharing();
    test_scalar_values();
    test_errors();
    if (failures)
        fprintf(stderr, "test_pushforward: %d failures\n", failures);
    else
        printf("test_pushforward: ok\n");
    return failures != 0;
}
