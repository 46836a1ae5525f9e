/* test_cuda_loss.c (ctest gpu.cuda_loss, label gpu): softmax and
 * log_softmax, the cross-entropy and mean-squared-error losses, max and
 * argmax on the CUDA device, each forward and pullback against the CPU on
 * seeded data (f64 relative error <= 1e-10, f32 <= 1e-4): several shapes
 * and dimensions, lines of 1 element and of more than 1000 (one thread or
 * one block per line), non-contiguous inputs and adjoints, large values,
 * ties and NaNs for max, adjoints accumulated into non-zero values, NULL
 * adjoints, and the errors (bad labels, mixed devices). Exits 77 (skipped)
 * without a device (cuda_check.h). */
#include "cuda_check.h"

#define FREE_ALL(...)                                                                                              \
    free_all((adt_tensor *[]){__VA_ARGS__}, sizeof((adt_tensor *[]){__VA_ARGS__}) / sizeof(adt_tensor *))

static void free_all(adt_tensor *const *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adt_free(t[i]);
}

/* A CPU tensor of dtype dt holding the given values (row-major). */
static adt_tensor *from_values(adt_dtype dt, int ndim, const int64_t *shape, const double *v)
{
    adt_tensor *t = adt_from_buffer(ADT_F64, ndim, shape, v);
    if (dt == ADT_F64)
        return t;
    adt_tensor *f = adt_to_dtype(t, dt);
    adt_free(t);
    return f;
}

/* ---- softmax, log_softmax ---- */

typedef adt_tensor *(*SoftmaxFn)(const adt_tensor *, int);
typedef void (*SoftmaxPb)(const adt_tensor *, adt_tensor *, int, const adt_tensor *);

/* Forward and pullback of softmax and log_softmax along dim, on a (CPU)
 * and a_dev (the same values on the device, maybe laid out differently).
 * The adjoints start non-zero; the second pair is a transposed view when
 * a has 2 dimensions. */
static void check_softmax_on(const char *what, const adt_tensor *a, const adt_tensor *a_dev, int dim)
{
    static const struct { const char *name; SoftmaxFn f; SoftmaxPb pb; } ops[] = {
        {"adt_softmax", adt_softmax, adt_softmax_pb}, {"adt_log_softmax", adt_log_softmax, adt_log_softmax_pb}};
    char msg[160];
    for (int k = 0; k < 2; k++) {
        adt_tensor *y = ops[k].f(a, dim), *y_dev = ops[k].f(a_dev, dim);
        snprintf(msg, sizeof msg, "%s (%s, dim %d)", ops[k].name, what, dim);
        check_close(msg, y, y_dev);
        adt_tensor *g = randn(a->dtype, a->ndim, a->shape), *g_dev = dev(g);
        adt_tensor *d = randn(a->dtype, a->ndim, a->shape), *d_dev = dev(d);
        ops[k].pb(a, d, dim, g);
        ops[k].pb(a_dev, d_dev, dim, g_dev);
        ops[k].pb(a_dev, NULL, dim, g_dev); /* not wanted: nothing happens */
        snprintf(msg, sizeof msg, "%s_pb (%s, dim %d)", ops[k].name, what, dim);
        check_close(msg, d, d_dev);
        if (a->ndim == 2) { /* into a transposed adjoint, with a transposed seed */
            adt_tensor *db = randn(a->dtype, 2, (int64_t[]){a->shape[1], a->shape[0]}), *db_dev = dev(db);
            adt_tensor *gb = randn(a->dtype, 2, (int64_t[]){a->shape[1], a->shape[0]}), *gb_dev = dev(gb);
            adt_tensor *dt = adt_transpose(db, 0, 1), *dt_dev = adt_transpose(db_dev, 0, 1);
            adt_tensor *gt = adt_transpose(gb, 0, 1), *gt_dev = adt_transpose(gb_dev, 0, 1);
            ops[k].pb(a, dt, dim, gt);
            ops[k].pb(a_dev, dt_dev, dim, gt_dev);
            snprintf(msg, sizeof msg, "%s_pb into a transposed adjoint (%s, dim %d)", ops[k].name, what, dim);
            check_close(msg, db, db_dev);
            FREE_ALL(db, db_dev, gb, gb_dev, dt, dt_dev, gt, gt_dev);
        }
        FREE_ALL(y, y_dev, g, g_dev, d, d_dev);
    }
}

static void check_softmax(const char *what, const adt_tensor *a, int dim)
{
    adt_tensor *a_dev = dev(a);
    check_softmax_on(what, a, a_dev, dim);
    adt_free(a_dev);
}

static void test_softmax(adt_dtype dt)
{
    static const struct { int ndim; int64_t shape[3]; } cases[] = {
        {2, {4, 7, 0}},    {3, {3, 5, 6}},  {1, {9, 0, 0}},   {2, {5, 1, 0}},
        {2, {1, 5, 0}},    {2, {3, 1500, 0}}, {2, {1200, 3, 0}}, {3, {2, 70, 3}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        adt_tensor *a = randn(dt, cases[c].ndim, cases[c].shape);
        for (int dim = -1; dim < cases[c].ndim; dim++)
            check_softmax("randn", a, dim);
        adt_free(a);
    }
    /* large values: the maximum is subtracted first */
    adt_tensor *r = randn(dt, 2, (int64_t[]){6, 130}), *big = adt_mul_scalar(r, 400.0);
    check_softmax("values up to ~1000", big, 1);
    check_softmax("values up to ~1000", big, 0);
    /* non-contiguous: a transposed view and a narrowed one on both sides */
    adt_tensor *base = randn(dt, 2, (int64_t[]){9, 80}), *base_dev = dev(base);
    adt_tensor *t = adt_transpose(base, 0, 1), *t_dev = adt_transpose(base_dev, 0, 1);
    adt_tensor *n = adt_narrow(base, 1, 3, 70), *n_dev = adt_narrow(base_dev, 1, 3, 70);
    for (int dim = 0; dim < 2; dim++) {
        check_softmax_on("transposed", t, t_dev, dim);
        check_softmax_on("narrowed", n, n_dev, dim);
    }
    /* rows with -inf and NaN give what the CPU gives */
    double v[] = {1, -INFINITY, 2, 0.5, NAN, 3, -INFINITY, -INFINITY, -INFINITY, 4, 4, 4};
    adt_tensor *odd = from_values(dt, 2, (int64_t[]){4, 3}, v);
    check_softmax("-inf and NaN", odd, 1);
    FREE_ALL(r, big, base, base_dev, t, t_dev, n, n_dev, odd);
}

/* ---- cross entropy ---- */

/* n labels in [0, c) of dtype dt, CPU. */
static adt_tensor *make_labels(adt_dtype dt, int64_t n, int64_t c)
{
    double *v = malloc((size_t)n * sizeof *v);
    for (int64_t i = 0; i < n; i++)
        v[i] = (double)((i * 7 + 3) % c);
    adt_tensor *t = from_values(dt, 1, &n, v);
    free(v);
    return t;
}

static void check_cross_entropy_on(const char *what, const adt_tensor *x, const adt_tensor *x_dev,
                                   const adt_tensor *labels, const adt_tensor *l_dev)
{
    char msg[160];
    adt_dtype dt = x->dtype;
    snprintf(msg, sizeof msg, "adt_cross_entropy (%s)", what);
    check_scalar(msg, dt, adt_cross_entropy(x, labels), adt_cross_entropy(x_dev, l_dev));
    adt_tensor *d = randn(dt, 2, x->shape), *d_dev = dev(d);
    adt_tensor *dl = randn(labels->dtype, 1, labels->shape), *dl_dev = dev(dl);
    adt_cross_entropy_pb(x, d, labels, dl, 0.7);
    adt_cross_entropy_pb(x_dev, d_dev, l_dev, dl_dev, 0.7);
    adt_cross_entropy_pb(x_dev, NULL, l_dev, NULL, 0.7); /* not wanted: nothing happens */
    adt_cross_entropy_pb(x, d, labels, NULL, -1.3);
    adt_cross_entropy_pb(x_dev, d_dev, l_dev, NULL, -1.3);
    snprintf(msg, sizeof msg, "adt_cross_entropy_pb d_logits (%s)", what);
    check_close(msg, d, d_dev);
    snprintf(msg, sizeof msg, "adt_cross_entropy_pb d_labels unchanged (%s)", what);
    check_close(msg, dl, dl_dev);
    FREE_ALL(d, d_dev, dl, dl_dev);
}

static void test_cross_entropy(adt_dtype dt)
{
    static const int64_t shapes[][2] = {{8, 5}, {3, 200}, {1, 1}, {64, 10}, {2, 3000}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        for (int k = 0; k < 2; k++) { /* labels of either dtype */
            adt_tensor *x = randn(dt, 2, shapes[s]), *x_dev = dev(x);
            adt_tensor *labels = make_labels(k ? ADT_F64 : ADT_F32, shapes[s][0], shapes[s][1]), *l_dev = dev(labels);
            check_cross_entropy_on("randn", x, x_dev, labels, l_dev);
            FREE_ALL(x, x_dev, labels, l_dev);
        }
    }
    /* transposed logits, large values, strided labels */
    adt_tensor *base = randn(dt, 2, (int64_t[]){7, 12}), *base_dev = dev(base);
    adt_tensor *x = adt_transpose(base, 0, 1), *x_dev = adt_transpose(base_dev, 0, 1);
    adt_tensor *lab2 = make_labels(dt, 24, 7), *lab2_dev = dev(lab2);
    adt_tensor *pairs = adt_view(lab2, 2, (int64_t[]){12, 2}), *pairs_dev = adt_view(lab2_dev, 2, (int64_t[]){12, 2});
    adt_tensor *strided = adt_select(pairs, 1, 0), *strided_dev = adt_select(pairs_dev, 1, 0); /* 2 apart */
    check_cross_entropy_on("transposed logits, strided labels", x, x_dev, strided, strided_dev);
    adt_tensor *big = adt_mul_scalar(x, 500.0), *big_dev = adt_mul_scalar(x_dev, 500.0);
    check_cross_entropy_on("large logits", big, big_dev, strided, strided_dev);
    FREE_ALL(base, base_dev, x, x_dev, lab2, lab2_dev, pairs, pairs_dev, strided, strided_dev, big, big_dev);
}

/* ---- mean squared error ---- */

static void check_mse_on(const char *what, const adt_tensor *a, const adt_tensor *a_dev, const adt_tensor *b)
{
    char msg[160];
    adt_dtype dt = a->dtype;
    adt_tensor *b_dev = dev(b);
    snprintf(msg, sizeof msg, "adt_mse_loss (%s)", what);
    check_scalar(msg, dt, adt_mse_loss(a, b), adt_mse_loss(a_dev, b_dev));
    adt_tensor *da = randn(dt, a->ndim, a->shape), *da_dev = dev(da);
    adt_tensor *db = randn(dt, b->ndim, b->shape), *db_dev = dev(db);
    adt_mse_loss_pb(a, da, b, db, 0.6);
    adt_mse_loss_pb(a_dev, da_dev, b_dev, db_dev, 0.6);
    adt_mse_loss_pb(a, da, b, NULL, -2.0);
    adt_mse_loss_pb(a_dev, da_dev, b_dev, NULL, -2.0);
    adt_mse_loss_pb(a, NULL, b, db, 1.5);
    adt_mse_loss_pb(a_dev, NULL, b_dev, db_dev, 1.5);
    adt_mse_loss_pb(a_dev, NULL, b_dev, NULL, 1.5); /* not wanted: nothing happens */
    snprintf(msg, sizeof msg, "adt_mse_loss_pb d_a (%s)", what);
    check_close(msg, da, da_dev);
    snprintf(msg, sizeof msg, "adt_mse_loss_pb d_b (%s)", what);
    check_close(msg, db, db_dev);
    FREE_ALL(b_dev, da, da_dev, db, db_dev);
}

static void test_mse(adt_dtype dt)
{
    static const struct { int ndim; int64_t shape[3]; } cases[] = {
        {1, {7, 0, 0}}, {2, {4, 5, 0}}, {2, {300, 70, 0}}, {3, {2, 3, 4}}, {3, {1000, 300, 2}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        adt_tensor *a = randn(dt, cases[c].ndim, cases[c].shape), *a_dev = dev(a);
        adt_tensor *b = randn(dt, cases[c].ndim, cases[c].shape);
        check_mse_on("randn", a, a_dev, b);
        FREE_ALL(a, a_dev, b);
    }
    adt_tensor *base = randn(dt, 2, (int64_t[]){6, 40}), *base_dev = dev(base);
    adt_tensor *a = adt_transpose(base, 0, 1), *a_dev = adt_transpose(base_dev, 0, 1);
    adt_tensor *b = randn(dt, 2, (int64_t[]){40, 6});
    check_mse_on("a transposed", a, a_dev, b);
    FREE_ALL(base, base_dev, a, a_dev, b);
}

/* ---- max, argmax ---- */

static void check_max_on(const char *what, const adt_tensor *a, const adt_tensor *a_dev, int dim)
{
    char msg[160];
    for (int keep = 0; keep <= 1; keep++) {
        adt_tensor *y = adt_max(a, dim, keep), *y_dev = adt_max(a_dev, dim, keep);
        snprintf(msg, sizeof msg, "adt_max (%s, dim %d, keepdim %d)", what, dim, keep);
        check_close(msg, y, y_dev);
        adt_tensor *g = randn(a->dtype, y->ndim, y->shape), *g_dev = dev(g);
        adt_tensor *d = randn(a->dtype, a->ndim, a->shape), *d_dev = dev(d);
        adt_max_pb(a, d, dim, keep, g);
        adt_max_pb(a_dev, d_dev, dim, keep, g_dev);
        adt_max_pb(a_dev, NULL, dim, keep, g_dev); /* not wanted: nothing happens */
        snprintf(msg, sizeof msg, "adt_max_pb (%s, dim %d, keepdim %d)", what, dim, keep);
        check_close(msg, d, d_dev);
        FREE_ALL(y, y_dev, g, g_dev, d, d_dev);
    }
    adt_tensor *i = adt_argmax(a, dim), *i_dev = adt_argmax(a_dev, dim);
    EXPECT(i_dev->dtype == a->dtype);
    snprintf(msg, sizeof msg, "adt_argmax (%s, dim %d)", what, dim);
    check_close(msg, i, i_dev);
    FREE_ALL(i, i_dev);
}

static void check_max(const char *what, const adt_tensor *a)
{
    adt_tensor *a_dev = dev(a);
    for (int dim = -1; dim < a->ndim; dim++)
        check_max_on(what, a, a_dev, dim);
    adt_free(a_dev);
}

/* Values of few kinds, so that every line has ties: k / 2 for k in -3 .. 3,
 * with NaNs at some places when nans. */
static adt_tensor *tied(adt_dtype dt, int ndim, const int64_t *shape, int nans)
{
    int64_t n = 1;
    for (int d = 0; d < ndim; d++)
        n *= shape[d];
    double *v = malloc((size_t)n * sizeof *v);
    for (int64_t i = 0; i < n; i++)
        v[i] = nans && i % 97 == 41 ? NAN : (double)((i * 37 + 11) % 7 - 3) / 2;
    adt_tensor *t = from_values(dt, ndim, shape, v);
    free(v);
    return t;
}

static void test_max(adt_dtype dt)
{
    static const struct { int ndim; int64_t shape[3]; } cases[] = {
        {2, {5, 7, 0}}, {3, {3, 4, 200}}, {2, {1000, 3, 0}}, {1, {1, 0, 0}}, {3, {2, 1, 5}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        adt_tensor *a = randn(dt, cases[c].ndim, cases[c].shape);
        adt_tensor *t = tied(dt, cases[c].ndim, cases[c].shape, 0), *nan = tied(dt, cases[c].ndim, cases[c].shape, 1);
        check_max("randn", a);
        check_max("ties", t);
        check_max("ties and NaNs", nan);
        FREE_ALL(a, t, nan);
    }
    /* one long line: ties between threads of a block, NaNs, -0 and 0 */
    double v[300];
    for (int i = 0; i < 300; i++)
        v[i] = -1.0;
    v[5] = v[200] = v[299] = 2.0;
    adt_tensor *ties = from_values(dt, 1, (int64_t[]){300}, v);
    v[17] = v[250] = NAN;
    adt_tensor *nans = from_values(dt, 1, (int64_t[]){300}, v);
    for (int i = 0; i < 300; i++)
        v[i] = i == 130 ? -0.0 : i == 140 ? 0.0 : -INFINITY;
    adt_tensor *zeros = from_values(dt, 1, (int64_t[]){300}, v);
    for (int i = 0; i < 300; i++)
        v[i] = -INFINITY;
    adt_tensor *ninf = from_values(dt, 1, (int64_t[]){300}, v);
    check_max("ties in a long line", ties);
    check_max("NaNs in a long line", nans);
    check_max("-0 and 0", zeros);
    check_max("all -inf", ninf);
    /* non-contiguous */
    adt_tensor *base = randn(dt, 2, (int64_t[]){90, 6}), *base_dev = dev(base);
    adt_tensor *t = adt_transpose(base, 0, 1), *t_dev = adt_transpose(base_dev, 0, 1);
    check_max_on("transposed", t, t_dev, 1);
    check_max_on("transposed", t, t_dev, 0);
    FREE_ALL(ties, nans, zeros, ninf, base, base_dev, t, t_dev);
}

/* ---- errors ---- */

static adt_tensor *sink;
static double dsink;

static void test_errors(void)
{
    adt_tensor *x = randn(ADT_F64, 2, (int64_t[]){4, 5}), *x_dev = dev(x);
    double good[] = {0, 4, 2, 1}, range[] = {0, 1, 5, 7}, frac[] = {0, 1.5, 2, -1}, neg[] = {0, 1, 2, -1};
    adt_tensor *l_good = from_values(ADT_F32, 1, (int64_t[]){4}, good), *lg_dev = dev(l_good);
    adt_tensor *l_range = from_values(ADT_F32, 1, (int64_t[]){4}, range), *lr_dev = dev(l_range);
    adt_tensor *l_frac = from_values(ADT_F64, 1, (int64_t[]){4}, frac), *lf_dev = dev(l_frac);
    adt_tensor *l_neg = from_values(ADT_F64, 1, (int64_t[]){4}, neg), *ln_dev = dev(l_neg);
    /* the first bad label, with the CPU's message */
    EXPECT_ERROR(dsink = adt_cross_entropy(x_dev, lr_dev),
                 "adt: adt_cross_entropy: labels[2] = 5 is out of range for 5 classes");
    EXPECT_ERROR(dsink = adt_cross_entropy(x, l_range),
                 "adt: adt_cross_entropy: labels[2] = 5 is out of range for 5 classes");
    EXPECT_ERROR(dsink = adt_cross_entropy(x_dev, lf_dev),
                 "adt: adt_cross_entropy: labels[1] = 1.5 is not a class index");
    EXPECT_ERROR(dsink = adt_cross_entropy(x_dev, ln_dev),
                 "adt: adt_cross_entropy: labels[3] = -1 is out of range for 5 classes");
    /* the pullback reports before touching the adjoint */
    adt_tensor *d_dev = adt_zeros_like(x_dev), *zero = adt_zeros_like(x);
    EXPECT_ERROR(adt_cross_entropy_pb(x_dev, d_dev, lr_dev, NULL, 1.0),
                 "adt: adt_cross_entropy_pb: labels[2] = 5 is out of range for 5 classes");
    check_close("d_logits untouched by a failed pullback", zero, d_dev);
    EXPECT_ERROR(adt_cross_entropy_pb(x_dev, d_dev, lf_dev, NULL, 1.0),
                 "adt: adt_cross_entropy_pb: labels[1] = 1.5 is not a class index");
    /* checks as on the CPU */
    EXPECT_ERROR(adt_cross_entropy_pb(x_dev, d_dev, lg_dev, x_dev, 1.0),
                 "adt: adt_cross_entropy_pb: d_labels has shape [4, 5] but labels [4]");
    EXPECT_ERROR(dsink = adt_cross_entropy(lg_dev, lg_dev),
                 "adt: adt_cross_entropy: logits must have 2 dimensions [n, classes], got shape [4]");
    EXPECT_ERROR(dsink = adt_cross_entropy(x_dev, l_good),
                 "adt: adt_cross_entropy: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(dsink = adt_mse_loss(x_dev, lg_dev), "adt: adt_mse_loss: a has dtype float64 but b has dtype float32");
    EXPECT_ERROR(adt_mse_loss_pb(x_dev, NULL, x, NULL, 1.0),
                 "adt: adt_mse_loss_pb: tensors on different devices (cuda and cpu)");
    EXPECT_ERROR(sink = adt_softmax(x_dev, 2),
                 "adt: adt_softmax: dimension 2 out of range for a tensor of 2 dimensions");
    EXPECT_ERROR(adt_softmax_pb(x_dev, d_dev, 1, lg_dev), "adt: adt_softmax_pb: d_ret has dtype float32");
    adt_tensor *empty_dev = adt_narrow(x_dev, 1, 0, 0);
    EXPECT_ERROR(sink = adt_max(empty_dev, 1, 0), "adt: adt_max: dimension 1 has size 0: there is no maximum");
    EXPECT_ERROR(sink = adt_argmax(empty_dev, -1), "adt: adt_argmax: dimension 1 has size 0: there is no maximum");
    EXPECT_ERROR(adt_max_pb(x_dev, d_dev, 0, 0, x_dev),
                 "adt: adt_max_pb: d_ret has shape [4, 5] but the result has shape [5]");
    FREE_ALL(x, x_dev, l_good, lg_dev, l_range, lr_dev, l_frac, lf_dev, l_neg, ln_dev, d_dev, zero, empty_dev);
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_softmax(dt);
        test_cross_entropy(dt);
        test_mse(dt);
        test_max(dt);
    }
    test_errors();
}

int main(void)
{
    return run_main("test_cuda_loss");
}
