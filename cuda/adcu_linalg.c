/* adcu_linalg.c: matmul, bmm and linear on the CUDA device through cuBLAS
 * (cublasSgemm for f32, cublasDgemm for f64; bmm with their strided batched
 * forms), with their pullbacks. As on the CPU (runtime/adt_linalg.c)
 * transpose flags come from the strides and an operand is packed only when
 * neither of its strides is 1; cuBLAS is column-major, so a row-major
 * product c = a b is computed as c^T = b^T a^T. A batch of products shares
 * one layout: each operand's matrices lie a fixed stride apart. One cuBLAS
 * handle per thread, made on first use. */
#include "internal.h"

#include <cublas_v2.h>
#include <limits.h>

/* ---- the handle ---- */

static _Thread_local cublasHandle_t handle;
static _Thread_local int have_handle;

static void check_blas(const char *what, cublasStatus_t st)
{
    if (st != CUBLAS_STATUS_SUCCESS)
        adt_error("%s: %s", what, cublasGetStatusString(st));
}

static cublasHandle_t blas(void)
{
    if (!have_handle) {
        check_blas("gemm: cublasCreate", cublasCreate(&handle));
        have_handle = 1;
    }
    return handle;
}

/* ---- strided matrices in device memory ---- */

typedef adti_mat Mat;

static Mat mat_of(const adt_tensor *t)
{
    Mat m = {adti_data(t), t->shape[0], t->shape[1], t->stride[0], t->stride[1]};
    return m;
}

/* A batch of count products c_i = a_i b_i: matrix i of each operand lies
 * i times its stride (in elements) from matrix 0. A single product is a
 * batch of 1 (strides unused). */
typedef struct Batch {
    int64_t count;
    int64_t c, a, b;
} Batch;

static const Batch single = {1, 0, 0, 0};

/* The 3-d launch geometry of count matrices y (operand 0) and x (operand
 * 1), ys and xs elements apart. */
static adcu_geom mat_geom(int64_t count, Mat y, int64_t ys, Mat x, int64_t xs)
{
    adcu_geom g;
    memset(&g, 0, sizeof g);
    g.ndim = 3;
    g.numel = count * y.rows * y.cols;
    g.shape[0] = count;
    g.shape[1] = y.rows;
    g.shape[2] = y.cols;
    g.stride[0][0] = ys;
    g.stride[0][1] = y.rs;
    g.stride[0][2] = y.cs;
    g.stride[1][0] = xs;
    g.stride[1][1] = x.rs;
    g.stride[1][2] = x.cs;
    return g;
}

/* For each of count matrices: y = x + beta y (beta 0: y not read); x NULL:
 * y = beta y. */
static void mat_axpby(adt_dtype dt, int64_t count, Mat y, int64_t ys, double beta, const Mat *x, int64_t xs)
{
    if (count * y.rows * y.cols == 0)
        return;
    if (!x) {
        adcu_geom g = mat_geom(count, y, ys, y, ys);
        if (beta == 0)
            adcu_k_fill(dt, (void *[]){y.data}, &g, 0.0, 0);
        return;
    }
    adcu_geom g = mat_geom(count, y, ys, *x, xs);
    adcu_k_axpby(dt, (void *[]){y.data, x->data}, &g, 1.0, beta);
}

/* Packed row-major copies of count matrices like m, ms elements apart, in
 * a device buffer of *nbytes; the copies are rows * cols elements apart. */
static Mat mat_pack(adt_dtype dt, int64_t count, Mat m, int64_t ms, size_t *nbytes)
{
    *nbytes = adti_mul_size("gemm", (size_t)(count * m.rows * m.cols), adti_dtype_size(dt));
    Mat p = {adcu_alloc("gemm", *nbytes), m.rows, m.cols, adti_max64(1, m.cols), 1};
    mat_axpby(dt, count, p, m.rows * m.cols, 0, &m, ms);
    return p;
}

/* A gemm operand as cuBLAS wants it (op N for a row-major matrix, whose
 * column-major reading is its transpose). */
typedef struct Operand {
    const void *data;
    cublasOperation_t op;
    int64_t ld;
    int64_t stride; /* from one matrix of the batch to the next */
    void *copy;     /* a packed device copy to free, or NULL */
    size_t copy_bytes;
} Operand;

/* m (and the count - 1 matrices after it, ms apart) as a cuBLAS operand. */
static Operand operand(adt_dtype dt, int64_t count, Mat m, int64_t ms)
{
    Operand o = {m.data, CUBLAS_OP_N, 0, ms, NULL, 0};
    if (adti_row_major(m, &o.ld) && o.ld <= INT_MAX)
        return o;
    if (adti_col_major(m, &o.ld) && o.ld <= INT_MAX) {
        o.op = CUBLAS_OP_T;
        return o;
    }
    Mat p = mat_pack(dt, count, m, ms, &o.copy_bytes);
    o.data = o.copy = p.data;
    o.ld = p.rs;
    o.stride = m.rows * m.cols;
    return o;
}

static void gemm_batch(adt_dtype dt, Batch bt, Mat c, double beta, Mat a, Mat b);

/* The batch into packed temporaries, then c_i = beta c_i + temporary i. */
static void gemm_via_temp(adt_dtype dt, Batch bt, Mat c, double beta, Mat a, Mat b)
{
    size_t nbytes = adti_mul_size("gemm", (size_t)(bt.count * c.rows * c.cols), adti_dtype_size(dt));
    Mat t = {adcu_alloc("gemm", nbytes), c.rows, c.cols, c.cols, 1};
    Batch tb = {bt.count, c.rows * c.cols, bt.a, bt.b};
    gemm_batch(dt, tb, t, 0, a, b);
    mat_axpby(dt, bt.count, c, bt.c, beta, &t, tb.c);
    adcu_free(t.data, nbytes);
}

/* The cuBLAS call for a planned product: c^T = b^T a^T in its terms. */
static void gemm_call(adt_dtype dt, Batch bt, Mat c, int64_t ldc, double beta, Operand oa, Operand ob, int k)
{
    int m = (int)c.rows, n = (int)c.cols, lda = (int)oa.ld, ldb = (int)ob.ld, count = (int)bt.count;
    switch (dt) {
    case ADT_F32: {
        float one = 1.0f, fb = (float)beta;
        if (bt.count == 1)
            check_blas("gemm: cublasSgemm", cublasSgemm(blas(), ob.op, oa.op, n, m, k, &one, ob.data, ldb, oa.data,
                                                       lda, &fb, (float *)c.data, (int)ldc));
        else
            check_blas("gemm: cublasSgemmStridedBatched",
                       cublasSgemmStridedBatched(blas(), ob.op, oa.op, n, m, k, &one, ob.data, ldb, ob.stride,
                                                 oa.data, lda, oa.stride, &fb, (float *)c.data, (int)ldc, bt.c,
                                                 count));
        break;
    }
    case ADT_F64: {
        double one = 1.0;
        if (bt.count == 1)
            check_blas("gemm: cublasDgemm", cublasDgemm(blas(), ob.op, oa.op, n, m, k, &one, ob.data, ldb, oa.data,
                                                       lda, &beta, (double *)c.data, (int)ldc));
        else
            check_blas("gemm: cublasDgemmStridedBatched",
                       cublasDgemmStridedBatched(blas(), ob.op, oa.op, n, m, k, &one, ob.data, ldb, ob.stride,
                                                 oa.data, lda, oa.stride, &beta, (double *)c.data, (int)ldc, bt.c,
                                                 count));
        break;
    }
    }
}

/* c_i = a_i b_i + beta c_i for each i of the batch, beta 0 (c not read) or
 * 1; a [m, k], b [k, n], c [m, n]. */
static void gemm_batch(adt_dtype dt, Batch bt, Mat c, double beta, Mat a, Mat b)
{
    int64_t ldc = 0, c_rows = c.rows, c_rs = c.rs;
    if (bt.count == 0)
        return;
    if (bt.count > INT_MAX)
        adt_error("gemm: a batch of %lld products is too large for cuBLAS's int count", (long long)bt.count);
    adti_gemm_way way = adti_gemm_plan("cuBLAS", &c, &a, &b, &ldc);
    if (c.rows != c_rows || c.rs != c_rs) { /* the plan took c^T = b^T a^T: a and b swapped */
        int64_t s = bt.a;
        bt.a = bt.b;
        bt.b = s;
    }
    switch (way) {
    case ADTI_GEMM_EMPTY:
        return;
    case ADTI_GEMM_VIA_TEMP:
        gemm_via_temp(dt, bt, c, beta, a, b);
        return;
    case ADTI_GEMM_ZERO_K: /* a b is zero */
        mat_axpby(dt, bt.count, c, bt.c, beta, NULL, 0);
        return;
    case ADTI_GEMM_DIRECT:
        break;
    }
    Operand oa = operand(dt, bt.count, a, bt.a), ob = operand(dt, bt.count, b, bt.b);
    gemm_call(dt, bt, c, ldc, beta, oa, ob, (int)a.cols);
    adcu_free(oa.copy, oa.copy_bytes);
    adcu_free(ob.copy, ob.copy_bytes);
}

/* c = a b + beta c, beta 0 (c not read) or 1; a [m, k], b [k, n], c [m, n]. */
static void gemm(adt_dtype dt, Mat c, double beta, Mat a, Mat b)
{
    gemm_batch(dt, single, c, beta, a, b);
}

/* ---- matmul ---- */

adt_tensor *adcu_matmul(const adt_tensor *a, const adt_tensor *b)
{
    int64_t shape[2];
    adti_check_matmul("adt_matmul", a, b, shape);
    adt_tensor *c = adcu_new("adt_matmul", a->dtype, 2, shape, 0);
    gemm(a->dtype, mat_of(c), 0, mat_of(a), mat_of(b));
    return c;
}

/* d a += d_ret b^T,  d b += a^T d_ret */
void adcu_matmul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b,
                    const adt_tensor *d_ret)
{
    const char *fn = "adt_matmul_pb";
    int64_t shape[2];
    adti_check_matmul(fn, a, b, shape);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "the result", a, 2, shape);
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
    if (d_a)
        gemm(a->dtype, mat_of(d_a), 1, mat_of(d_ret), adti_mat_t(mat_of(b)));
    if (d_b)
        gemm(a->dtype, mat_of(d_b), 1, adti_mat_t(mat_of(a)), mat_of(d_ret));
}

/* ---- bmm: one batched gemm ---- */

/* Dimensions 1 and 2 of a 3-d t (its first matrix). */
static Mat mat3_of(const adt_tensor *t)
{
    Mat m = {adti_data(t), t->shape[1], t->shape[2], t->stride[1], t->stride[2]};
    return m;
}

/* c_i (+)= a_i b_i over the batch, each operand's matrices stride[0] apart;
 * ta, tb: use a_i^T, b_i^T. */
static void bmm_into(adt_tensor *c, double beta, const adt_tensor *a, int ta, const adt_tensor *b, int tb)
{
    Batch bt = {c->shape[0], c->stride[0], a->stride[0], b->stride[0]};
    Mat ma = mat3_of(a), mb = mat3_of(b);
    gemm_batch(c->dtype, bt, mat3_of(c), beta, ta ? adti_mat_t(ma) : ma, tb ? adti_mat_t(mb) : mb);
}

adt_tensor *adcu_bmm(const adt_tensor *a, const adt_tensor *b)
{
    int64_t shape[3];
    adti_check_bmm("adt_bmm", a, b, shape);
    adt_tensor *c = adcu_new("adt_bmm", a->dtype, 3, shape, 0);
    bmm_into(c, 0, a, 0, b, 0);
    return c;
}

/* d a_i += d_ret_i b_i^T,  d b_i += a_i^T d_ret_i */
void adcu_bmm_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    const char *fn = "adt_bmm_pb";
    int64_t shape[3];
    adti_check_bmm(fn, a, b, shape);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "the result", a, 3, shape);
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
    if (d_a)
        bmm_into(d_a, 1, d_ret, 0, b, 1);
    if (d_b)
        bmm_into(d_b, 1, a, 1, d_ret, 0);
}

/* ---- linear: y = x w^T + bias ---- */

adt_tensor *adcu_linear(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias)
{
    int64_t shape[2];
    adti_check_linear("adt_linear", x, w, bias, shape);
    adt_tensor *y = adcu_new("adt_linear", x->dtype, 2, shape, bias != NULL);
    if (bias)
        adcu_acc("adt_linear", y, 1.0, bias); /* every row = bias */
    gemm(x->dtype, mat_of(y), bias ? 1 : 0, mat_of(x), adti_mat_t(mat_of(w)));
    return y;
}

/* d x += d_ret w,  d w += d_ret^T x,  d bias += column sums of d_ret */
void adcu_linear_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                    const adt_tensor *bias, adt_tensor *d_bias, const adt_tensor *d_ret)
{
    const char *fn = "adt_linear_pb";
    int64_t shape[2];
    adti_check_linear(fn, x, w, bias, shape);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "the result", x, 2, shape);
    if (d_bias && !bias)
        adt_error("%s: d_bias is given but bias is NULL", fn);
    adti_check_like(fn, "d_x", d_x, "x", x, x->ndim, x->shape);
    adti_check_like(fn, "d_w", d_w, "w", w, w->ndim, w->shape);
    adti_check_like(fn, "d_bias", d_bias, "bias", x, 1, &shape[1]);
    if (d_x)
        gemm(x->dtype, mat_of(d_x), 1, mat_of(d_ret), mat_of(w));
    if (d_w)
        gemm(x->dtype, mat_of(d_w), 1, adti_mat_t(mat_of(d_ret)), mat_of(x));
    if (d_bias)
        adcu_acc(fn, d_bias, 1.0, d_ret);
}
