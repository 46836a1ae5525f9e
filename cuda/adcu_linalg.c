/* adcu_linalg.c: matmul and linear on the CUDA device through cuBLAS
 * (cublasSgemm for f32, cublasDgemm for f64), with their pullbacks. As on
 * the CPU (runtime/adt_linalg.c) transpose flags come from the strides and
 * an operand is packed only when neither of its strides is 1; cuBLAS is
 * column-major, so a row-major product c = a b is computed as c^T = b^T a^T.
 * One cuBLAS handle per thread, made on first use. */
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

/* The 2-d launch geometry of y (operand 0) and x (operand 1). */
static adcu_geom mat_geom(Mat y, Mat x)
{
    adcu_geom g;
    memset(&g, 0, sizeof g);
    g.ndim = 2;
    g.numel = y.rows * y.cols;
    g.shape[0] = y.rows;
    g.shape[1] = y.cols;
    g.stride[0][0] = y.rs;
    g.stride[0][1] = y.cs;
    g.stride[1][0] = x.rs;
    g.stride[1][1] = x.cs;
    return g;
}

/* y = x + beta y (beta 0: y not read); x NULL: y = beta y. */
static void mat_axpby(adt_dtype dt, Mat y, double beta, const Mat *x)
{
    if (y.rows * y.cols == 0)
        return;
    if (!x) {
        adcu_geom g = mat_geom(y, y);
        if (beta == 0)
            adcu_k_fill(dt, (void *[]){y.data}, &g, 0.0, 0);
        return;
    }
    adcu_geom g = mat_geom(y, *x);
    adcu_k_axpby(dt, (void *[]){y.data, x->data}, &g, 1.0, beta);
}

/* A packed row-major copy of m in a device buffer of *nbytes. */
static Mat mat_pack(adt_dtype dt, Mat m, size_t *nbytes)
{
    *nbytes = adti_mul_size("gemm", (size_t)(m.rows * m.cols), adti_dtype_size(dt));
    Mat p = {adcu_alloc("gemm", *nbytes), m.rows, m.cols, adti_max64(1, m.cols), 1};
    mat_axpby(dt, p, 0, &m);
    return p;
}

/* A gemm operand as cuBLAS wants it (op N for a row-major matrix, whose
 * column-major reading is its transpose). */
typedef struct Operand {
    const void *data;
    cublasOperation_t op;
    int64_t ld;
    void *copy; /* a packed device copy to free, or NULL */
    size_t copy_bytes;
} Operand;

static Operand operand(adt_dtype dt, Mat m)
{
    Operand o = {m.data, CUBLAS_OP_N, 0, NULL, 0};
    if (adti_row_major(m, &o.ld) && o.ld <= INT_MAX)
        return o;
    if (adti_col_major(m, &o.ld) && o.ld <= INT_MAX) {
        o.op = CUBLAS_OP_T;
        return o;
    }
    Mat p = mat_pack(dt, m, &o.copy_bytes);
    o.data = o.copy = p.data;
    o.ld = p.rs;
    return o;
}

static void gemm(adt_dtype dt, Mat c, double beta, Mat a, Mat b);

/* gemm into a packed temporary, then c = beta c + it. */
static void gemm_via_temp(adt_dtype dt, Mat c, double beta, Mat a, Mat b)
{
    size_t nbytes = adti_mul_size("gemm", (size_t)(c.rows * c.cols), adti_dtype_size(dt));
    Mat t = {adcu_alloc("gemm", nbytes), c.rows, c.cols, c.cols, 1};
    gemm(dt, t, 0, a, b);
    mat_axpby(dt, c, beta, &t);
    adcu_free(t.data, nbytes);
}

/* c = a b + beta c, beta 0 (c not read) or 1; a [m, k], b [k, n], c [m, n]. */
static void gemm(adt_dtype dt, Mat c, double beta, Mat a, Mat b)
{
    int64_t ldc;
    switch (adti_gemm_plan("cuBLAS", &c, &a, &b, &ldc)) {
    case ADTI_GEMM_EMPTY:
        return;
    case ADTI_GEMM_VIA_TEMP:
        gemm_via_temp(dt, c, beta, a, b);
        return;
    case ADTI_GEMM_ZERO_K:   /* a b is zero */
        mat_axpby(dt, c, beta, NULL);
        return;
    case ADTI_GEMM_DIRECT:
        break;
    }
    Operand oa = operand(dt, a), ob = operand(dt, b);
    int m = (int)c.rows, n = (int)c.cols, k = (int)a.cols;
    switch (dt) {
    case ADT_F32: {
        float one = 1.0f, fb = (float)beta;
        check_blas("gemm: cublasSgemm", cublasSgemm(blas(), ob.op, oa.op, n, m, k, &one, ob.data, (int)ob.ld,
                                                   oa.data, (int)oa.ld, &fb, (float *)c.data, (int)ldc));
        break;
    }
    case ADT_F64: {
        double one = 1.0;
        check_blas("gemm: cublasDgemm", cublasDgemm(blas(), ob.op, oa.op, n, m, k, &one, ob.data, (int)ob.ld,
                                                   oa.data, (int)oa.ld, &beta, (double *)c.data, (int)ldc));
        break;
    }
    }
    adcu_free(oa.copy, oa.copy_bytes);
    adcu_free(ob.copy, ob.copy_bytes);
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
