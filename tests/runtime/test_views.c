/* test_views.c: unit test of adt's views (select, narrow, transpose,
 * permute, view, reshape, contiguous): shared storage, elements, and
 * fdcheck.h checks of their rules on contiguous and strided layouts. */
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

static int values_are(const adt_tensor *t, const double *want, int64_t n)
{
    if (adt_numel(t) != n)
        return 0;
    for (int64_t k = 0; k < n; k++)
        if (fd_at(t, k) != want[k])
            return 0;
    return 1;
}

/* [2, 3, 4] holding 0 .. 23 */
static adt_tensor *cube(void)
{
    adt_tensor *a = adt_arange(ADT_F64, 0, 24, 1);
    adt_tensor *c = adt_view(a, 3, (int64_t[]){2, 3, 4});
    adt_free(a);
    return c;
}

static void test_select_narrow(void)
{
    adt_tensor *c = cube();
    adt_tensor *s = adt_select(c, 1, 2); /* [2, 4]: c[:, 2, :] */
    EXPECT(s->ndim == 2 && s->shape[0] == 2 && s->shape[1] == 4 && s->storage == c->storage);
    EXPECT(values_are(s, (double[]){8, 9, 10, 11, 20, 21, 22, 23}, 8));
    adt_tensor *last = adt_select(c, -1, -1); /* c[:, :, 3] */
    EXPECT(values_are(last, (double[]){3, 7, 11, 15, 19, 23}, 6));
    adt_tensor *n = adt_narrow(c, 2, 1, 2); /* c[:, :, 1:3] */
    EXPECT(n->shape[2] == 2 && n->offset == 1 && !adt_is_contiguous(n));
    EXPECT(values_are(n, (double[]){1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, 12));
    adt_tensor *e = adt_narrow(c, 0, 2, 0); /* empty, at the end */
    EXPECT(adt_numel(e) == 0);
    adt_set(s, (int64_t[]){1, 0}, -5); /* writes through a view reach the base */
    EXPECT(adt_get(c, (int64_t[]){1, 2, 0}) == -5);
    adt_free(c), adt_free(s), adt_free(last), adt_free(n), adt_free(e);
}

static void test_transpose_permute(void)
{
    adt_tensor *c = cube();
    adt_tensor *t = adt_transpose(c, 0, 2); /* [4, 3, 2] */
    EXPECT(t->shape[0] == 4 && t->shape[2] == 2 && t->stride[0] == 1 && t->stride[2] == 12);
    EXPECT(adt_get(t, (int64_t[]){3, 1, 1}) == adt_get(c, (int64_t[]){1, 1, 3}));
    adt_tensor *p = adt_permute(c, (int[]){1, -1, 0}); /* [3, 4, 2] */
    EXPECT(p->shape[0] == 3 && p->shape[1] == 4 && p->shape[2] == 2 && p->storage == c->storage);
    EXPECT(adt_get(p, (int64_t[]){2, 3, 1}) == 23 && adt_get(p, (int64_t[]){1, 0, 1}) == 16);
    adt_tensor *pc = adt_contiguous(p);
    EXPECT(pc != p && adt_is_contiguous(pc) && pc->storage != c->storage);
    EXPECT(adt_get(pc, (int64_t[]){2, 3, 1}) == 23);
    adt_free(c), adt_free(t), adt_free(p), adt_free(pc);
}

static void test_view_reshape(void)
{
    adt_tensor *c = cube();
    adt_tensor *v = adt_view(c, 2, (int64_t[]){-1, 8});
    EXPECT(v->shape[0] == 3 && v->shape[1] == 8 && v->storage == c->storage);
    EXPECT(adt_get(v, (int64_t[]){2, 7}) == 23);
    adt_tensor *scalar_like = adt_view(c, 5, (int64_t[]){1, 2, 1, 12, 1});
    EXPECT(scalar_like->ndim == 5 && adt_get(scalar_like, (int64_t[]){0, 1, 0, 11, 0}) == 23);

    /* a narrowed view keeps chunks: [2, 3, 2] of stride (12, 4, 1) merges its
     * first two dimensions but not the last */
    adt_tensor *n = adt_narrow(c, 2, 1, 2);
    adt_tensor *nv = adt_view(n, 2, (int64_t[]){6, 2});
    EXPECT(nv->storage == c->storage && nv->stride[0] == 4 && nv->stride[1] == 1);
    EXPECT(values_are(nv, (double[]){1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, 12));
    adt_tensor *nr = adt_reshape(n, 1, (int64_t[]){12}); /* needs a copy */
    EXPECT(nr->storage != c->storage && adt_is_contiguous(nr));
    EXPECT(values_are(nr, (double[]){1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, 12));

    /* a transposed matrix views only as splits of single dimensions */
    adt_tensor *t = adt_transpose(c, 1, 2); /* [2, 4, 3] */
    adt_tensor *tv = adt_view(t, 4, (int64_t[]){2, 2, 2, 3});
    EXPECT(tv->storage == c->storage && adt_get(tv, (int64_t[]){1, 1, 1, 2}) == adt_get(t, (int64_t[]){1, 3, 2}));
    adt_tensor *tr = adt_reshape(t, 2, (int64_t[]){2, 12});
    EXPECT(tr->storage != c->storage && adt_get(tr, (int64_t[]){1, 1}) == 16);
    adt_tensor *same = adt_reshape(c, 1, (int64_t[]){24});
    EXPECT(same->storage == c->storage);

    adt_tensor *z = adt_zeros(ADT_F32, 2, (int64_t[]){0, 3});
    adt_tensor *zv = adt_view(z, 3, (int64_t[]){3, 0, 7});
    EXPECT(adt_numel(zv) == 0 && zv->shape[2] == 7);
    adt_free(zv);

    adt_free(c), adt_free(v), adt_free(scalar_like), adt_free(n), adt_free(nv), adt_free(nr);
    adt_free(t), adt_free(tv), adt_free(tr), adt_free(same), adt_free(z);
}

/* ---- finite-difference checks of the rules ----
 * Views are linear, so the FD error is rounding only (~1e-12): 1e-9. */

typedef struct {
    int dim, dim1;
    int64_t start, length;
    int perm[ADT_MAX_DIMS];
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
} ViewArgs;

static adt_tensor *fw_select(adt_tensor *const *in, void *ctx)
{
    ViewArgs *a = ctx;
    return adt_select(in[0], a->dim, a->start);
}

static void pb_select(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    ViewArgs *a = ctx;
    (void)ss;
    adt_select_pb(in[0], d[0], a->dim, a->start, s);
}

static adt_tensor *fw_narrow(adt_tensor *const *in, void *ctx)
{
    ViewArgs *a = ctx;
    return adt_narrow(in[0], a->dim, a->start, a->length);
}

static void pb_narrow(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    ViewArgs *a = ctx;
    (void)ss;
    adt_narrow_pb(in[0], d[0], a->dim, a->start, a->length, s);
}

static adt_tensor *fw_transpose(adt_tensor *const *in, void *ctx)
{
    ViewArgs *a = ctx;
    return adt_transpose(in[0], a->dim, a->dim1);
}

static void pb_transpose(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    ViewArgs *a = ctx;
    (void)ss;
    adt_transpose_pb(in[0], d[0], a->dim, a->dim1, s);
}

static adt_tensor *fw_permute(adt_tensor *const *in, void *ctx)
{
    return adt_permute(in[0], ((ViewArgs *)ctx)->perm);
}

static void pb_permute(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    (void)ss;
    adt_permute_pb(in[0], d[0], ((ViewArgs *)ctx)->perm, s);
}

static adt_tensor *fw_reshape(adt_tensor *const *in, void *ctx)
{
    ViewArgs *a = ctx;
    return adt_reshape(in[0], a->ndim, a->shape);
}

static void pb_reshape(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    ViewArgs *a = ctx;
    (void)ss;
    adt_reshape_pb(in[0], d[0], a->ndim, a->shape, s);
}

static adt_tensor *fw_view(adt_tensor *const *in, void *ctx)
{
    ViewArgs *a = ctx;
    return adt_view(in[0], a->ndim, a->shape);
}

static void pb_view(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    ViewArgs *a = ctx;
    (void)ss;
    adt_view_pb(in[0], d[0], a->ndim, a->shape, s);
}

static adt_tensor *fw_contiguous(adt_tensor *const *in, void *ctx)
{
    (void)ctx;
    return adt_contiguous(in[0]);
}

static void pb_contiguous(adt_tensor *const *in, adt_tensor *const *d, const adt_tensor *s, double ss, void *ctx)
{
    (void)ctx, (void)ss;
    adt_contiguous_pb(in[0], d[0], s);
}

/* Checks one op in every combination of input, seed and adjoint layouts
 * that keeps the op valid (view needs a viewable input: contiguous only). */
static void check_view_op(const char *name, adt_tensor *(*fw)(adt_tensor *const *, void *),
                          void (*pb)(adt_tensor *const *, adt_tensor *const *, const adt_tensor *, double, void *),
                          ViewArgs *args, int ndim, const int64_t *shape, int input_layouts)
{
    adt_rng rng;
    adt_rng_seed(&rng, 7);
    for (int li = 0; li < input_layouts; li++) {
        for (int lo = 0; lo < 4; lo++) {
            FdOp op = {.name = name, .n = 1, .forward = fw, .pullback = pb, .ctx = args,
                       .seed_layout = (FdLayout)lo, .adj_layout = (FdLayout)((lo + li) % 4),
                       .rng_seed = (uint64_t)(11 + li * 4 + lo)};
            op.in[0] = fd_randn(&rng, ndim, shape, (FdLayout)li);
            int f = FD_CHECK(&op, 1e-9);
            if (f)
                fprintf(stderr, "  (%s: input layout %d, seed layout %d)\n", name, li, lo);
            failures += f;
            adt_free(op.in[0]);
        }
    }
}

static void test_rules(void)
{
    const int64_t shape[3] = {3, 4, 5};
    ViewArgs sel = {.dim = 1, .start = 2};
    check_view_op("select", fw_select, pb_select, &sel, 3, shape, 4);
    ViewArgs sel_neg = {.dim = -1, .start = -1};
    check_view_op("select(-1, -1)", fw_select, pb_select, &sel_neg, 3, shape, 4);
    ViewArgs nar = {.dim = 2, .start = 1, .length = 3};
    check_view_op("narrow", fw_narrow, pb_narrow, &nar, 3, shape, 4);
    ViewArgs tr = {.dim = 0, .dim1 = 2};
    check_view_op("transpose", fw_transpose, pb_transpose, &tr, 3, shape, 4);
    ViewArgs pe = {.perm = {2, 0, 1}};
    check_view_op("permute", fw_permute, pb_permute, &pe, 3, shape, 4);
    ViewArgs re = {.ndim = 2, .shape = {-1, 10}};
    check_view_op("reshape", fw_reshape, pb_reshape, &re, 3, shape, 4);
    ViewArgs vi = {.ndim = 4, .shape = {3, 2, 2, 5}};
    check_view_op("view", fw_view, pb_view, &vi, 3, shape, 2); /* contiguous, padded */
    ViewArgs none = {0};
    check_view_op("contiguous", fw_contiguous, pb_contiguous, &none, 3, shape, 4);
}

/* A rule given NULL for its adjoint does nothing (and does not crash). */
static void test_null_adjoints(void)
{
    adt_tensor *t = cube();
    adt_tensor *s = adt_select(t, 0, 1), *n = adt_narrow(t, 0, 0, 1), *tt = adt_transpose(t, 0, 1);
    adt_tensor *flat = adt_view(t, 1, (int64_t[]){24});
    adt_select_pb(t, NULL, 0, 1, s);
    adt_narrow_pb(t, NULL, 0, 0, 1, n);
    adt_transpose_pb(t, NULL, 0, 1, tt);
    adt_permute_pb(t, NULL, (int[]){0, 1, 2}, t);
    adt_view_pb(t, NULL, 1, (int64_t[]){24}, flat);
    adt_reshape_pb(t, NULL, 1, (int64_t[]){24}, flat);
    adt_contiguous_pb(t, NULL, t);
    EXPECT(adt_get(t, (int64_t[]){1, 2, 3}) == 23);
    adt_free(t), adt_free(s), adt_free(n), adt_free(tt), adt_free(flat);
}

int main(void)
{
    test_select_narrow();
    test_transpose_permute();
    test_view_reshape();
    test_rules();
    test_null_adjoints();
    if (failures)
        fprintf(stderr, "test_views: %d failures\n", failures);
    else
        printf("test_views: ok\n");
    return failures != 0;
}
