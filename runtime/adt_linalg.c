/* adt_linalg.c: matmul, bmm and linear with their reverse and forward rules, on OpenBLAS
 * (cblas_sgemm for f32, cblas_dgemm for f64). Transpose flags come from the
 * strides; an operand is copied only when neither of its strides is 1. */
#include "internal.h"

#include <cblas.h>
#include <limits.h>

typedef adti_mat Mat;

/* A gemm operand as cblas wants it: a row-major matrix, maybe transposed. */
typedef struct Operand {
    const void *data;
    CBLAS_TRANSPOSE trans;
    int64_t ld;
    void *copy; /* a packed copy to free, or NULL */
} Operand;

/* Dimensions d0, d1 of t, starting at element offset `at` from its first. */
static Mat mat_of(const adt_tensor *t, int d0, int d1, int64_t at)
{
    Mat m;
    m.data = (char *)adti_data(t) + (size_t)at * adti_dtype_size(t->dtype);
    m.rows = t->shape[d0];
    m.cols = t->shape[d1];
    m.rs = t->stride[d0];
    m.cs = t->stride[d1];
    return m;
}

/* A contiguous row-major copy of m. */
static void *mat_pack(adt_dtype dt, Mat m)
{
    size_t esize = adti_dtype_size(dt);
    void *p = adti_alloc(adti_mul_size("gemm", (size_t)(m.rows * m.cols), esize));
    for (int64_t i = 0; i < m.rows; i++) {
        for (int64_t j = 0; j < m.cols; j++) {
            int64_t from = i * m.rs + j * m.cs, to = i * m.cols + j;
            switch (dt) {
            case ADT_F32: ((float *)p)[to] = ((const float *)m.data)[from]; break;
            case ADT_F64: ((double *)p)[to] = ((const double *)m.data)[from]; break;
            }
        }
    }
    return p;
}

/* m as a cblas operand: itself when one stride is 1 (and the other fits
 * BLAS's int), else a packed copy. */
static Operand operand(adt_dtype dt, Mat m)
{
    Operand op = {m.data, CblasNoTrans, 0, NULL};
    if (adti_row_major(m, &op.ld) && op.ld <= INT_MAX)
        return op;
    if (adti_col_major(m, &op.ld) && op.ld <= INT_MAX) {
        op.trans = CblasTrans;
        return op;
    }
    op.copy = mat_pack(dt, m);
    op.data = op.copy;
    op.ld = adti_max64(1, m.cols);
    return op;
}

/* c = beta c + src (src contiguous rows x cols, NULL for zeros); beta is 0
 * or 1, and with 0 c's old values are not read. */
static void mat_axpby(adt_dtype dt, Mat c, double beta, const void *src)
{
    for (int64_t i = 0; i < c.rows; i++) {
        for (int64_t j = 0; j < c.cols; j++) {
            int64_t at = i * c.rs + j * c.cs, from = i * c.cols + j;
            switch (dt) {
            case ADT_F32: {
                float *y = (float *)c.data + at;
                *y = (beta != 0 ? (float)beta * *y : 0.0f) + (src ? ((const float *)src)[from] : 0.0f);
                break;
            }
            case ADT_F64: {
                double *y = (double *)c.data + at;
                *y = (beta != 0 ? beta * *y : 0.0) + (src ? ((const double *)src)[from] : 0.0);
                break;
            }
            }
        }
    }
}

static void gemm(adt_dtype dt, Mat c, double beta, Mat a, Mat b);

/* gemm into a packed temporary, then c = beta c + temporary: for outputs
 * with no unit stride (rare adjoint layouts). */
static void gemm_via_temp(adt_dtype dt, Mat c, double beta, Mat a, Mat b)
{
    size_t esize = adti_dtype_size(dt);
    Mat t = {NULL, c.rows, c.cols, c.cols, 1};
    t.data = adti_alloc(adti_mul_size("gemm", (size_t)(c.rows * c.cols), esize));
    gemm(dt, t, 0, a, b);
    mat_axpby(dt, c, beta, t.data);
    adti_free(t.data);
}

/* c = a b + beta c, with beta 0 (c's values not read) or 1 (accumulate).
 * Shapes are the caller's to check: a [m, k], b [k, n], c [m, n]. */
static void gemm(adt_dtype dt, Mat c, double beta, Mat a, Mat b)
{
    int64_t ldc;
    switch (adti_gemm_plan("BLAS", &c, &a, &b, &ldc)) {
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
    case ADT_F32:
        cblas_sgemm(CblasRowMajor, oa.trans, ob.trans, m, n, k, 1.0f, oa.data, (int)oa.ld, ob.data, (int)ob.ld,
                    (float)beta, c.data, (int)ldc);
        break;
    case ADT_F64:
        cblas_dgemm(CblasRowMajor, oa.trans, ob.trans, m, n, k, 1.0, oa.data, (int)oa.ld, ob.data, (int)ob.ld,
                    beta, c.data, (int)ldc);
        break;
    }
    adti_free(oa.copy);
    adti_free(ob.copy);
}

/* ---- argument checks ---- */

/* t has ndim dimensions (the adti_check_* below take either device:
 * cuda/adcu_linalg.c checks with them too, and the CPU functions that use
 * them check the device first). */
static void ndim_is(const char *fn, const char *arg, const adt_tensor *t, int ndim)
{
    char s[ADTI_SHAPE_STR];
    adti_check_meta(fn, arg, t);
    if (t->ndim != ndim)
        adt_error("%s: %s must have %d dimensions, got shape %s", fn, arg, ndim,
                  adti_shape_str(s, t->ndim, t->shape));
}

/* An adjoint or seed d (skipped when NULL) must have `of`'s dtype and the
 * given shape. */
void adti_check_like(const char *fn, const char *arg, const adt_tensor *d, const char *what,
                     const adt_tensor *of, int ndim, const int64_t *shape)
{
    if (!d)
        return;
    adti_check_meta(fn, arg, d);
    adti_check_same_dtype(fn, arg, d, what, of);
    adti_check_shape_is(fn, arg, d, what, ndim, shape);
}

/* The seed of a rule: required, with the result's shape and `of`'s dtype. */
static void check_seed(const char *fn, const adt_tensor *d_ret, const adt_tensor *of, int ndim, const int64_t *shape)
{
    adti_check_tensor(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "the result", of, ndim, shape);
}

static void check_t_ret(const char *fn, adt_tensor **t_ret)
{
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
}

static void mismatch(const char *fn, const adt_tensor *a, const adt_tensor *b)
{
    char sa[ADTI_SHAPE_STR], sb[ADTI_SHAPE_STR];
    adt_error("%s: shapes %s and %s do not match", fn, adti_shape_str(sa, a->ndim, a->shape),
              adti_shape_str(sb, b->ndim, b->shape));
}

/* a [m, k] and b [k, n]; *shape gets [m, n]. */
void adti_check_matmul(const char *fn, const adt_tensor *a, const adt_tensor *b, int64_t *shape)
{
    ndim_is(fn, "a", a, 2);
    ndim_is(fn, "b", b, 2);
    adti_check_same_dtype(fn, "a", a, "b", b);
    if (a->shape[1] != b->shape[0])
        mismatch(fn, a, b);
    shape[0] = a->shape[0];
    shape[1] = b->shape[1];
}

/* a [B, m, k] and b [B, k, n]; *shape gets [B, m, n]. */
void adti_check_bmm(const char *fn, const adt_tensor *a, const adt_tensor *b, int64_t *shape)
{
    ndim_is(fn, "a", a, 3);
    ndim_is(fn, "b", b, 3);
    adti_check_same_dtype(fn, "a", a, "b", b);
    if (a->shape[0] != b->shape[0] || a->shape[2] != b->shape[1])
        mismatch(fn, a, b);
    shape[0] = a->shape[0];
    shape[1] = a->shape[1];
    shape[2] = b->shape[2];
}

/* x [n, in], w [out, in], bias [out] or NULL; *shape gets [n, out]. */
void adti_check_linear(const char *fn, const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias,
                       int64_t *shape)
{
    char sx[ADTI_SHAPE_STR], sw[ADTI_SHAPE_STR];
    ndim_is(fn, "x", x, 2);
    ndim_is(fn, "w", w, 2);
    adti_check_same_dtype(fn, "x", x, "w", w);
    if (x->shape[1] != w->shape[1])
        adt_error("%s: x has shape %s but w has shape %s (in features differ)", fn,
                  adti_shape_str(sx, x->ndim, x->shape), adti_shape_str(sw, w->ndim, w->shape));
    shape[0] = x->shape[0];
    shape[1] = w->shape[0];
    if (bias) {
        adti_check_meta(fn, "bias", bias);
        adti_check_same_dtype(fn, "bias", bias, "w", w);
        adti_check_shape_is(fn, "bias", bias, "w's out features", 1, &shape[1]);
    }
}

/* ---- matmul ---- */

adt_tensor *adt_matmul(const adt_tensor *a, const adt_tensor *b)
{
    int64_t shape[2];
    ADTI_CUDA_RETURN(adcu_matmul(a, b), "adt_matmul", 2, a, b);
    adti_check_matmul("adt_matmul", a, b, shape);
    adt_tensor *c = adti_new("adt_matmul", a->dtype, 2, shape, 0);
    gemm(a->dtype, mat_of(c, 0, 1, 0), 0, mat_of(a, 0, 1, 0), mat_of(b, 0, 1, 0));
    return c;
}

/* d a += d_ret b^T,  d b += a^T d_ret */
void adt_matmul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_matmul_pb(a, d_a, b, d_b, d_ret), "adt_matmul_pb", 5, a, d_a, b, d_b, d_ret);
    const char *fn = "adt_matmul_pb";
    int64_t shape[2];
    adti_check_matmul(fn, a, b, shape);
    check_seed(fn, d_ret, a, 2, shape);
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
    if (d_a)
        gemm(a->dtype, mat_of(d_a, 0, 1, 0), 1, mat_of(d_ret, 0, 1, 0), adti_mat_t(mat_of(b, 0, 1, 0)));
    if (d_b)
        gemm(a->dtype, mat_of(d_b, 0, 1, 0), 1, adti_mat_t(mat_of(a, 0, 1, 0)), mat_of(d_ret, 0, 1, 0));
}

/* t_ret = t_a b + a t_b: two gemms into one result */
adt_tensor *adt_matmul_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                          adt_tensor **t_ret)
{
    const char *fn = "adt_matmul_pf";
    int64_t shape[2];
    check_t_ret(fn, t_ret);
    ADTI_CUDA_RETURN(adti_product_pf_ops(fn, 0, a, t_a, b, t_b, t_ret), fn, 4, a, t_a, b, t_b);
    adti_check_matmul(fn, a, b, shape);
    adti_check_like(fn, "t_a", t_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "t_b", t_b, "b", b, b->ndim, b->shape);
    adt_tensor *c = adt_matmul(a, b);
    adt_tensor *t = adti_new(fn, a->dtype, 2, shape, !t_a && !t_b);
    if (t_a)
        gemm(a->dtype, mat_of(t, 0, 1, 0), 0, mat_of(t_a, 0, 1, 0), mat_of(b, 0, 1, 0));
    if (t_b)
        gemm(a->dtype, mat_of(t, 0, 1, 0), t_a ? 1 : 0, mat_of(a, 0, 1, 0), mat_of(t_b, 0, 1, 0));
    *t_ret = t;
    return c;
}

/* ---- bmm: one gemm per batch element (cuda/adcu_linalg.c: one batched gemm) ---- */

adt_tensor *adt_bmm(const adt_tensor *a, const adt_tensor *b)
{
    int64_t shape[3];
    ADTI_CUDA_RETURN(adcu_bmm(a, b), "adt_bmm", 2, a, b);
    adti_check_bmm("adt_bmm", a, b, shape);
    adt_tensor *c = adti_new("adt_bmm", a->dtype, 3, shape, 0);
    for (int64_t i = 0; i < shape[0]; i++)
        gemm(a->dtype, mat_of(c, 1, 2, i * c->stride[0]), 0, mat_of(a, 1, 2, i * a->stride[0]),
             mat_of(b, 1, 2, i * b->stride[0]));
    return c;
}

void adt_bmm_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_bmm_pb(a, d_a, b, d_b, d_ret), "adt_bmm_pb", 5, a, d_a, b, d_b, d_ret);
    const char *fn = "adt_bmm_pb";
    int64_t shape[3];
    adti_check_bmm(fn, a, b, shape);
    check_seed(fn, d_ret, a, 3, shape);
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
    for (int64_t i = 0; i < shape[0]; i++) {
        Mat r = mat_of(d_ret, 1, 2, i * d_ret->stride[0]);
        if (d_a)
            gemm(a->dtype, mat_of(d_a, 1, 2, i * d_a->stride[0]), 1, r, adti_mat_t(mat_of(b, 1, 2, i * b->stride[0])));
        if (d_b)
            gemm(a->dtype, mat_of(d_b, 1, 2, i * d_b->stride[0]), 1, adti_mat_t(mat_of(a, 1, 2, i * a->stride[0])), r);
    }
}

/* t_ret[i] = t_a[i] b[i] + a[i] t_b[i] for each batch element i */
adt_tensor *adt_bmm_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret)
{
    const char *fn = "adt_bmm_pf";
    int64_t shape[3];
    check_t_ret(fn, t_ret);
    ADTI_CUDA_RETURN(adti_product_pf_ops(fn, 1, a, t_a, b, t_b, t_ret), fn, 4, a, t_a, b, t_b);
    adti_check_bmm(fn, a, b, shape);
    adti_check_like(fn, "t_a", t_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "t_b", t_b, "b", b, b->ndim, b->shape);
    adt_tensor *c = adti_new(fn, a->dtype, 3, shape, 0);
    adt_tensor *t = adti_new(fn, a->dtype, 3, shape, !t_a && !t_b);
    for (int64_t i = 0; i < shape[0]; i++) {
        Mat ai = mat_of(a, 1, 2, i * a->stride[0]), bi = mat_of(b, 1, 2, i * b->stride[0]);
        Mat ti = mat_of(t, 1, 2, i * t->stride[0]);
        gemm(a->dtype, mat_of(c, 1, 2, i * c->stride[0]), 0, ai, bi);
        if (t_a)
            gemm(a->dtype, ti, 0, mat_of(t_a, 1, 2, i * t_a->stride[0]), bi);
        if (t_b)
            gemm(a->dtype, ti, t_a ? 1 : 0, ai, mat_of(t_b, 1, 2, i * t_b->stride[0]));
    }
    *t_ret = t;
    return c;
}

/* ---- linear: y = x w^T + bias ---- */

/* Every row of y (contiguous [n, out]) = bias. */
static void fill_rows(adt_tensor *y, const adt_tensor *bias)
{
    int64_t n = y->shape[0], out = y->shape[1], bs = bias->stride[0];
    switch (y->dtype) {
    case ADT_F32: {
        float *p = adt_f32(y);
        const float *b = adt_f32(bias);
        for (int64_t j = 0; j < out; j++)
            p[j] = b[j * bs];
        for (int64_t i = 1; i < n; i++)
            memcpy(p + i * out, p, (size_t)out * sizeof *p);
        break;
    }
    case ADT_F64: {
        double *p = adt_f64(y);
        const double *b = adt_f64(bias);
        for (int64_t j = 0; j < out; j++)
            p[j] = b[j * bs];
        for (int64_t i = 1; i < n; i++)
            memcpy(p + i * out, p, (size_t)out * sizeof *p);
        break;
    }
    }
}

adt_tensor *adt_linear(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias)
{
    int64_t shape[2];
    ADTI_CUDA_RETURN(adcu_linear(x, w, bias), "adt_linear", 3, x, w, bias);
    adti_check_linear("adt_linear", x, w, bias, shape);
    adt_tensor *y = adti_new("adt_linear", x->dtype, 2, shape, 0);
    if (bias && shape[0] > 0)
        fill_rows(y, bias);
    gemm(x->dtype, mat_of(y, 0, 1, 0), bias ? 1 : 0, mat_of(x, 0, 1, 0), adti_mat_t(mat_of(w, 0, 1, 0)));
    return y;
}

/* d bias[j] += sum_i d_ret[i, j] */
static void sum_rows_f32(float *db, int64_t bs, const float *r, int64_t n, int64_t out, int64_t rs, int64_t cs)
{
    for (int64_t i = 0; i < n; i++) {
        const float *row = r + i * rs;
        if (bs == 1 && cs == 1) {
            for (int64_t j = 0; j < out; j++)
                db[j] += row[j];
        } else {
            for (int64_t j = 0; j < out; j++)
                db[j * bs] += row[j * cs];
        }
    }
}

static void sum_rows_f64(double *db, int64_t bs, const double *r, int64_t n, int64_t out, int64_t rs, int64_t cs)
{
    for (int64_t i = 0; i < n; i++) {
        const double *row = r + i * rs;
        if (bs == 1 && cs == 1) {
            for (int64_t j = 0; j < out; j++)
                db[j] += row[j];
        } else {
            for (int64_t j = 0; j < out; j++)
                db[j * bs] += row[j * cs];
        }
    }
}

/* d x += d_ret w,  d w += d_ret^T x,  d bias += column sums of d_ret */
void adt_linear_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                   const adt_tensor *bias, adt_tensor *d_bias, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_linear_pb(x, d_x, w, d_w, bias, d_bias, d_ret), "adt_linear_pb", 7, x, d_x, w, d_w, bias, d_bias,
                 d_ret);
    const char *fn = "adt_linear_pb";
    int64_t shape[2];
    adti_check_linear(fn, x, w, bias, shape);
    check_seed(fn, d_ret, x, 2, shape);
    if (d_bias && !bias)
        adt_error("%s: d_bias is given but bias is NULL", fn);
    adti_check_like(fn, "d_x", d_x, "x", x, x->ndim, x->shape);
    adti_check_like(fn, "d_w", d_w, "w", w, w->ndim, w->shape);
    adti_check_like(fn, "d_bias", d_bias, "bias", x, 1, &shape[1]);
    Mat r = mat_of(d_ret, 0, 1, 0);
    if (d_x)
        gemm(x->dtype, mat_of(d_x, 0, 1, 0), 1, r, mat_of(w, 0, 1, 0));
    if (d_w)
        gemm(x->dtype, mat_of(d_w, 0, 1, 0), 1, adti_mat_t(r), mat_of(x, 0, 1, 0));
    if (!d_bias)
        return;
    switch (x->dtype) {
    case ADT_F32:
        sum_rows_f32(adt_f32(d_bias), d_bias->stride[0], adt_f32(d_ret), shape[0], shape[1], r.rs, r.cs);
        break;
    case ADT_F64:
        sum_rows_f64(adt_f64(d_bias), d_bias->stride[0], adt_f64(d_ret), shape[0], shape[1], r.rs, r.cs);
        break;
    }
}

/* t_ret = t_x w^T + x t_w^T + t_bias (bias's tangent needs a bias) */
adt_tensor *adt_linear_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                          const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor **t_ret)
{
    const char *fn = "adt_linear_pf";
    int64_t shape[2];
    check_t_ret(fn, t_ret);
    ADTI_CUDA_RETURN(adti_linear_pf_ops(fn, x, t_x, w, t_w, bias, t_bias, t_ret), fn, 6, x, t_x, w, t_w, bias,
                     t_bias);
    adti_check_linear(fn, x, w, bias, shape);
    if (t_bias && !bias)
        adt_error("%s: t_bias is given but bias is NULL", fn);
    adti_check_like(fn, "t_x", t_x, "x", x, x->ndim, x->shape);
    adti_check_like(fn, "t_w", t_w, "w", w, w->ndim, w->shape);
    adti_check_like(fn, "t_bias", t_bias, "bias", x, 1, &shape[1]);
    adt_tensor *y = adt_linear(x, w, bias);
    adt_tensor *t = adti_new(fn, x->dtype, 2, shape, !t_x && !t_w && !t_bias);
    double beta = 0;
    if (t_bias && shape[0] > 0) {
        fill_rows(t, t_bias);
        beta = 1;
    }
    if (t_x) {
        gemm(x->dtype, mat_of(t, 0, 1, 0), beta, mat_of(t_x, 0, 1, 0), adti_mat_t(mat_of(w, 0, 1, 0)));
        beta = 1;
    }
    if (t_w)
        gemm(x->dtype, mat_of(t, 0, 1, 0), beta, mat_of(x, 0, 1, 0), adti_mat_t(mat_of(t_w, 0, 1, 0)));
    *t_ret = t;
    return y;
}
