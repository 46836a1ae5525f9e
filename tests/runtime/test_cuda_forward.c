/* test_cuda_forward.c (ctest gpu.cuda_forward, label gpu): the forward
 * rules (<op>_pf, what f_jvp calls) on the CUDA device against the CPU:
 * value and tangent of the elementwise ops with their scalar parameters'
 * tangents, of the broadcasting binary ops, of conv2d (cuDNN) and of max
 * (ties included) and average pooling, of the reductions (max with ties
 * and NaNs), matmul, bmm and linear, softmax, log-softmax and the losses,
 * with NULL (zero) tangents too; and second-order rules (<op>_pb_pf, what
 * f_hvp calls), which are made of ops, on a selection of ops.
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

/* ---- reductions ---- */

static void check_tensor_pf(const char *what, const adt_tensor *y, const adt_tensor *y_dev, const adt_tensor *t,
                            const adt_tensor *t_dev)
{
    char w[128];
    snprintf(w, sizeof w, "%s value", what);
    check_close(w, y, y_dev);
    snprintf(w, sizeof w, "%s tangent", what);
    check_close(w, t, t_dev);
}

static void free_all(adt_tensor **t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adt_free(t[i]);
}

static void test_reduce(adt_dtype dt)
{
    char what[96];
    adt_tensor *a = randn(dt, 3, (int64_t[]){4, 70, 3}), *t_a = randn(dt, 3, a->shape);
    /* ties and a NaN for max: coarse values */
    adt_tensor *r = adt_mul_scalar(a, 2), *c = adt_relu(r);
    adt_tensor *a_dev = dev(a), *t_dev_a = dev(t_a), *c_dev = dev(c);
    for (int dim = -1; dim < 3; dim++) {
        for (int keep = 0; keep < 2; keep++) {
            for (int with = 0; with < 2; with++) {
                const adt_tensor *ta = with ? t_a : NULL, *tad = with ? t_dev_a : NULL;
                adt_tensor *out[8];
                out[0] = adt_sum_pf(a, ta, dim, keep, &out[1]);
                out[2] = adt_sum_pf(a_dev, tad, dim, keep, &out[3]);
                snprintf(what, sizeof what, "adt_sum_pf (dim %d, keepdim %d, t_a %d)", dim, keep, with);
                check_tensor_pf(what, out[0], out[2], out[1], out[3]);
                out[4] = adt_mean_pf(a, ta, dim, keep, &out[5]);
                out[6] = adt_mean_pf(a_dev, tad, dim, keep, &out[7]);
                snprintf(what, sizeof what, "adt_mean_pf (dim %d, keepdim %d, t_a %d)", dim, keep, with);
                check_tensor_pf(what, out[4], out[6], out[5], out[7]);
                free_all(out, 8);
                out[0] = adt_max_pf(c, ta, dim, keep, &out[1]);
                out[2] = adt_max_pf(c_dev, tad, dim, keep, &out[3]);
                snprintf(what, sizeof what, "adt_max_pf on ties (dim %d, keepdim %d, t_a %d)", dim, keep, with);
                check_tensor_pf(what, out[0], out[2], out[1], out[3]);
                free_all(out, 4);
            }
        }
    }
    double t1, t2, v1 = adt_sum_all_pf(a, t_a, &t1), v2 = adt_sum_all_pf(a_dev, t_dev_a, &t2);
    check_scalar("adt_sum_all_pf value", dt, v1, v2);
    check_scalar("adt_sum_all_pf tangent", dt, t1, t2);
    v1 = adt_mean_all_pf(a, NULL, &t1);
    v2 = adt_mean_all_pf(a_dev, NULL, &t2);
    check_scalar("adt_mean_all_pf value", dt, v1, v2);
    check_scalar("adt_mean_all_pf tangent", dt, t1, t2);
    adt_tensor *all[] = {a, t_a, r, c, a_dev, t_dev_a, c_dev};
    free_all(all, sizeof all / sizeof all[0]);
}

/* ---- products ---- */

static void test_products(adt_dtype dt)
{
    char what[96];
    adt_tensor *a = randn(dt, 2, (int64_t[]){5, 7}), *b = randn(dt, 2, (int64_t[]){7, 3});
    adt_tensor *ba = randn(dt, 3, (int64_t[]){4, 5, 7}), *bb = randn(dt, 3, (int64_t[]){4, 7, 3});
    adt_tensor *x = randn(dt, 2, (int64_t[]){6, 7}), *w = randn(dt, 2, (int64_t[]){3, 7});
    adt_tensor *bias = randn(dt, 1, (int64_t[]){3});
    adt_tensor *cpu[] = {a, b, ba, bb, x, w, bias};
    adt_tensor *tan[7], *gpu[7], *tgpu[7];
    for (int i = 0; i < 7; i++) {
        tan[i] = randn(dt, cpu[i]->ndim, cpu[i]->shape);
        gpu[i] = dev(cpu[i]);
        tgpu[i] = dev(tan[i]);
    }
    for (int m = 0; m < 8; m++) {
#define T(i, bit) (m & (bit) ? tan[i] : NULL)
#define TG(i, bit) (m & (bit) ? tgpu[i] : NULL)
        adt_tensor *out[4];
        out[0] = adt_matmul_pf(a, T(0, 1), b, T(1, 2), &out[1]);
        out[2] = adt_matmul_pf(gpu[0], TG(0, 1), gpu[1], TG(1, 2), &out[3]);
        snprintf(what, sizeof what, "adt_matmul_pf (tangents %d)", m & 3);
        check_tensor_pf(what, out[0], out[2], out[1], out[3]);
        free_all(out, 4);
        out[0] = adt_bmm_pf(ba, T(2, 1), bb, T(3, 2), &out[1]);
        out[2] = adt_bmm_pf(gpu[2], TG(2, 1), gpu[3], TG(3, 2), &out[3]);
        snprintf(what, sizeof what, "adt_bmm_pf (tangents %d)", m & 3);
        check_tensor_pf(what, out[0], out[2], out[1], out[3]);
        free_all(out, 4);
        out[0] = adt_linear_pf(x, T(4, 1), w, T(5, 2), bias, T(6, 4), &out[1]);
        out[2] = adt_linear_pf(gpu[4], TG(4, 1), gpu[5], TG(5, 2), gpu[6], TG(6, 4), &out[3]);
        snprintf(what, sizeof what, "adt_linear_pf (tangents %d)", m);
        check_tensor_pf(what, out[0], out[2], out[1], out[3]);
        free_all(out, 4);
#undef T
#undef TG
    }
    free_all(cpu, 7);
    free_all(tan, 7);
    free_all(gpu, 7);
    free_all(tgpu, 7);
}

/* ---- softmax and the losses ---- */

static void test_softmax_losses(adt_dtype dt)
{
    char what[96];
    adt_tensor *a = randn(dt, 3, (int64_t[]){3, 11, 4}), *t_a = randn(dt, 3, a->shape);
    adt_tensor *a_dev = dev(a), *t_dev_a = dev(t_a);
    for (int dim = 0; dim < 3; dim++) {
        for (int take_log = 0; take_log < 2; take_log++) {
            adt_tensor *out[4];
            if (take_log) {
                out[0] = adt_log_softmax_pf(a, t_a, dim, &out[1]);
                out[2] = adt_log_softmax_pf(a_dev, t_dev_a, dim, &out[3]);
            } else {
                out[0] = adt_softmax_pf(a, t_a, dim, &out[1]);
                out[2] = adt_softmax_pf(a_dev, t_dev_a, dim, &out[3]);
            }
            snprintf(what, sizeof what, "adt_%ssoftmax_pf (dim %d)", take_log ? "log_" : "", dim);
            check_tensor_pf(what, out[0], out[2], out[1], out[3]);
            free_all(out, 4);
        }
    }
    adt_tensor *logits = randn(dt, 2, (int64_t[]){9, 5}), *t_logits = randn(dt, 2, logits->shape);
    adt_tensor *u = adt_rand(&rng, dt, 1, (int64_t[]){9}), *u5 = adt_mul_scalar(u, 4.999);
    adt_tensor *labels = adt_to_dtype(u5, dt); /* 0 .. 4.999, floored below */
    for (int64_t i = 0; i < 9; i++)
        adt_set(labels, (int64_t[]){i}, (double)(int64_t)adt_get(labels, (int64_t[]){i}));
    adt_tensor *l_dev = dev(logits), *tl_dev = dev(t_logits), *lab_dev = dev(labels);
    double t1, t2, v1 = adt_cross_entropy_pf(logits, t_logits, labels, NULL, &t1);
    double v2 = adt_cross_entropy_pf(l_dev, tl_dev, lab_dev, NULL, &t2);
    check_scalar("adt_cross_entropy_pf value", dt, v1, v2);
    check_scalar("adt_cross_entropy_pf tangent", dt, t1, t2);
    adt_tensor *b = randn(dt, 3, a->shape), *t_b = randn(dt, 3, a->shape), *b_dev = dev(b), *tb_dev = dev(t_b);
    for (int m = 0; m < 4; m++) {
        v1 = adt_mse_loss_pf(a, m & 1 ? t_a : NULL, b, m & 2 ? t_b : NULL, &t1);
        v2 = adt_mse_loss_pf(a_dev, m & 1 ? t_dev_a : NULL, b_dev, m & 2 ? tb_dev : NULL, &t2);
        snprintf(what, sizeof what, "adt_mse_loss_pf (tangents %d)", m);
        check_scalar(what, dt, v1, v2);
        check_scalar(what, dt, t1, t2);
    }
    adt_tensor *all[] = {a, t_a, a_dev, t_dev_a, logits, t_logits, u, u5, labels, l_dev, tl_dev, lab_dev,
                         b, t_b, b_dev, tb_dev};
    free_all(all, sizeof all / sizeof all[0]);
}

/* ---- second-order rules: d_x += J^T g and t_d_x += the rule's tangent ---- */

/* Runs rule on the CPU operands and on their device copies and compares the
 * adjoint and its tangent (both start from random values). */
typedef void (*SecondRule)(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d);

static void check_second(const char *name, SecondRule rule, adt_tensor *const *in, int n, const adt_tensor *like)
{
    char what[96];
    adt_tensor *in_dev[8];
    for (int i = 0; i < n; i++)
        in_dev[i] = dev(in[i]);
    adt_tensor *d = randn(like->dtype, like->ndim, like->shape), *t_d = randn(like->dtype, like->ndim, like->shape);
    adt_tensor *d_dev = dev(d), *t_d_dev = dev(t_d);
    rule(in, d, t_d);
    rule(in_dev, d_dev, t_d_dev);
    snprintf(what, sizeof what, "%s d_x", name);
    check_close(what, d, d_dev);
    snprintf(what, sizeof what, "%s t_d_x", name);
    check_close(what, t_d, t_d_dev);
    free_all(in_dev, (size_t)n);
    adt_tensor *all[] = {d, d_dev, t_d, t_d_dev};
    free_all(all, 4);
}

/* in: a, t_a, g, t_g (a's shape) */
static void r_exp(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_exp_pb_pf(in[0], in[1], d, t_d, in[2], in[3]); }
static void r_tanh(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_tanh_pb_pf(in[0], in[1], d, t_d, in[2], in[3]); }
static void r_softmax(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_softmax_pb_pf(in[0], in[1], d, t_d, 1, in[2], in[3]); }
static void r_log_softmax(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_log_softmax_pb_pf(in[0], in[1], d, t_d, 0, in[2], in[3]); }
/* in: a, t_a, b, t_b, g, t_g (all one shape) */
static void r_mul(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_mul_pb_pf(in[0], in[1], d, t_d, in[2], in[3], NULL, NULL, in[4], in[5]); }
/* in: x, t_x, w, t_w, g, t_g (linear: x [6, 7], w [3, 7], g [6, 3]); d is d_x */
static void r_linear(adt_tensor *const *in, adt_tensor *d, adt_tensor *t_d) { adt_linear_pb_pf(in[0], in[1], d, t_d, in[2], in[3], NULL, NULL, NULL, NULL, NULL, NULL, in[4], in[5]); }

static void test_second(adt_dtype dt)
{
    int64_t s[2] = {6, 7};
    adt_tensor *one[4], *two[6], *lin[6];
    for (int i = 0; i < 4; i++)
        one[i] = randn(dt, 2, s);
    for (int i = 0; i < 6; i++)
        two[i] = randn(dt, 2, s);
    const int64_t lshape[6][2] = {{6, 7}, {6, 7}, {3, 7}, {3, 7}, {6, 3}, {6, 3}};
    for (int i = 0; i < 6; i++)
        lin[i] = randn(dt, 2, lshape[i]);
    check_second("adt_exp_pb_pf", r_exp, one, 4, one[0]);
    check_second("adt_tanh_pb_pf", r_tanh, one, 4, one[0]);
    check_second("adt_softmax_pb_pf", r_softmax, one, 4, one[0]);
    check_second("adt_log_softmax_pb_pf", r_log_softmax, one, 4, one[0]);
    check_second("adt_mul_pb_pf", r_mul, two, 6, two[0]);
    check_second("adt_linear_pb_pf", r_linear, lin, 6, lin[0]);
    free_all(one, 4);
    free_all(two, 6);
    free_all(lin, 6);
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_unary(dt);
        test_binary(dt);
        test_nn(dt);
        test_reduce(dt);
        test_products(dt);
        test_softmax_losses(dt);
        test_second(dt);
    }
}

int main(void)
{
    return run_main("test_cuda_forward");
}
