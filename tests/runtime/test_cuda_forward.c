/* test_cuda_forward.c (ctest gpu.cuda_forward, label gpu): the forward
 * rules (<op>_pf, what f_jvp calls) on the CUDA device against the CPU:
 * value and tangent of the elementwise ops with their scalar parameters'
 * tangents, of the broadcasting binary ops, of conv2d (cuDNN) and of max
 * (ties included) and average pooling, with NULL (zero) tangents too.
 * Exits 77 (skipped) without a device (cuda_check.h). */
#include "cuda_check.h"

/* ---- unary ops: one signature for the table (t_p is the scalar's tangent) ---- */

typedef adt_tensor *(*UnaryPf)(const adt_tensor *a, const adt_tensor *t_a, double t_p, adt_tensor **t_ret);

static adt_tensor *pf_neg(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_neg_pf(a, t, r); }
static adt_tensor *pf_exp(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_exp_pf(a, t, r); }
static adt_tensor *pf_log(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_log_pf(a, t, r); }
static adt_tensor *pf_sqrt(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_sqrt_pf(a, t, r); }
static adt_tensor *pf_tanh(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_tanh_pf(a, t, r); }
static adt_tensor *pf_sigmoid(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_sigmoid_pf(a, t, r); }
static adt_tensor *pf_relu(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { (void)p; return adt_relu_pf(a, t, r); }
static adt_tensor *pf_add_s(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { return adt_add_scalar_pf(a, t, 0.7, p, r); }
static adt_tensor *pf_mul_s(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { return adt_mul_scalar_pf(a, t, -1.3, p, r); }
static adt_tensor *pf_pow_s(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { return adt_pow_scalar_pf(a, t, 2.5, p, r); }
static adt_tensor *pf_clamp(const adt_tensor *a, const adt_tensor *t, double p, adt_tensor **r) { return adt_clamp_pf(a, t, 0.7, p, 1.2, -2 * p, r); }

static const struct {
    const char *name;
    UnaryPf pf;
    int positive;
} unaries[] = {
    {"neg", pf_neg, 0},   {"exp", pf_exp, 0},         {"log", pf_log, 1},     {"sqrt", pf_sqrt, 1},
    {"tanh", pf_tanh, 0}, {"sigmoid", pf_sigmoid, 0}, {"relu", pf_relu, 0},   {"add_scalar", pf_add_s, 0},
    {"mul_scalar", pf_mul_s, 0}, {"pow_scalar", pf_pow_s, 1}, {"clamp", pf_clamp, 1},
};

/* The value and the tangent of pf on a and t_a (NULL: zero), both devices. */
static void check_unary_pf(const char *name, UnaryPf pf, const adt_tensor *a, const adt_tensor *t_a, double t_p)
{
    char what[96];
    adt_tensor *a_dev = dev(a), *t_a_dev = t_a ? dev(t_a) : NULL, *t, *t_dev;
    adt_tensor *y = pf(a, t_a, t_p, &t), *y_dev = pf(a_dev, t_a_dev, t_p, &t_dev);
    snprintf(what, sizeof what, "adt_%s_pf value", name);
    check_close(what, y, y_dev);
    snprintf(what, sizeof what, "adt_%s_pf tangent (t_a %s, t_p %g)", name, t_a ? "given" : "NULL", t_p);
    check_close(what, t, t_dev);
    adt_tensor *all[] = {a_dev, t_a_dev, y, y_dev, t, t_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void test_unary(adt_dtype dt)
{
    static const int64_t shape[2] = {37, 5};
    for (size_t k = 0; k < sizeof unaries / sizeof unaries[0]; k++) {
        adt_tensor *a = unaries[k].positive ? positive(dt, 2, shape) : randn(dt, 2, shape);
        adt_tensor *t_a = randn(dt, 2, shape);
        check_unary_pf(unaries[k].name, unaries[k].pf, a, t_a, 0.0);
        check_unary_pf(unaries[k].name, unaries[k].pf, a, t_a, 0.35);
        check_unary_pf(unaries[k].name, unaries[k].pf, a, NULL, 0.35);
        check_unary_pf(unaries[k].name, unaries[k].pf, a, NULL, 0.0);
        adt_free(a);
        adt_free(t_a);
    }
}

/* ---- broadcasting binary ops ---- */

typedef adt_tensor *(*BinaryPf)(const adt_tensor *, const adt_tensor *, const adt_tensor *, const adt_tensor *,
                                adt_tensor **);

static void check_binary_pf(const char *name, BinaryPf pf, const adt_tensor *a, const adt_tensor *b, int with_ta,
                            int with_tb)
{
    char what[96];
    adt_tensor *t_a = with_ta ? randn(a->dtype, a->ndim, a->shape) : NULL;
    adt_tensor *t_b = with_tb ? randn(b->dtype, b->ndim, b->shape) : NULL;
    adt_tensor *a_dev = dev(a), *b_dev = dev(b), *t_a_dev = t_a ? dev(t_a) : NULL, *t_b_dev = t_b ? dev(t_b) : NULL;
    adt_tensor *t, *t_dev;
    adt_tensor *y = pf(a, t_a, b, t_b, &t), *y_dev = pf(a_dev, t_a_dev, b_dev, t_b_dev, &t_dev);
    snprintf(what, sizeof what, "adt_%s_pf value", name);
    check_close(what, y, y_dev);
    snprintf(what, sizeof what, "adt_%s_pf tangent (t_a %s, t_b %s)", name, t_a ? "given" : "NULL",
             t_b ? "given" : "NULL");
    check_close(what, t, t_dev);
    adt_tensor *all[] = {t_a, t_b, a_dev, b_dev, t_a_dev, t_b_dev, y, y_dev, t, t_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void test_binary(adt_dtype dt)
{
    static const struct {
        const char *name;
        BinaryPf pf;
    } ops[] = {{"add", adt_add_pf}, {"sub", adt_sub_pf}, {"mul", adt_mul_pf}, {"div", adt_div_pf}};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        /* same shapes, then b broadcast along rows, then a broadcast along columns */
        adt_tensor *a = randn(dt, 2, (int64_t[]){6, 9}), *b = positive(dt, 2, (int64_t[]){6, 9});
        adt_tensor *row = positive(dt, 1, (int64_t[]){9}), *col = randn(dt, 2, (int64_t[]){6, 1});
        for (int m = 0; m < 4; m++) {
            check_binary_pf(ops[k].name, ops[k].pf, a, b, m & 1, m & 2);
            check_binary_pf(ops[k].name, ops[k].pf, a, row, m & 1, m & 2);
            check_binary_pf(ops[k].name, ops[k].pf, col, b, m & 1, m & 2);
        }
        adt_free(a);
        adt_free(b);
        adt_free(row);
        adt_free(col);
    }
}

/* ---- convolution and pooling ---- */

static adt_tensor *maybe_dev(const adt_tensor *t)
{
    return t ? dev(t) : NULL;
}

/* conv2d_pf with the tangents chosen by the bits of m (1 t_x, 2 t_w, 4 t_bias). */
static void check_conv_pf(adt_dtype dt, int stride, int padding, int m)
{
    char what[96];
    adt_tensor *x = randn(dt, 4, (int64_t[]){2, 3, 7, 6}), *w = randn(dt, 4, (int64_t[]){4, 3, 3, 3});
    adt_tensor *b = randn(dt, 1, (int64_t[]){4});
    adt_tensor *t_x = m & 1 ? randn(dt, 4, x->shape) : NULL, *t_w = m & 2 ? randn(dt, 4, w->shape) : NULL;
    adt_tensor *t_b = m & 4 ? randn(dt, 1, b->shape) : NULL;
    adt_tensor *xd = dev(x), *wd = dev(w), *bd = dev(b), *t_xd = maybe_dev(t_x), *t_wd = maybe_dev(t_w);
    adt_tensor *t_bd = maybe_dev(t_b), *t, *t_dev;
    adt_tensor *y = adt_conv2d_pf(x, t_x, w, t_w, b, t_b, stride, padding, &t);
    adt_tensor *y_dev = adt_conv2d_pf(xd, t_xd, wd, t_wd, bd, t_bd, stride, padding, &t_dev);
    snprintf(what, sizeof what, "adt_conv2d_pf value (stride %d, padding %d)", stride, padding);
    check_close(what, y, y_dev);
    snprintf(what, sizeof what, "adt_conv2d_pf tangent (stride %d, padding %d, tangents %d)", stride, padding, m);
    check_close(what, t, t_dev);
    adt_tensor *all[] = {x, w, b, t_x, t_w, t_b, xd, wd, bd, t_xd, t_wd, t_bd, y, y_dev, t, t_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

typedef adt_tensor *(*PoolPf)(const adt_tensor *, const adt_tensor *, int, int, adt_tensor **);

/* pool_pf on relu(randn) (ties: all-zero windows), with and without t_x;
 * x is a transposed (non-contiguous) view on both devices. */
static void check_pool_pf(const char *name, PoolPf pf, adt_dtype dt, int k, int stride)
{
    char what[96];
    adt_tensor *z = randn(dt, 4, (int64_t[]){2, 3, 9, 8}), *base = adt_relu(z);
    adt_tensor *x = adt_transpose(base, 2, 3), *base_dev = dev(base), *xd = adt_transpose(base_dev, 2, 3);
    for (int with = 0; with < 2; with++) {
        adt_tensor *t_x = with ? randn(dt, 4, x->shape) : NULL, *t_xd = maybe_dev(t_x), *t, *t_dev;
        adt_tensor *y = pf(x, t_x, k, stride, &t), *y_dev = pf(xd, t_xd, k, stride, &t_dev);
        snprintf(what, sizeof what, "adt_%s_pf value (k %d, stride %d)", name, k, stride);
        check_close(what, y, y_dev);
        snprintf(what, sizeof what, "adt_%s_pf tangent (k %d, stride %d, t_x %s)", name, k, stride,
                 with ? "given" : "NULL");
        check_close(what, t, t_dev);
        adt_tensor *all[] = {t_x, t_xd, y, y_dev, t, t_dev};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            adt_free(all[i]);
    }
    adt_tensor *all[] = {z, base, x, base_dev, xd};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void test_nn(adt_dtype dt)
{
    for (int m = 0; m < 8; m++)
        check_conv_pf(dt, 1, 1, m);
    check_conv_pf(dt, 2, 0, 7);
    static const int pools[][2] = {{2, 2}, {3, 1}, {3, 2}};
    for (int i = 0; i < 3; i++) {
        check_pool_pf("max_pool2d", adt_max_pool2d_pf, dt, pools[i][0], pools[i][1]);
        check_pool_pf("avg_pool2d", adt_avg_pool2d_pf, dt, pools[i][0], pools[i][1]);
    }
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_unary(dt);
        test_binary(dt);
        test_nn(dt);
    }
}

int main(void)
{
    return run_main("test_cuda_forward");
}
