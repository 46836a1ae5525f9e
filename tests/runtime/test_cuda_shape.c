/* test_cuda_shape.c (ctest gpu.cuda_shape, label gpu): bmm on cuBLAS,
 * concatenation and the views' rules on the CUDA device against the CPU
 * on seeded data (f64 relative error <= 1e-10, f32 <= 1e-4): bmm with
 * plain, transposed, batch-inner and packed (no unit stride) operands and
 * adjoints, empty batches and products; cat along every dimension with its
 * pullback and forward rules; every view's pullback into non-zero and
 * non-contiguous adjoints, its forward rule and second-order rule; NULL
 * adjoints; and the errors (mixed devices, bmm's forward rule). Adjoints
 * are compared through their whole base tensors, so writes outside a view
 * show. Exits 77 (skipped) without a device (cuda_check.h). */
#include "cuda_check.h"

#define FREE_ALL(...)                                                                                              \
    free_all((adt_tensor *[]){__VA_ARGS__}, sizeof((adt_tensor *[]){__VA_ARGS__}) / sizeof(adt_tensor *))

static void free_all(adt_tensor *const *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adt_free(t[i]);
}

/* ---- operands in several layouts, the same values on both sides ---- */

typedef enum { PLAIN, TRANSPOSED, BATCH_INNER, NO_UNIT, NLAYOUTS } Layout;
static const char *const layout_names[] = {"plain", "transposed", "batch-inner", "no unit stride"};

/* A [b, r, c] view v (CPU) and v_dev (device) of random bases laid out as
 * named: row-major, each matrix transposed, the batch dimension innermost
 * but one, or every other element of a larger tensor. */
typedef struct Operand3 {
    adt_tensor *base, *base_dev, *v, *v_dev;
} Operand3;

static adt_tensor *view3(const adt_tensor *base, Layout lay)
{
    switch (lay) {
    case PLAIN:
        return adt_retain((adt_tensor *)base);
    case TRANSPOSED:
        return adt_transpose(base, 1, 2);
    case BATCH_INNER:
        return adt_permute(base, (int[]){1, 0, 2});
    case NO_UNIT:
        return adt_select(base, 3, 1);
    case NLAYOUTS:
        break;
    }
    return NULL;
}

static Operand3 make3(adt_dtype dt, Layout lay, int64_t b, int64_t r, int64_t c)
{
    Operand3 o;
    switch (lay) {
    case PLAIN:
    case NLAYOUTS:
        o.base = randn(dt, 3, (int64_t[]){b, r, c});
        break;
    case TRANSPOSED:
        o.base = randn(dt, 3, (int64_t[]){b, c, r});
        break;
    case BATCH_INNER:
        o.base = randn(dt, 3, (int64_t[]){r, b, c});
        break;
    case NO_UNIT:
        o.base = randn(dt, 4, (int64_t[]){b, r, c, 2});
        break;
    }
    o.base_dev = dev(o.base);
    o.v = view3(o.base, lay);
    o.v_dev = view3(o.base_dev, lay);
    return o;
}

static void free3(Operand3 *o)
{
    FREE_ALL(o->base, o->base_dev, o->v, o->v_dev);
}

/* ---- bmm ---- */

static void check_bmm(adt_dtype dt, int64_t nb, int64_t m, int64_t k, int64_t n, Layout la, Layout lb, Layout ld)
{
    char what[160];
    Operand3 a = make3(dt, la, nb, m, k), b = make3(dt, lb, nb, k, n);
    adt_tensor *c = adt_bmm(a.v, b.v), *c_dev = adt_bmm(a.v_dev, b.v_dev);
    snprintf(what, sizeof what, "adt_bmm [%lld, %lld, %lld] x [.., %lld] (a %s, b %s)", (long long)nb, (long long)m,
             (long long)k, (long long)n, layout_names[la], layout_names[lb]);
    check_close(what, c, c_dev);
    /* adjoints in layout ld, accumulated into their random values */
    adt_tensor *g = randn(dt, 3, c->shape), *g_dev = dev(g);
    Operand3 da = make3(dt, ld, nb, m, k), db = make3(dt, ld, nb, k, n);
    adt_bmm_pb(a.v, da.v, b.v, db.v, g);
    adt_bmm_pb(a.v_dev, da.v_dev, b.v_dev, db.v_dev, g_dev);
    adt_bmm_pb(a.v_dev, NULL, b.v_dev, NULL, g_dev); /* not wanted: nothing happens */
    snprintf(what, sizeof what, "adt_bmm_pb d_a (a %s, b %s, adjoints %s)", layout_names[la], layout_names[lb],
             layout_names[ld]);
    check_close(what, da.base, da.base_dev);
    snprintf(what, sizeof what, "adt_bmm_pb d_b (a %s, b %s, adjoints %s)", layout_names[la], layout_names[lb],
             layout_names[ld]);
    check_close(what, db.base, db.base_dev);
    free3(&a);
    free3(&b);
    free3(&da);
    free3(&db);
    FREE_ALL(c, c_dev, g, g_dev);
}

static void test_bmm(adt_dtype dt)
{
    for (int la = 0; la < NLAYOUTS; la++)
        for (int lb = 0; lb < NLAYOUTS; lb++)
            check_bmm(dt, 3, 4, 5, 6, (Layout)la, (Layout)lb, (Layout)((la + lb) % NLAYOUTS));
    for (int ld = 0; ld < NLAYOUTS; ld++) {
        check_bmm(dt, 2, 64, 130, 33, PLAIN, TRANSPOSED, (Layout)ld);
        check_bmm(dt, 4, 1, 7, 1, TRANSPOSED, PLAIN, (Layout)ld);
    }
    check_bmm(dt, 1, 5, 3, 2, BATCH_INNER, NO_UNIT, TRANSPOSED); /* a batch of 1: plain gemm */
    check_bmm(dt, 5, 3, 0, 4, PLAIN, PLAIN, PLAIN);              /* k = 0: zeros */
    check_bmm(dt, 0, 3, 2, 4, PLAIN, TRANSPOSED, PLAIN);         /* no batch */
    check_bmm(dt, 3, 0, 2, 4, PLAIN, PLAIN, TRANSPOSED);         /* empty products */
}

/* ---- cat ---- */

static void check_cat(const char *what, const adt_tensor *a, const adt_tensor *a_dev, const adt_tensor *b,
                      const adt_tensor *b_dev, int dim)
{
    char msg[160];
    adt_dtype dt = a->dtype;
    adt_tensor *y = adt_cat(a, b, dim), *y_dev = adt_cat(a_dev, b_dev, dim);
    snprintf(msg, sizeof msg, "adt_cat (%s, dim %d)", what, dim);
    check_close(msg, y, y_dev);
    adt_tensor *g = randn(dt, y->ndim, y->shape), *g_dev = dev(g);
    adt_tensor *da = randn(dt, a->ndim, a->shape), *da_dev = dev(da);
    adt_tensor *db = randn(dt, b->ndim, b->shape), *db_dev = dev(db);
    adt_cat_pb(a, da, b, db, dim, g);
    adt_cat_pb(a_dev, da_dev, b_dev, db_dev, dim, g_dev);
    adt_cat_pb(a, NULL, b, db, dim, g);
    adt_cat_pb(a_dev, NULL, b_dev, db_dev, dim, g_dev);
    snprintf(msg, sizeof msg, "adt_cat_pb d_a (%s, dim %d)", what, dim);
    check_close(msg, da, da_dev);
    snprintf(msg, sizeof msg, "adt_cat_pb d_b (%s, dim %d)", what, dim);
    check_close(msg, db, db_dev);
    /* the forward rule, with b's tangent zero */
    adt_tensor *ta = randn(dt, a->ndim, a->shape), *ta_dev = dev(ta), *t = NULL, *t_dev = NULL;
    adt_tensor *y2 = adt_cat_pf(a, ta, b, NULL, dim, &t), *y2_dev = adt_cat_pf(a_dev, ta_dev, b_dev, NULL, dim, &t_dev);
    snprintf(msg, sizeof msg, "adt_cat_pf (%s, dim %d)", what, dim);
    check_close(msg, y2, y2_dev);
    check_close(msg, t, t_dev);
    /* the second-order rule: the pullback, and again seeded with the seed's tangent */
    adt_tensor *tg = randn(dt, y->ndim, y->shape), *tg_dev = dev(tg);
    adt_tensor *tda = randn(dt, a->ndim, a->shape), *tda_dev = dev(tda);
    adt_cat_pb_pf(a, ta, da, tda, b, NULL, db, NULL, dim, g, tg);
    adt_cat_pb_pf(a_dev, ta_dev, da_dev, tda_dev, b_dev, NULL, db_dev, NULL, dim, g_dev, tg_dev);
    snprintf(msg, sizeof msg, "adt_cat_pb_pf (%s, dim %d)", what, dim);
    check_close(msg, da, da_dev);
    check_close(msg, tda, tda_dev);
    check_close(msg, db, db_dev);
    FREE_ALL(y, y_dev, g, g_dev, da, da_dev, db, db_dev, ta, ta_dev, t, t_dev, y2, y2_dev, tg, tg_dev, tda, tda_dev);
}

static void test_cat(adt_dtype dt)
{
    static const struct { int ndim; int64_t sa[3], sb[3]; int dim; } cases[] = {
        {2, {3, 4}, {3, 5}, 1},       {2, {2, 4}, {3, 4}, 0},       {3, {2, 3, 4}, {2, 3, 1}, 2},
        {3, {2, 1, 4}, {2, 5, 4}, 1}, {3, {5, 3, 4}, {1, 3, 4}, 0}, {3, {2, 3, 4}, {2, 3, 2}, -1},
        {1, {7}, {0}, 0},             {2, {300, 70}, {300, 90}, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        adt_tensor *a = randn(dt, cases[c].ndim, cases[c].sa), *b = randn(dt, cases[c].ndim, cases[c].sb);
        adt_tensor *a_dev = dev(a), *b_dev = dev(b);
        check_cat("randn", a, a_dev, b, b_dev, cases[c].dim);
        FREE_ALL(a, b, a_dev, b_dev);
    }
    /* non-contiguous operands */
    adt_tensor *base = randn(dt, 2, (int64_t[]){6, 4}), *base_dev = dev(base);
    adt_tensor *a = adt_transpose(base, 0, 1), *a_dev = adt_transpose(base_dev, 0, 1);
    adt_tensor *other = randn(dt, 2, (int64_t[]){4, 9}), *other_dev = dev(other);
    adt_tensor *b = adt_narrow(other, 1, 2, 5), *b_dev = adt_narrow(other_dev, 1, 2, 5);
    check_cat("a transposed, b narrowed", a, a_dev, b, b_dev, 1);
    check_cat("both transposed", a, a_dev, a, a_dev, 0);
    FREE_ALL(base, base_dev, a, a_dev, other, other_dev, b, b_dev);
}

/* ---- views: pullbacks, forward rules, second-order rules ---- */

typedef struct ViewOp {
    const char *name;
    int needs_view; /* adt_view: only for inputs whose strides allow it */
    adt_tensor *(*f)(const adt_tensor *t);
    void (*pb)(const adt_tensor *t, adt_tensor *d_t, const adt_tensor *d_ret);
    adt_tensor *(*pf)(const adt_tensor *t, const adt_tensor *t_t, adt_tensor **t_ret);
    void (*pb_pf)(const adt_tensor *t, adt_tensor *d_t, adt_tensor *t_d_t, const adt_tensor *d_ret,
                  const adt_tensor *t_d_ret);
} ViewOp;

static const int perm[] = {2, 0, 1};
static const int64_t view_shape[] = {12, 5}, reshape_shape[] = {6, 10};

static adt_tensor *f_select(const adt_tensor *t) { return adt_select(t, 1, 2); }
static adt_tensor *f_narrow(const adt_tensor *t) { return adt_narrow(t, 1, 1, 2); }
static adt_tensor *f_transpose(const adt_tensor *t) { return adt_transpose(t, 0, 2); }
static adt_tensor *f_permute(const adt_tensor *t) { return adt_permute(t, perm); }
static adt_tensor *f_view(const adt_tensor *t) { return adt_view(t, 2, view_shape); }
static adt_tensor *f_reshape(const adt_tensor *t) { return adt_reshape(t, 2, reshape_shape); }
static void pb_select(const adt_tensor *t, adt_tensor *d, const adt_tensor *g) { adt_select_pb(t, d, 1, 2, g); }
static void pb_narrow(const adt_tensor *t, adt_tensor *d, const adt_tensor *g) { adt_narrow_pb(t, d, 1, 1, 2, g); }
static void pb_transpose(const adt_tensor *t, adt_tensor *d, const adt_tensor *g) { adt_transpose_pb(t, d, 0, 2, g); }
static void pb_permute(const adt_tensor *t, adt_tensor *d, const adt_tensor *g) { adt_permute_pb(t, d, perm, g); }
static void pb_view(const adt_tensor *t, adt_tensor *d, const adt_tensor *g) { adt_view_pb(t, d, 2, view_shape, g); }
static void pb_reshape(const adt_tensor *t, adt_tensor *d, const adt_tensor *g)
{
    adt_reshape_pb(t, d, 2, reshape_shape, g);
}

static adt_tensor *pf_select(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_select_pf(t, u, 1, 2, r);
}

static adt_tensor *pf_narrow(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_narrow_pf(t, u, 1, 1, 2, r);
}

static adt_tensor *pf_transpose(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_transpose_pf(t, u, 0, 2, r);
}

static adt_tensor *pf_permute(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_permute_pf(t, u, perm, r);
}

static adt_tensor *pf_view(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_view_pf(t, u, 2, view_shape, r);
}

static adt_tensor *pf_reshape(const adt_tensor *t, const adt_tensor *u, adt_tensor **r)
{
    return adt_reshape_pf(t, u, 2, reshape_shape, r);
}

static void pp_select(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_select_pb_pf(t, NULL, d, td, 1, 2, g, tg);
}

static void pp_narrow(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_narrow_pb_pf(t, NULL, d, td, 1, 1, 2, g, tg);
}

static void pp_transpose(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_transpose_pb_pf(t, NULL, d, td, 0, 2, g, tg);
}

static void pp_permute(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_permute_pb_pf(t, NULL, d, td, perm, g, tg);
}

static void pp_view(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_view_pb_pf(t, NULL, d, td, 2, view_shape, g, tg);
}

static void pp_reshape(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_reshape_pb_pf(t, NULL, d, td, 2, reshape_shape, g, tg);
}

static void pp_contiguous(const adt_tensor *t, adt_tensor *d, adt_tensor *td, const adt_tensor *g, const adt_tensor *tg)
{
    adt_contiguous_pb_pf(t, NULL, d, td, g, tg);
}

static const ViewOp view_ops[] = {
    {"select", 0, f_select, pb_select, pf_select, pp_select},
    {"narrow", 0, f_narrow, pb_narrow, pf_narrow, pp_narrow},
    {"transpose", 0, f_transpose, pb_transpose, pf_transpose, pp_transpose},
    {"permute", 0, f_permute, pb_permute, pf_permute, pp_permute},
    {"view", 1, f_view, pb_view, pf_view, pp_view},
    {"reshape", 0, f_reshape, pb_reshape, pf_reshape, pp_reshape},
    {"contiguous", 0, adt_contiguous, adt_contiguous_pb, adt_contiguous_pf, pp_contiguous},
};

/* A [3, 4, 5] tensor on both sides: contiguous, or a transposed view of a
 * [5, 4, 3] base (transposed 1). */
static void make_t(adt_dtype dt, int transposed, adt_tensor **t, adt_tensor **t_dev)
{
    adt_tensor *base = randn(dt, 3, transposed ? (int64_t[]){5, 4, 3} : (int64_t[]){3, 4, 5});
    adt_tensor *base_dev = dev(base);
    *t = transposed ? adt_transpose(base, 0, 2) : adt_retain(base);
    *t_dev = transposed ? adt_transpose(base_dev, 0, 2) : adt_retain(base_dev);
    FREE_ALL(base, base_dev);
}

/* The pullback into adjoints of t's shape, contiguous or not (their bases
 * compared), a NULL adjoint, the forward rule with and without a tangent,
 * and the second-order rule. */
static void check_view(const ViewOp *op, const adt_tensor *t, const adt_tensor *t_dev, const char *what)
{
    char msg[160];
    adt_dtype dt = t->dtype;
    adt_tensor *y = op->f(t);
    adt_tensor *g = randn(dt, y->ndim, y->shape), *g_dev = dev(g);
    for (int transposed = 0; transposed <= 1; transposed++) {
        adt_tensor *d, *d_dev;
        make_t(dt, transposed, &d, &d_dev);
        op->pb(t, d, g);
        op->pb(t_dev, d_dev, g_dev);
        op->pb(t_dev, NULL, g_dev); /* not wanted: nothing happens */
        snprintf(msg, sizeof msg, "adt_%s_pb (%s, %s adjoint)", op->name, what,
                 transposed ? "transposed" : "contiguous");
        check_close(msg, d, d_dev);
        adt_tensor *td = randn(dt, 3, t->shape), *td_dev = dev(td);
        adt_tensor *tg = randn(dt, y->ndim, y->shape), *tg_dev = dev(tg);
        op->pb_pf(t, d, td, g, tg);
        op->pb_pf(t_dev, d_dev, td_dev, g_dev, tg_dev);
        snprintf(msg, sizeof msg, "adt_%s_pb_pf (%s)", op->name, what);
        check_close(msg, d, d_dev);
        check_close(msg, td, td_dev);
        FREE_ALL(d, d_dev, td, td_dev, tg, tg_dev);
    }
    adt_tensor *u = randn(dt, 3, t->shape), *u_dev = dev(u);
    for (int with = 0; with <= 1; with++) {
        adt_tensor *r = NULL, *r_dev = NULL;
        adt_tensor *yp = op->pf(t, with ? u : NULL, &r), *yp_dev = op->pf(t_dev, with ? u_dev : NULL, &r_dev);
        snprintf(msg, sizeof msg, "adt_%s_pf (%s, %s tangent)", op->name, what, with ? "a" : "no");
        check_close(msg, yp, yp_dev);
        check_close(msg, r, r_dev);
        FREE_ALL(yp, yp_dev, r, r_dev);
    }
    FREE_ALL(y, g, g_dev, u, u_dev);
}

static void test_views(adt_dtype dt)
{
    for (int transposed = 0; transposed <= 1; transposed++) {
        adt_tensor *t, *t_dev;
        make_t(dt, transposed, &t, &t_dev);
        for (size_t k = 0; k < sizeof view_ops / sizeof view_ops[0]; k++)
            if (!transposed || !view_ops[k].needs_view)
                check_view(&view_ops[k], t, t_dev, transposed ? "a transposed input" : "a contiguous input");
        FREE_ALL(t, t_dev);
    }
}

/* ---- errors ---- */

static adt_tensor *sink;

static void test_errors(void)
{
    adt_tensor *a = randn(ADT_F64, 3, (int64_t[]){2, 3, 4}), *a_dev = dev(a);
    adt_tensor *m = randn(ADT_F64, 2, (int64_t[]){3, 4}), *m_dev = dev(m);
    adt_tensor *s = randn(ADT_F64, 2, (int64_t[]){2, 4}), *s_dev = dev(s);
    EXPECT_ERROR(sink = adt_bmm(a_dev, a), "adt: adt_bmm: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(sink = adt_bmm(m_dev, a_dev), "adt: adt_bmm: a must have 3 dimensions, got shape [3, 4]");
    EXPECT_ERROR(sink = adt_bmm(a_dev, a_dev), "adt: adt_bmm: shapes [2, 3, 4] and [2, 3, 4] do not match");
    EXPECT_ERROR(adt_bmm_pb(a_dev, NULL, a_dev, NULL, NULL),
                 "adt: adt_bmm_pb: shapes [2, 3, 4] and [2, 3, 4] do not match");
    EXPECT_ERROR(sink = adt_bmm_pf(a_dev, NULL, a_dev, NULL, &sink),
                 "adt: adt_bmm_pf: shapes [2, 3, 4] and [2, 3, 4] do not match");
    EXPECT_ERROR(sink = adt_cat(m_dev, m, 0), "adt: adt_cat: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(sink = adt_cat(m_dev, a_dev, 0),
                 "adt: adt_cat: shapes [3, 4] and [2, 3, 4] differ outside dimension 0");
    EXPECT_ERROR(adt_cat_pb(m_dev, NULL, s_dev, NULL, 0, m_dev),
                 "adt: adt_cat_pb: d_ret has shape [3, 4] but the result [5, 4]");
    EXPECT_ERROR(adt_select_pb(a_dev, NULL, 0, 0, m),
                 "adt: adt_select_pb: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(adt_narrow_pb(a_dev, a, 1, 0, 2, m_dev),
                 "adt: adt_narrow_pb: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(adt_transpose_pb(a_dev, a_dev, 0, 1, a_dev),
                 "adt: adt_transpose_pb: d_ret has shape [2, 3, 4] but the result has shape [3, 2, 4]");
    EXPECT_ERROR(sink = adt_select_pf(a_dev, a, 0, 0, &sink), "adt: adt_select_pf: tensors on different devices");
    FREE_ALL(a, a_dev, m, m_dev, s, s_dev);
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_bmm(dt);
        test_cat(dt);
        test_views(dt);
    }
    test_errors();
}

int main(void)
{
    return run_main("test_cuda_shape");
}
