/* test_cuda.c (ctest gpu.cuda, label gpu): every op ported to the CUDA
 * device, and its pullback, against the CPU implementation on seeded data
 * (f64 relative error <= 1e-10, f32 <= 1e-4; several shapes, broadcasting,
 * non-contiguous views), the device allocator's reuse, and the error paths
 * (element access, mixed devices, out of memory).
 * Exits 77 (skipped) when adt_cuda_device_count() finds no device
 * (cuda_check.h). */
#include "cuda_check.h"

/* ---- unary ops: a common signature for the table ---- */

typedef struct Unary {
    const char *name;
    adt_tensor *(*f)(const adt_tensor *);
    void (*pb)(const adt_tensor *, adt_tensor *, double *, double *, const adt_tensor *);
    int positive;
} Unary;

static adt_tensor *f_add_s(const adt_tensor *a) { return adt_add_scalar(a, 0.7); }
static adt_tensor *f_mul_s(const adt_tensor *a) { return adt_mul_scalar(a, -1.3); }
static adt_tensor *f_pow_s(const adt_tensor *a) { return adt_pow_scalar(a, 2.5); }
static adt_tensor *f_clamp(const adt_tensor *a) { return adt_clamp(a, -0.5, 0.6); }
static void pb_neg(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_neg_pb(a, d, g); }
static void pb_exp(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_exp_pb(a, d, g); }
static void pb_log(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_log_pb(a, d, g); }
static void pb_sqrt(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_sqrt_pb(a, d, g); }
static void pb_tanh(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_tanh_pb(a, d, g); }
static void pb_sigmoid(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_sigmoid_pb(a, d, g); }
static void pb_relu(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)p; (void)q; adt_relu_pb(a, d, g); }
static void pb_add_s(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)q; adt_add_scalar_pb(a, d, 0.7, p, g); }
static void pb_mul_s(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)q; adt_mul_scalar_pb(a, d, -1.3, p, g); }
static void pb_pow_s(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { (void)q; adt_pow_scalar_pb(a, d, 2.5, p, g); }
static void pb_clamp(const adt_tensor *a, adt_tensor *d, double *p, double *q, const adt_tensor *g) { adt_clamp_pb(a, d, -0.5, p, 0.6, q, g); }

static const Unary unaries[] = {
    {"neg", adt_neg, pb_neg, 0},          {"exp", adt_exp, pb_exp, 0},
    {"log", adt_log, pb_log, 1},          {"sqrt", adt_sqrt, pb_sqrt, 1},
    {"tanh", adt_tanh, pb_tanh, 0},       {"sigmoid", adt_sigmoid, pb_sigmoid, 0},
    {"relu", adt_relu, pb_relu, 0},       {"add_scalar", f_add_s, pb_add_s, 0},
    {"mul_scalar", f_mul_s, pb_mul_s, 0}, {"pow_scalar", f_pow_s, pb_pow_s, 1},
    {"clamp", f_clamp, pb_clamp, 0},
};

/* op and its pullback on a (CPU) and on its device copy, which is made a
 * non-contiguous view when `transposed` (a is then [n, m] transposed). */
static void check_unary(const Unary *u, const adt_tensor *a_cpu)
{
    char what[96];
    adt_tensor *a_dev = dev(a_cpu);
    adt_tensor *y = u->f(a_cpu), *y_dev = u->f(a_dev);
    snprintf(what, sizeof what, "adt_%s", u->name);
    check_close(what, y, y_dev);
    adt_tensor *g = randn(a_cpu->dtype, a_cpu->ndim, a_cpu->shape), *g_dev = dev(g);
    adt_tensor *d = randn(a_cpu->dtype, a_cpu->ndim, a_cpu->shape), *d_dev = dev(d); /* accumulated into */
    double p = 0.25, q = -0.5, p_dev = 0.25, q_dev = -0.5;
    u->pb(a_cpu, d, &p, &q, g);
    u->pb(a_dev, d_dev, &p_dev, &q_dev, g_dev);
    snprintf(what, sizeof what, "adt_%s_pb d_a", u->name);
    check_close(what, d, d_dev);
    snprintf(what, sizeof what, "adt_%s_pb d_p", u->name);
    check_scalar(what, a_cpu->dtype, p, p_dev);
    check_scalar(what, a_cpu->dtype, q, q_dev);
    adt_free(a_dev);
    adt_free(y);
    adt_free(y_dev);
    adt_free(g);
    adt_free(g_dev);
    adt_free(d);
    adt_free(d_dev);
}

static void test_unary(adt_dtype dt)
{
    static const int64_t shapes[][3] = {{7, 0, 0}, {3, 5, 0}, {2, 3, 4}, {129, 65, 0}};
    static const int ndims[] = {1, 2, 3, 2};
    for (size_t k = 0; k < sizeof unaries / sizeof unaries[0]; k++) {
        const Unary *u = &unaries[k];
        for (int s = 0; s < 4; s++) {
            adt_tensor *a = u->positive ? positive(dt, ndims[s], shapes[s]) : randn(dt, ndims[s], shapes[s]);
            check_unary(u, a);
            adt_free(a);
        }
        /* a transposed (non-contiguous) view on both sides */
        adt_tensor *base = u->positive ? positive(dt, 2, (int64_t[]){6, 4}) : randn(dt, 2, (int64_t[]){6, 4});
        adt_tensor *t = adt_transpose(base, 0, 1), *base_dev = dev(base), *t_dev = adt_transpose(base_dev, 0, 1);
        adt_tensor *y = u->f(t), *y_dev = u->f(t_dev);
        check_close("unary op on a transposed view", y, y_dev);
        adt_free(y);
        adt_free(y_dev);
        adt_free(t);
        adt_free(t_dev);
        adt_free(base);
        adt_free(base_dev);
    }
}

/* ---- broadcasting binary ops ---- */

typedef adt_tensor *(*BinaryFn)(const adt_tensor *, const adt_tensor *);
typedef void (*BinaryPb)(const adt_tensor *, adt_tensor *, const adt_tensor *, adt_tensor *, const adt_tensor *);

static void check_binary(const char *name, BinaryFn f, BinaryPb pb, const adt_tensor *a, const adt_tensor *b)
{
    char what[96];
    adt_tensor *a_dev = dev(a), *b_dev = dev(b);
    adt_tensor *y = f(a, b), *y_dev = f(a_dev, b_dev);
    snprintf(what, sizeof what, "adt_%s", name);
    check_close(what, y, y_dev);
    adt_tensor *g = randn(y->dtype, y->ndim, y->shape), *g_dev = dev(g);
    adt_tensor *da = randn(a->dtype, a->ndim, a->shape), *db = randn(b->dtype, b->ndim, b->shape);
    adt_tensor *da_dev = dev(da), *db_dev = dev(db);
    pb(a, da, b, db, g);
    pb(a_dev, da_dev, b_dev, db_dev, g_dev);
    snprintf(what, sizeof what, "adt_%s_pb d_a", name);
    check_close(what, da, da_dev);
    snprintf(what, sizeof what, "adt_%s_pb d_b", name);
    check_close(what, db, db_dev);
    adt_tensor *all[] = {a_dev, b_dev, y, y_dev, g, g_dev, da, db, da_dev, db_dev};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        adt_free(all[k]);
}

static void test_binary(adt_dtype dt)
{
    static const struct { const char *name; BinaryFn f; BinaryPb pb; } ops[] = {
        {"add", adt_add, adt_add_pb}, {"sub", adt_sub, adt_sub_pb},
        {"mul", adt_mul, adt_mul_pb}, {"div", adt_div, adt_div_pb},
    };
    /* shape pairs: same, trailing, both sides, middle, scalar, big */
    static const struct { int na; int64_t sa[3]; int nb; int64_t sb[3]; } pairs[] = {
        {2, {3, 5}, 2, {3, 5}}, {2, {3, 5}, 1, {5}},    {2, {3, 1}, 2, {1, 5}},
        {3, {2, 3, 4}, 2, {3, 1}}, {2, {4, 3}, 0, {0}}, {2, {300, 70}, 1, {70}},
    };
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
        for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
            adt_tensor *a = randn(dt, pairs[p].na, pairs[p].sa), *b = positive(dt, pairs[p].nb, pairs[p].sb);
            check_binary(ops[o].name, ops[o].f, ops[o].pb, a, b);
            check_binary(ops[o].name, ops[o].f, ops[o].pb, b, a); /* broadcast the other way */
            adt_free(a);
            adt_free(b);
        }
        /* non-contiguous operands: a transposed view and a narrowed one */
        adt_tensor *base = randn(dt, 2, (int64_t[]){5, 3}), *other = positive(dt, 2, (int64_t[]){3, 8});
        adt_tensor *a = adt_transpose(base, 0, 1), *b = adt_narrow(other, 1, 2, 5);
        adt_tensor *base_dev = dev(base), *other_dev = dev(other);
        adt_tensor *a_dev = adt_transpose(base_dev, 0, 1), *b_dev = adt_narrow(other_dev, 1, 2, 5);
        adt_tensor *y = ops[o].f(a, b), *y_dev = ops[o].f(a_dev, b_dev);
        check_close("binary op on views", y, y_dev);
        adt_tensor *all[] = {base, other, a, b, base_dev, other_dev, a_dev, b_dev, y, y_dev};
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
            adt_free(all[k]);
    }
}

/* ---- sum and mean ---- */

static void test_reduce(adt_dtype dt)
{
    static const int64_t shapes[][3] = {{2, 3, 4}, {1000, 7, 1}, {5, 300, 2}};
    for (int s = 0; s < 3; s++) {
        adt_tensor *a = randn(dt, 3, shapes[s]), *a_dev = dev(a);
        for (int mean = 0; mean <= 1; mean++) {
            for (int dim = -1; dim < 3; dim++) {
                for (int keep = 0; keep <= 1; keep++) {
                    adt_tensor *y = mean ? adt_mean(a, dim, keep) : adt_sum(a, dim, keep);
                    adt_tensor *y_dev = mean ? adt_mean(a_dev, dim, keep) : adt_sum(a_dev, dim, keep);
                    check_close(mean ? "adt_mean" : "adt_sum", y, y_dev);
                    adt_tensor *g = randn(dt, y->ndim, y->shape), *g_dev = dev(g);
                    adt_tensor *d = randn(dt, 3, shapes[s]), *d_dev = dev(d);
                    if (mean) {
                        adt_mean_pb(a, d, dim, keep, g);
                        adt_mean_pb(a_dev, d_dev, dim, keep, g_dev);
                    } else {
                        adt_sum_pb(a, d, dim, keep, g);
                        adt_sum_pb(a_dev, d_dev, dim, keep, g_dev);
                    }
                    check_close(mean ? "adt_mean_pb" : "adt_sum_pb", d, d_dev);
                    adt_tensor *all[] = {y, y_dev, g, g_dev, d, d_dev};
                    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
                        adt_free(all[k]);
                }
            }
        }
        check_scalar("adt_sum_all", dt, adt_sum_all(a), adt_sum_all(a_dev));
        check_scalar("adt_mean_all", dt, adt_mean_all(a), adt_mean_all(a_dev));
        adt_tensor *d = randn(dt, 3, shapes[s]), *d_dev = dev(d);
        adt_sum_all_pb(a, d, 0.75);
        adt_sum_all_pb(a_dev, d_dev, 0.75);
        adt_mean_all_pb(a, d, -2.0);
        adt_mean_all_pb(a_dev, d_dev, -2.0);
        check_close("adt_sum_all_pb, adt_mean_all_pb", d, d_dev);
        /* a transposed view */
        adt_tensor *t = adt_transpose(a, 0, 2), *t_dev = adt_transpose(a_dev, 0, 2);
        adt_tensor *y = adt_sum(t, 1, 0), *y_dev = adt_sum(t_dev, 1, 0);
        check_close("adt_sum of a transposed view", y, y_dev);
        check_scalar("adt_sum_all of a transposed view", dt, adt_sum_all(t), adt_sum_all(t_dev));
        adt_tensor *all[] = {a, a_dev, d, d_dev, t, t_dev, y, y_dev};
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
            adt_free(all[k]);
    }
}

/* ---- matmul and linear on cuBLAS ---- */

static void check_matmul(adt_dtype dt, int64_t m, int64_t k, int64_t n, int ta, int tb)
{
    /* ta: a is the transpose of a [k, m] tensor (column-major for cuBLAS) */
    adt_tensor *a0 = ta ? randn(dt, 2, (int64_t[]){k, m}) : randn(dt, 2, (int64_t[]){m, k});
    adt_tensor *b0 = tb ? randn(dt, 2, (int64_t[]){n, k}) : randn(dt, 2, (int64_t[]){k, n});
    adt_tensor *a0_dev = dev(a0), *b0_dev = dev(b0);
    adt_tensor *a = ta ? adt_transpose(a0, 0, 1) : adt_retain(a0), *b = tb ? adt_transpose(b0, 0, 1) : adt_retain(b0);
    adt_tensor *a_dev = ta ? adt_transpose(a0_dev, 0, 1) : adt_retain(a0_dev);
    adt_tensor *b_dev = tb ? adt_transpose(b0_dev, 0, 1) : adt_retain(b0_dev);
    adt_tensor *c = adt_matmul(a, b), *c_dev = adt_matmul(a_dev, b_dev);
    check_close("adt_matmul", c, c_dev);
    adt_tensor *g = randn(dt, 2, c->shape), *g_dev = dev(g);
    adt_tensor *da = randn(dt, 2, a->shape), *db = randn(dt, 2, b->shape), *da_dev = dev(da), *db_dev = dev(db);
    adt_matmul_pb(a, da, b, db, g);
    adt_matmul_pb(a_dev, da_dev, b_dev, db_dev, g_dev);
    check_close("adt_matmul_pb d_a", da, da_dev);
    check_close("adt_matmul_pb d_b", db, db_dev);
    adt_tensor *all[] = {a0, b0, a0_dev, b0_dev, a, b, a_dev, b_dev, c, c_dev, g, g_dev, da, db, da_dev, db_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void check_linear(adt_dtype dt, int64_t n, int64_t in, int64_t out, int with_bias)
{
    adt_tensor *x = randn(dt, 2, (int64_t[]){n, in}), *w = randn(dt, 2, (int64_t[]){out, in});
    adt_tensor *bias = with_bias ? randn(dt, 1, &out) : NULL;
    adt_tensor *x_dev = dev(x), *w_dev = dev(w), *bias_dev = bias ? dev(bias) : NULL;
    adt_tensor *y = adt_linear(x, w, bias), *y_dev = adt_linear(x_dev, w_dev, bias_dev);
    check_close("adt_linear", y, y_dev);
    adt_tensor *g = randn(dt, 2, y->shape), *g_dev = dev(g);
    adt_tensor *dx = adt_zeros_like(x), *dw = randn(dt, 2, w->shape), *db = bias ? randn(dt, 1, &out) : NULL;
    adt_tensor *dx_dev = adt_zeros_like(x_dev), *dw_dev = dev(dw), *db_dev = db ? dev(db) : NULL;
    EXPECT(adt_device_of(dx_dev) == ADT_CUDA);
    adt_linear_pb(x, dx, w, dw, bias, db, g);
    adt_linear_pb(x_dev, dx_dev, w_dev, dw_dev, bias_dev, db_dev, g_dev);
    check_close("adt_linear_pb d_x", dx, dx_dev);
    check_close("adt_linear_pb d_w", dw, dw_dev);
    if (db)
        check_close("adt_linear_pb d_bias", db, db_dev);
    adt_tensor *all[] = {x, w, bias, x_dev, w_dev, bias_dev, y, y_dev, g, g_dev, dx, dw, db, dx_dev, dw_dev, db_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void test_linalg(adt_dtype dt)
{
    for (int ta = 0; ta <= 1; ta++)
        for (int tb = 0; tb <= 1; tb++) {
            check_matmul(dt, 3, 4, 5, ta, tb);
            check_matmul(dt, 64, 130, 33, ta, tb);
        }
    check_matmul(dt, 1, 7, 1, 0, 0);
    check_linear(dt, 16, 20, 10, 1);
    check_linear(dt, 5, 3, 7, 0);
}

/* ---- creation, copies, in place ---- */

static void test_in_place(adt_dtype dt)
{
    adt_tensor *a = randn(dt, 2, (int64_t[]){4, 6}), *a_dev = dev(a);
    /* round trip, clone and contiguous of a transposed view */
    adt_tensor *t = adt_transpose(a, 0, 1), *t_dev = adt_transpose(a_dev, 0, 1);
    adt_tensor *c = adt_contiguous(t), *c_dev = adt_contiguous(t_dev), *k_dev = adt_clone(t_dev);
    check_close("adt_to round trip", a, a_dev);
    check_close("adt_contiguous of a view", c, c_dev);
    check_close("adt_clone of a view", c, k_dev);
    adt_tensor *same = adt_to(a_dev, ADT_CUDA);
    EXPECT(same == a_dev);
    adt_free(same);
    /* adt_to of a device view gives a contiguous host copy */
    adt_tensor *back = adt_to(t_dev, ADT_CPU);
    EXPECT(adt_is_contiguous(back));
    check_close("adt_to of a device view", back, t_dev);
    /* fill_ and copy_ into a narrowed view, accumulate with a sum, axpy_ */
    adt_tensor *va = adt_narrow(a, 1, 1, 3), *va_dev = adt_narrow(a_dev, 1, 1, 3);
    adt_fill_(va, 2.5);
    adt_fill_(va_dev, 2.5);
    check_close("adt_fill_ of a view", a, a_dev);
    adt_tensor *src = randn(dt, 2, (int64_t[]){4, 3}), *src_dev = dev(src);
    adt_copy_(va, src);
    adt_copy_(va_dev, src_dev);
    check_close("adt_copy_ into a view", a, a_dev);
    adt_tensor *acc = randn(dt, 1, (int64_t[]){6}), *acc_dev = dev(acc);
    adt_accumulate(acc, a);
    adt_accumulate(acc_dev, a_dev);
    check_close("adt_accumulate (summed over rows)", acc, acc_dev);
    adt_free(back);
    adt_tensor *y = randn(dt, 2, (int64_t[]){4, 6}), *y_dev = dev(y);
    adt_axpy_(y, -0.3, a);
    adt_axpy_(y_dev, -0.3, a_dev);
    check_close("adt_axpy_", y, y_dev);
    adt_zero_(y);
    adt_zero_(y_dev);
    check_close("adt_zero_", y, y_dev);
    adt_tensor *e = adt_empty_like(a_dev);
    EXPECT(adt_device_of(e) == ADT_CUDA && adt_same_shape(e, a));
    adt_tensor *all[] = {a, a_dev, t, t_dev, c, c_dev, k_dev, va, va_dev, src, src_dev, acc, acc_dev, y, y_dev, e};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

/* ---- the allocator ---- */

static void test_allocator(void)
{
    adt_cache_stats s0, s1, s2;
    adt_cuda_empty_cache();
    adt_cuda_get_cache_stats(&s0);
    EXPECT(s0.bytes == 0 && s0.blocks == 0);
    adt_tensor *h = adt_zeros(ADT_F64, 1, (int64_t[]){1000});
    adt_tensor *d = dev(h);
    adt_free(d);
    adt_cuda_get_cache_stats(&s1);
    EXPECT(s1.blocks == 1 && s1.bytes >= 8000);
    d = dev(h); /* the same size class: served from the cache */
    adt_cuda_get_cache_stats(&s2);
    EXPECT(s2.blocks == 0 && s2.hits == s1.hits + 1);
    adt_free(d);
    adt_cuda_empty_cache();
    adt_cuda_get_cache_stats(&s2);
    EXPECT(s2.blocks == 0 && s2.bytes == 0);
    adt_free(h);
}

/* ---- errors ---- */

static adt_tensor *sink;
static double dsink;

static void test_errors(void)
{
    adt_tensor *a = randn(ADT_F64, 2, (int64_t[]){3, 4}), *a_dev = dev(a);
    adt_tensor *b = randn(ADT_F32, 2, (int64_t[]){3, 4}), *b_dev = dev(b);
    const char *host = "adt: adt_get: the tensor is on the cuda device: its elements cannot be accessed";
    EXPECT_ERROR(dsink = adt_get(a_dev, (int64_t[]){0, 0}), host);
    EXPECT_ERROR(adt_set(a_dev, (int64_t[]){0, 0}, 1.0), "adt: adt_set: the tensor is on the cuda device");
    EXPECT_ERROR(dsink = adt_item(a_dev), "adt: adt_item: the tensor is on the cuda device");
    EXPECT_ERROR(dsink = *adt_f64(a_dev), "adt: adt_f64: the tensor is on the cuda device");
    EXPECT_ERROR(sink = adt_add(a, a_dev), "adt: adt_add: tensors on different devices (cpu and cuda)");
    adt_tensor *at = adt_transpose(a, 0, 1);
    EXPECT_ERROR(adt_matmul_pb(a_dev, NULL, at, NULL, a_dev),
                 "adt: adt_matmul_pb: tensors on different devices");
    EXPECT_ERROR(sink = adt_add(a_dev, b_dev), "adt: adt_add: a has dtype float64 but b has dtype float32");
    /* a result of 2^40 doubles: cudaMalloc fails, after emptying the cache */
    adt_tensor *col = adt_zeros(ADT_F64, 2, (int64_t[]){1 << 20, 1}), *col_dev = dev(col);
    adt_tensor *row_dev = adt_transpose(col_dev, 0, 1);
    EXPECT_ERROR(sink = adt_add(col_dev, row_dev), "adt: adt_add: out of CUDA memory allocating 8796093022208 bytes");
    adt_tensor *all[] = {a, a_dev, at, b, b_dev, col, col_dev, row_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void run_tests(void)
{
    test_allocator();
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        test_unary(dt);
        test_binary(dt);
        test_reduce(dt);
        test_linalg(dt);
        test_in_place(dt);
    }
    test_errors();
}

int main(void)
{
    return run_main("test_cuda");
}
