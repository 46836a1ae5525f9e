/* test_second.c: the second-order rules (<op>_pb_pf, the forward rules of
 * the pullbacks, runtime/adt_second.c) of the views, the elementwise ops
 * and the reductions, checked by test_second.h against the pullback alone
 * and against finite differences of the pullback, with the NULL
 * conventions, the symmetry of the Hessian and f32, on every layout and on
 * broadcast shapes. The rules of linear algebra, softmax, the losses, cat,
 * convolution, pooling and dropout are checked in test_second_nn.c. */
#include "test_second.h"

static int failures;

enum {
    OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_TANH, OP_SIGMOID, OP_RELU, OP_ADD_S, OP_MUL_S, OP_POW_S, OP_POW_3, OP_CLAMP,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_SELECT, OP_NARROW, OP_TRANSPOSE, OP_PERMUTE, OP_VIEW, OP_RESHAPE, OP_CONTIGUOUS,
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
    int contig_in;               /* the input is contiguous in every run (view merging dimensions) */
} Case;

/* The number of double parameters (0-d inputs after x). */
static int n_params(int op)
{
    return op == OP_CLAMP ? 2 : op == OP_ADD_S || op == OP_MUL_S || op == OP_POW_S ? 1 : 0;
}

static adt_tensor *fw_op(adt_tensor *const *in, void *ctx)
{
    const Case *c = ctx;
    switch (c->op) {
    case OP_SELECT: return adt_select(in[0], c->dim, c->start);
    case OP_NARROW: return adt_narrow(in[0], c->dim, c->start, c->length);
    case OP_TRANSPOSE: return adt_transpose(in[0], c->dim, c->dim1);
    case OP_PERMUTE: return adt_permute(in[0], c->dims);
    case OP_VIEW: return adt_view(in[0], c->ndim, c->shape);
    case OP_RESHAPE: return adt_reshape(in[0], c->ndim, c->shape);
    case OP_SUM: return adt_sum(in[0], c->dim, c->keepdim);
    case OP_MEAN: return adt_mean(in[0], c->dim, c->keepdim);
    case OP_MAX: return adt_max(in[0], c->dim, c->keepdim);
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: return adt_add(in[0], in[1]); /* the broadcast shape */
    default: return adt_clone(in[0]); /* the elementwise ops and contiguous: x's shape */
    }
}

/* The pullback; a double adjoint is a 0-d tensor (d[1], d[2]). */
static void pb_op(adt_tensor *const *in, adt_tensor *const *d, const SoSeed *seed, void *ctx)
{
    const Case *c = ctx;
    const adt_tensor *g = seed->t;
    int np = n_params(c->op);
    double d1, d2, *p1 = np > 0 ? so_ref(d[1], &d1) : NULL, *p2 = np > 1 ? so_ref(d[2], &d2) : NULL;
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
    case OP_POW_3: adt_pow_scalar_pb(in[0], d[0], 3, NULL, g); break;
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
    case OP_SUM: adt_sum_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_MEAN: adt_mean_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_MAX: adt_max_pb(in[0], d[0], c->dim, c->keepdim, g); break;
    case OP_SUM_ALL: adt_sum_all_pb(in[0], d[0], seed->s); break;
    case OP_MEAN_ALL: adt_mean_all_pb(in[0], d[0], seed->s); break;
    }
    if (np > 0)
        so_store(d[1], p1);
    if (np > 1)
        so_store(d[2], p2);
}

/* Its forward rule: t are the inputs' tangents, td the adjoints'. */
static void pbpf_op(adt_tensor *const *in, adt_tensor *const *t, adt_tensor *const *d, adt_tensor *const *td,
                    const SoSeed *seed, const SoSeed *t_seed, void *ctx)
{
    const Case *c = ctx;
    const adt_tensor *g = seed->t, *tg = so_t(t_seed);
    int np = n_params(c->op);
    double d1, d2, q1, q2, s1 = 0, s2 = 0, t1 = 0, t2 = 0, *p1 = NULL, *p2 = NULL, *r1 = NULL, *r2 = NULL;
    if (np > 0)
        p1 = so_ref(d[1], &d1), r1 = so_ref(td[1], &q1), s1 = adt_item(in[1]), t1 = so_item(t[1]);
    if (np > 1)
        p2 = so_ref(d[2], &d2), r2 = so_ref(td[2], &q2), s2 = adt_item(in[2]), t2 = so_item(t[2]);
    switch (c->op) {
    case OP_NEG: adt_neg_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_EXP: adt_exp_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_LOG: adt_log_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_SQRT: adt_sqrt_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_TANH: adt_tanh_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_SIGMOID: adt_sigmoid_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_RELU: adt_relu_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_ADD_S: adt_add_scalar_pb_pf(in[0], t[0], d[0], td[0], s1, t1, p1, r1, g, tg); break;
    case OP_MUL_S: adt_mul_scalar_pb_pf(in[0], t[0], d[0], td[0], s1, t1, p1, r1, g, tg); break;
    case OP_POW_S: adt_pow_scalar_pb_pf(in[0], t[0], d[0], td[0], s1, t1, p1, r1, g, tg); break;
    case OP_POW_3: adt_pow_scalar_pb_pf(in[0], t[0], d[0], td[0], 3, 0, NULL, NULL, g, tg); break;
    case OP_CLAMP: adt_clamp_pb_pf(in[0], t[0], d[0], td[0], s1, t1, p1, r1, s2, t2, p2, r2, g, tg); break;
    case OP_ADD: adt_add_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_SUB: adt_sub_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_MUL: adt_mul_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_DIV: adt_div_pb_pf(in[0], t[0], d[0], td[0], in[1], t[1], d[1], td[1], g, tg); break;
    case OP_SELECT: adt_select_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->start, g, tg); break;
    case OP_NARROW: adt_narrow_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->start, c->length, g, tg); break;
    case OP_TRANSPOSE: adt_transpose_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->dim1, g, tg); break;
    case OP_PERMUTE: adt_permute_pb_pf(in[0], t[0], d[0], td[0], c->dims, g, tg); break;
    case OP_VIEW: adt_view_pb_pf(in[0], t[0], d[0], td[0], c->ndim, c->shape, g, tg); break;
    case OP_RESHAPE: adt_reshape_pb_pf(in[0], t[0], d[0], td[0], c->ndim, c->shape, g, tg); break;
    case OP_CONTIGUOUS: adt_contiguous_pb_pf(in[0], t[0], d[0], td[0], g, tg); break;
    case OP_SUM: adt_sum_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->keepdim, g, tg); break;
    case OP_MEAN: adt_mean_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->keepdim, g, tg); break;
    case OP_MAX: adt_max_pb_pf(in[0], t[0], d[0], td[0], c->dim, c->keepdim, g, tg); break;
    case OP_SUM_ALL: adt_sum_all_pb_pf(in[0], t[0], d[0], td[0], seed->s, so_s(t_seed)); break;
    case OP_MEAN_ALL: adt_mean_all_pb_pf(in[0], t[0], d[0], td[0], seed->s, so_s(t_seed)); break;
    }
    if (np > 0)
        so_store(d[1], p1), so_store(td[1], r1);
    if (np > 1)
        so_store(d[2], p2), so_store(td[2], r2);
}

/* Runs the check on op with the given inputs (taken over and freed). */
static void run(const char *name, Case *c, int n, adt_tensor **in, int lay)
{
    int scalar = c->op == OP_SUM_ALL || c->op == OP_MEAN_ALL;
    SoOp op = {.name = name, .n = n, .ctx = c, .op = scalar ? NULL : fw_op, .pullback = pb_op, .pb_pf = pbpf_op,
               .in_layout = c->contig_in ? FD_CONTIG : (FdLayout)lay, .tan_layout = (FdLayout)((lay + 1) % 4),
               .adj_layout = (FdLayout)((lay + 2) % 4), .seed_layout = (FdLayout)((lay + 3) % 4),
               .rng_seed = (uint64_t)(c->op * 1000 + lay * 10 + n)};
    for (int k = 0; k < n; k++)
        op.in[k] = in[k];
    int f = SO_CHECK(&op, FD_TOL);
    if (f)
        fprintf(stderr, "  (%s, input layout %d)\n", name, lay);
    failures += f;
    for (int k = 0; k < n; k++)
        adt_free(in[k]);
}

/* ---- elementwise ---- */

/* A unary op, its double parameters as 0-d inputs after x. */
static void check_unary(const char *name, int opc, Domain dom, int nparams, const double *params)
{
    adt_rng rng;
    adt_rng_seed(&rng, 1300 + (uint64_t)opc);
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
    adt_rng_seed(&rng, 1400 + (uint64_t)opc);
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
    check_unary("pow_scalar(1)", OP_POW_S, DOM_POSITIVE, 1, (double[]){1.0});
    /* a constant exponent: no log is formed, so a may be negative */
    check_unary("pow_scalar(3, constant)", OP_POW_3, DOM_ANY, 0, NULL);
    check_unary("clamp", OP_CLAMP, DOM_AWAY_FROM_BOUNDS, 2, (double[]){-0.5, 0.5});
    check_binary("add", OP_ADD, DOM_ANY);
    check_binary("sub", OP_SUB, DOM_ANY);
    check_binary("mul", OP_MUL, DOM_ANY);
    check_binary("div", OP_DIV, DOM_POSITIVE);
}

/* ---- views ---- */

static void check_view_op(const char *name, Case *c)
{
    adt_rng rng;
    adt_rng_seed(&rng, 1500 + (uint64_t)c->op);
    for (int lay = 0; lay < 4; lay++) {
        adt_tensor *in[1] = {pf_randn(&rng, 3, (int64_t[]){3, 4, 5}, c->contig_in ? FD_CONTIG : (FdLayout)lay)};
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
    /* merging dimensions is a view of a contiguous t only */
    check_view_op("view(merge)", &(Case){.op = OP_VIEW, .ndim = 2, .shape = {3, 20}, .contig_in = 1});
    check_view_op("reshape", &(Case){.op = OP_RESHAPE, .ndim = 2, .shape = {12, 5}});
    check_view_op("reshape(-1)", &(Case){.op = OP_RESHAPE, .ndim = 1, .shape = {-1}});
    check_view_op("contiguous", &(Case){.op = OP_CONTIGUOUS});
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
    adt_rng_seed(&rng, 1700);
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

int main(void)
{
    test_elementwise();
    test_views();
    test_reductions();
    if (failures)
        fprintf(stderr, "test_second: %d failures\n", failures);
    else
        printf("test_second: ok\n");
    return failures != 0;
}
