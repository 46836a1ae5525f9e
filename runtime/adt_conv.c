/* adt_conv.c: 2-d convolution (NCHW, im2col + one gemm per sample) and max
 * and average pooling, with their reverse rules (backward-data by gemm and
 * col2im, backward-weights by gemm against the recomputed columns) and
 * forward rules (the convolution's columns shared by primal and tangent).
 * With their tensors on the CUDA device, conv2d, the poolings, their
 * pullbacks and forward rules run cuda/adcu_conv.c's versions (cuDNN,
 * adcu_pool.cu), which share the argument checks below. */
#include "internal.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>

/* The geometry of one convolution, and of one pooling (internal.h, shared
 * with cuda/adcu_conv.c). */
typedef adti_conv Conv;
typedef adti_pool Pool;

/* c = op(a) op(b) + beta c on contiguous row-major matrices: c [m, n].
 * Every size fits an int (check_conv). */
static void conv_gemm(adt_dtype dt, int ta, int tb, int64_t m, int64_t n, int64_t k, const void *a, int64_t lda,
                      const void *b, int64_t ldb, double beta, void *c, int64_t ldc)
{
    CBLAS_TRANSPOSE fa = ta ? CblasTrans : CblasNoTrans, fb = tb ? CblasTrans : CblasNoTrans;
    if (m == 0 || n == 0)
        return;
    switch (dt) {
    case ADT_F32:
        cblas_sgemm(CblasRowMajor, fa, fb, (int)m, (int)n, (int)k, 1.0f, a, (int)lda, b, (int)ldb, (float)beta, c,
                    (int)ldc);
        break;
    case ADT_F64:
        cblas_dgemm(CblasRowMajor, fa, fb, (int)m, (int)n, (int)k, 1.0, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
        break;
    }
}

/* ---- im2col and col2im ----
 * Column row r = (ci kh + i) kw + j, column p = y ow + z holds
 * x[ci, y stride - pad + i, z stride - pad + j] (0 in the padding).
 * x points at one sample; xs are the strides of its c, h, w dimensions. */

static void im2col_row_f32(const Conv *g, const float *x, const int64_t *xs, int64_t ci, int64_t i, int64_t j,
                           float *out)
{
    for (int64_t y = 0; y < g->oh; y++, out += g->ow) {
        int64_t ih = y * g->stride - g->pad + i;
        if (ih < 0 || ih >= g->h) {
            for (int64_t z = 0; z < g->ow; z++)
                out[z] = 0.0f;
            continue;
        }
        const float *in = x + ci * xs[0] + ih * xs[1];
        for (int64_t z = 0; z < g->ow; z++) {
            int64_t iw = z * g->stride - g->pad + j;
            out[z] = iw >= 0 && iw < g->w ? in[iw * xs[2]] : 0.0f;
        }
    }
}

static void im2col_row_f64(const Conv *g, const double *x, const int64_t *xs, int64_t ci, int64_t i, int64_t j,
                           double *out)
{
    for (int64_t y = 0; y < g->oh; y++, out += g->ow) {
        int64_t ih = y * g->stride - g->pad + i;
        if (ih < 0 || ih >= g->h) {
            for (int64_t z = 0; z < g->ow; z++)
                out[z] = 0.0;
            continue;
        }
        const double *in = x + ci * xs[0] + ih * xs[1];
        for (int64_t z = 0; z < g->ow; z++) {
            int64_t iw = z * g->stride - g->pad + j;
            out[z] = iw >= 0 && iw < g->w ? in[iw * xs[2]] : 0.0;
        }
    }
}

/* x[...] += the column row's values (the adjoint of im2col_row). */
static void col2im_row_f32(const Conv *g, const float *col, float *x, const int64_t *xs, int64_t ci, int64_t i,
                           int64_t j)
{
    for (int64_t y = 0; y < g->oh; y++, col += g->ow) {
        int64_t ih = y * g->stride - g->pad + i;
        if (ih < 0 || ih >= g->h)
            continue;
        float *in = x + ci * xs[0] + ih * xs[1];
        for (int64_t z = 0; z < g->ow; z++) {
            int64_t iw = z * g->stride - g->pad + j;
            if (iw >= 0 && iw < g->w)
                in[iw * xs[2]] += col[z];
        }
    }
}

static void col2im_row_f64(const Conv *g, const double *col, double *x, const int64_t *xs, int64_t ci, int64_t i,
                           int64_t j)
{
    for (int64_t y = 0; y < g->oh; y++, col += g->ow) {
        int64_t ih = y * g->stride - g->pad + i;
        if (ih < 0 || ih >= g->h)
            continue;
        double *in = x + ci * xs[0] + ih * xs[1];
        for (int64_t z = 0; z < g->ow; z++) {
            int64_t iw = z * g->stride - g->pad + j;
            if (iw >= 0 && iw < g->w)
                in[iw * xs[2]] += col[z];
        }
    }
}

/* The columns of sample s of x into col ([ckk, ohw], contiguous). */
static void im2col(const Conv *g, const adt_tensor *x, int64_t s, void *col)
{
    int64_t r = 0;
    for (int64_t ci = 0; ci < g->c; ci++) {
        for (int64_t i = 0; i < g->kh; i++) {
            for (int64_t j = 0; j < g->kw; j++, r++) {
                switch (g->dt) {
                case ADT_F32:
                    im2col_row_f32(g, adt_f32(x) + s * x->stride[0], x->stride + 1, ci, i, j,
                                   (float *)col + r * g->ohw);
                    break;
                case ADT_F64:
                    im2col_row_f64(g, adt_f64(x) + s * x->stride[0], x->stride + 1, ci, i, j,
                                   (double *)col + r * g->ohw);
                    break;
                }
            }
        }
    }
}

/* Sample s of d_x += col2im(col). */
static void col2im(const Conv *g, const void *col, adt_tensor *d_x, int64_t s)
{
    int64_t r = 0;
    for (int64_t ci = 0; ci < g->c; ci++) {
        for (int64_t i = 0; i < g->kh; i++) {
            for (int64_t j = 0; j < g->kw; j++, r++) {
                switch (g->dt) {
                case ADT_F32:
                    col2im_row_f32(g, (const float *)col + r * g->ohw, adt_f32(d_x) + s * d_x->stride[0],
                                   d_x->stride + 1, ci, i, j);
                    break;
                case ADT_F64:
                    col2im_row_f64(g, (const double *)col + r * g->ohw, adt_f64(d_x) + s * d_x->stride[0],
                                   d_x->stride + 1, ci, i, j);
                    break;
                }
            }
        }
    }
}

/* ---- argument checks ----
 * adti_check_conv and the rest (internal.h) are shared with the CUDA
 * backend, which passes adti_check_meta as check; the CPU code below passes
 * adti_check_tensor, so device tensors get the "not available" error. */

static void check_4d(const char *fn, adti_tensor_check check, const char *arg, const adt_tensor *t)
{
    char s[ADTI_SHAPE_STR];
    check(fn, arg, t);
    if (t->ndim != 4)
        adt_error("%s: %s must have 4 dimensions (NCHW), got shape %s", fn, arg, adti_shape_str(s, t->ndim, t->shape));
}

/* An adjoint or tangent d (skipped when NULL) with t's dtype and shape; of names t. */
static void check_like(const char *fn, adti_tensor_check check, const char *arg, const adt_tensor *d, const char *of,
                       const adt_tensor *t)
{
    if (!d)
        return;
    check(fn, arg, d);
    adti_check_same_dtype(fn, arg, d, of, t);
    adti_check_shape_is(fn, arg, d, of, t->ndim, t->shape);
}

/* The seed d_ret of a pullback: of x's dtype, with the result's shape. */
static void check_seed(const char *fn, adti_tensor_check check, const adt_tensor *d_ret, const adt_tensor *x,
                       const int64_t *shape)
{
    check(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "x", x);
    adti_check_shape_is(fn, "d_ret", d_ret, "the result", 4, shape);
}

void adti_check_conv(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *w,
                     const adt_tensor *bias, int stride, int padding, adti_conv *g)
{
    char sx[ADTI_SHAPE_STR], sw[ADTI_SHAPE_STR];
    check_4d(fn, check, "x", x);
    check_4d(fn, check, "w", w);
    adti_check_same_dtype(fn, "x", x, "w", w);
    adti_shape_str(sx, 4, x->shape);
    adti_shape_str(sw, 4, w->shape);
    if (x->shape[1] != w->shape[1])
        adt_error("%s: x has %lld channels but w expects %lld (shapes %s and %s)", fn, (long long)x->shape[1],
                  (long long)w->shape[1], sx, sw);
    if (stride < 1)
        adt_error("%s: stride must be at least 1, got %d", fn, stride);
    if (padding < 0)
        adt_error("%s: padding must not be negative, got %d", fn, padding);
    if (w->shape[2] < 1 || w->shape[3] < 1)
        adt_error("%s: w has an empty kernel (shape %s)", fn, sw);
    if (x->shape[2] + 2 * padding < w->shape[2] || x->shape[3] + 2 * padding < w->shape[3])
        adt_error("%s: kernel %lldx%lld is larger than the padded input %lldx%lld (x %s, padding %d)", fn,
                  (long long)w->shape[2], (long long)w->shape[3], (long long)(x->shape[2] + 2 * padding),
                  (long long)(x->shape[3] + 2 * padding), sx, padding);
    if (bias) {
        check(fn, "bias", bias);
        adti_check_same_dtype(fn, "bias", bias, "w", w);
        adti_check_shape_is(fn, "bias", bias, "w's out channels", 1, w->shape);
    }
    *g = (Conv){x->dtype, x->shape[0], x->shape[1], x->shape[2], x->shape[3], w->shape[0], w->shape[2], w->shape[3],
                0, 0, stride, padding, 0, 0};
    g->oh = (g->h + 2 * g->pad - g->kh) / g->stride + 1;
    g->ow = (g->w + 2 * g->pad - g->kw) / g->stride + 1;
    g->ckk = g->c * g->kh * g->kw;
    g->ohw = g->oh * g->ow;
    if (g->ckk > INT_MAX || g->ohw > INT_MAX || g->o > INT_MAX)
        adt_error("%s: x %s and w %s are too large for BLAS's int sizes", fn, sx, sw);
}

void adti_check_conv_pb(const char *fn, adti_tensor_check check, const adti_conv *g, const adt_tensor *x,
                        const adt_tensor *d_x, const adt_tensor *w, const adt_tensor *d_w, const adt_tensor *bias,
                        const adt_tensor *d_bias, const adt_tensor *d_ret)
{
    check_seed(fn, check, d_ret, x, (int64_t[]){g->n, g->o, g->oh, g->ow});
    if (d_bias && !bias)
        adt_error("%s: d_bias is given but bias is NULL", fn);
    check_like(fn, check, "d_x", d_x, "x", x);
    check_like(fn, check, "d_w", d_w, "w", w);
    check_like(fn, check, "d_bias", d_bias, "bias", bias);
}

void adti_check_conv_pf(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *t_x,
                        const adt_tensor *w, const adt_tensor *t_w, const adt_tensor *bias, const adt_tensor *t_bias,
                        int stride, int padding, adti_conv *g)
{
    adti_check_conv(fn, check, x, w, bias, stride, padding, g);
    if (t_bias && !bias)
        adt_error("%s: t_bias is given but bias is NULL", fn);
    check_like(fn, check, "t_x", t_x, "x", x);
    check_like(fn, check, "t_w", t_w, "w", w);
    check_like(fn, check, "t_bias", t_bias, "bias", bias);
}

void adti_check_pool(const char *fn, adti_tensor_check check, const adt_tensor *x, int k, int stride, adti_pool *p)
{
    char s[ADTI_SHAPE_STR];
    check_4d(fn, check, "x", x);
    if (k < 1)
        adt_error("%s: kernel size must be at least 1, got %d", fn, k);
    if (stride < 1)
        adt_error("%s: stride must be at least 1, got %d", fn, stride);
    if (x->shape[2] < k || x->shape[3] < k)
        adt_error("%s: window %dx%d is larger than the input %lldx%lld (x %s)", fn, k, k, (long long)x->shape[2],
                  (long long)x->shape[3], adti_shape_str(s, 4, x->shape));
    *p = (adti_pool){x->dtype, x->shape[0], x->shape[1], x->shape[2], x->shape[3], 0, 0, k, stride};
    p->oh = (p->h - k) / stride + 1;
    p->ow = (p->w - k) / stride + 1;
}

void adti_check_pool_pf(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *t_x, int k,
                        int stride, adti_pool *p)
{
    adti_check_pool(fn, check, x, k, stride, p);
    check_like(fn, check, "t_x", t_x, "x", x);
}

void adti_check_pool_pb(const char *fn, adti_tensor_check check, const adti_pool *p, const adt_tensor *x,
                        const adt_tensor *d_x, const adt_tensor *d_ret)
{
    check_seed(fn, check, d_ret, x, (int64_t[]){p->n, p->c, p->oh, p->ow});
    check_like(fn, check, "d_x", d_x, "x", x);
}

/* The CPU code's checks: tensors on the device are "not available". */
static void check_conv(const char *fn, const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias, int stride,
                       int padding, Conv *g)
{
    adti_check_conv(fn, adti_check_tensor, x, w, bias, stride, padding, g);
}

static void check_pool(const char *fn, const adt_tensor *x, int k, int stride, Pool *p)
{
    adti_check_pool(fn, adti_check_tensor, x, k, stride, p);
}

static void *alloc_cols(const Conv *g)
{
    size_t n = adti_mul_size("adt_conv2d", (size_t)g->ckk, (size_t)g->ohw);
    return adti_alloc(adti_mul_size("adt_conv2d", n, adti_dtype_size(g->dt)));
}

/* ---- conv2d ---- */

/* The n contiguous elements at element offset `at` of t: set to v, or summed. */
static void fill_run(adt_tensor *t, int64_t at, int64_t n, double v)
{
    switch (t->dtype) {
    case ADT_F32:
        for (float *p = adt_f32(t) + at, *end = p + n; p < end; p++)
            *p = (float)v;
        break;
    case ADT_F64:
        for (double *p = adt_f64(t) + at, *end = p + n; p < end; p++)
            *p = v;
        break;
    }
}

static double sum_run(const adt_tensor *t, int64_t at, int64_t n)
{
    double sum = 0;
    switch (t->dtype) {
    case ADT_F32: {
        float part = 0; /* one plane in float, planes added in double */
        for (const float *p = adt_f32(t) + at, *end = p + n; p < end; p++)
            part += *p;
        sum = part;
        break;
    }
    case ADT_F64:
        for (const double *p = adt_f64(t) + at, *end = p + n; p < end; p++)
            sum += *p;
        break;
    }
    return sum;
}

/* Every [oh, ow] plane of sample s of y (contiguous) = bias[o]. */
static void fill_bias(const Conv *g, adt_tensor *y, int64_t s, const adt_tensor *bias)
{
    for (int64_t o = 0; o < g->o; o++)
        fill_run(y, (s * g->o + o) * g->ohw, g->ohw, adti_read(bias, o * bias->stride[0]));
}

adt_tensor *adt_conv2d(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias, int stride, int padding)
{
    ADTI_CUDA_RETURN(adcu_conv2d(x, w, bias, stride, padding), "adt_conv2d", 3, x, w, bias);
    const char *fn = "adt_conv2d";
    Conv g;
    check_conv(fn, x, w, bias, stride, padding, &g);
    adt_tensor *y = adti_new(fn, g.dt, 4, (int64_t[]){g.n, g.o, g.oh, g.ow}, 0);
    if (g.n == 0 || g.o == 0 || g.ohw == 0)
        return y;
    adt_tensor *wc = adt_contiguous(w);
    void *col = alloc_cols(&g);
    size_t esize = adti_dtype_size(g.dt);
    for (int64_t s = 0; s < g.n; s++) {
        if (bias)
            fill_bias(&g, y, s, bias);
        im2col(&g, x, s, col);
        void *ys = (char *)adti_data(y) + (size_t)(s * g.o * g.ohw) * esize;
        conv_gemm(g.dt, 0, 0, g.o, g.ohw, g.ckk, adti_data(wc), g.ckk, col, g.ohw, bias ? 1 : 0, ys, g.ohw);
    }
    adti_free(col);
    adt_free(wc);
    return y;
}

/* d bias[o] += sum over samples and positions of g[s, o, :, :] (g contiguous) */
static void conv_bias_pb(const Conv *g, const adt_tensor *gc, adt_tensor *d_bias)
{
    for (int64_t o = 0; o < g->o; o++) {
        double sum = 0;
        for (int64_t s = 0; s < g->n; s++)
            sum += sum_run(gc, (s * g->o + o) * g->ohw, g->ohw);
        int64_t at = o * d_bias->stride[0];
        adti_write(d_bias, at, adti_read(d_bias, at) + sum);
    }
}

/* d_x sample s += col2im(w^T g_s) */
static void conv_data_pb(const Conv *g, const adt_tensor *wc, const adt_tensor *gc, adt_tensor *d_x, void *col)
{
    size_t esize = adti_dtype_size(g->dt);
    for (int64_t s = 0; s < g->n; s++) {
        const void *gs = (const char *)adti_data(gc) + (size_t)(s * g->o * g->ohw) * esize;
        conv_gemm(g->dt, 1, 0, g->ckk, g->ohw, g->o, adti_data(wc), g->ckk, gs, g->ohw, 0, col, g->ohw);
        col2im(g, col, d_x, s);
    }
}

/* d_w ([o, ckk], contiguous) += sum_s g_s cols_s^T */
static void conv_weight_pb(const Conv *g, const adt_tensor *x, const adt_tensor *gc, void *d_w, void *col)
{
    size_t esize = adti_dtype_size(g->dt);
    for (int64_t s = 0; s < g->n; s++) {
        const void *gs = (const char *)adti_data(gc) + (size_t)(s * g->o * g->ohw) * esize;
        im2col(g, x, s, col);
        conv_gemm(g->dt, 0, 1, g->o, g->ckk, g->ohw, gs, g->ohw, col, g->ohw, 1, d_w, g->ckk);
    }
}

void adt_conv2d_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                   const adt_tensor *bias, adt_tensor *d_bias, int stride, int padding, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_conv2d_pb(x, d_x, w, d_w, bias, d_bias, stride, padding, d_ret), "adt_conv2d_pb", 7, x, d_x,
                 w, d_w, bias, d_bias, d_ret);
    const char *fn = "adt_conv2d_pb";
    Conv g;
    check_conv(fn, x, w, bias, stride, padding, &g);
    adti_check_conv_pb(fn, adti_check_tensor, &g, x, d_x, w, d_w, bias, d_bias, d_ret);
    if (g.n == 0 || g.o == 0 || g.ohw == 0 || (!d_x && !d_w && !d_bias))
        return;
    adt_tensor *gc = adt_contiguous(d_ret);
    if (d_bias)
        conv_bias_pb(&g, gc, d_bias);
    if (d_x || d_w) {
        void *col = alloc_cols(&g);
        if (d_x) {
            adt_tensor *wc = adt_contiguous(w);
            conv_data_pb(&g, wc, gc, d_x, col);
            adt_free(wc);
        }
        if (d_w) {
            /* accumulate in place when d_w is contiguous, else through a temporary */
            adt_tensor *acc = adt_is_contiguous(d_w) ? adt_retain(d_w) : adti_new(fn, g.dt, 4, d_w->shape, 1);
            conv_weight_pb(&g, x, gc, adti_data(acc), col);
            if (acc != d_w)
                adt_accumulate(d_w, acc);
            adt_free(acc);
        }
        adti_free(col);
    }
    adt_free(gc);
}

/* t_ret = conv(t_x, w) + conv(x, t_w) + t_bias. Per sample, x's columns
 * give both y (with w) and the t_w term, then t_x's columns the t_x term:
 * three gemms, two im2cols. The primal is computed as adt_conv2d does. */
adt_tensor *adt_conv2d_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                          const adt_tensor *bias, const adt_tensor *t_bias, int stride, int padding,
                          adt_tensor **t_ret)
{
    const char *fn = "adt_conv2d_pf";
    Conv g;
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adcu_conv2d_pf(x, t_x, w, t_w, bias, t_bias, stride, padding, t_ret), fn, 6, x, t_x, w, t_w,
                     bias, t_bias);
    adti_check_conv_pf(fn, adti_check_tensor, x, t_x, w, t_w, bias, t_bias, stride, padding, &g);
    const int64_t shape[4] = {g.n, g.o, g.oh, g.ow};
    adt_tensor *y = adti_new(fn, g.dt, 4, shape, 0);
    adt_tensor *t = adti_new(fn, g.dt, 4, shape, !t_x && !t_w && !t_bias);
    *t_ret = t;
    if (g.n == 0 || g.o == 0 || g.ohw == 0)
        return y;
    adt_tensor *wc = adt_contiguous(w), *twc = t_w ? adt_contiguous(t_w) : NULL;
    void *col = alloc_cols(&g);
    size_t esize = adti_dtype_size(g.dt);
    for (int64_t s = 0; s < g.n; s++) {
        void *ys = (char *)adti_data(y) + (size_t)(s * g.o * g.ohw) * esize;
        void *ts = (char *)adti_data(t) + (size_t)(s * g.o * g.ohw) * esize;
        if (bias)
            fill_bias(&g, y, s, bias);
        im2col(&g, x, s, col);
        conv_gemm(g.dt, 0, 0, g.o, g.ohw, g.ckk, adti_data(wc), g.ckk, col, g.ohw, bias ? 1 : 0, ys, g.ohw);
        if (t_bias)
            fill_bias(&g, t, s, t_bias);
        if (twc)
            conv_gemm(g.dt, 0, 0, g.o, g.ohw, g.ckk, adti_data(twc), g.ckk, col, g.ohw, t_bias ? 1 : 0, ts, g.ohw);
        if (t_x) {
            im2col(&g, t_x, s, col);
            conv_gemm(g.dt, 0, 0, g.o, g.ohw, g.ckk, adti_data(wc), g.ckk, col, g.ohw, t_bias || twc ? 1 : 0, ts,
                      g.ohw);
        }
    }
    adti_free(col);
    adt_free(twc);
    adt_free(wc);
    return y;
}

/* ---- pooling: windows of k x k at the given stride, no padding ---- */

/* The window's first maximum (a NaN counts as the maximum), as i k + j. */
static int64_t argmax_f32(const Pool *p, const float *win, const int64_t *xs)
{
    int64_t best = 0;
    float m = win[0];
    for (int64_t i = 0; i < p->k; i++) {
        for (int64_t j = 0; j < p->k; j++) {
            float v = win[i * xs[0] + j * xs[1]];
            if (v > m || (isnan(v) && !isnan(m))) {
                m = v;
                best = i * p->k + j;
            }
        }
    }
    return best;
}

static int64_t argmax_f64(const Pool *p, const double *win, const int64_t *xs)
{
    int64_t best = 0;
    double m = win[0];
    for (int64_t i = 0; i < p->k; i++) {
        for (int64_t j = 0; j < p->k; j++) {
            double v = win[i * xs[0] + j * xs[1]];
            if (v > m || (isnan(v) && !isnan(m))) {
                m = v;
                best = i * p->k + j;
            }
        }
    }
    return best;
}

/* One [h, w] plane: y (contiguous [oh, ow]) = max or mean of each window;
 * xs: the plane's strides. */
static void pool_plane_f32(const Pool *p, const float *x, const int64_t *xs, float *y, int is_max)
{
    float inv = 1.0f / (float)(p->k * p->k);
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++, y++) {
            const float *win = x + oy * p->stride * xs[0] + ox * p->stride * xs[1];
            if (is_max) {
                int64_t r = argmax_f32(p, win, xs);
                *y = win[r / p->k * xs[0] + r % p->k * xs[1]];
                continue;
            }
            float sum = 0;
            for (int64_t i = 0; i < p->k; i++)
                for (int64_t j = 0; j < p->k; j++)
                    sum += win[i * xs[0] + j * xs[1]];
            *y = sum * inv;
        }
    }
}

static void pool_plane_f64(const Pool *p, const double *x, const int64_t *xs, double *y, int is_max)
{
    double inv = 1.0 / (double)(p->k * p->k);
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++, y++) {
            const double *win = x + oy * p->stride * xs[0] + ox * p->stride * xs[1];
            if (is_max) {
                int64_t r = argmax_f64(p, win, xs);
                *y = win[r / p->k * xs[0] + r % p->k * xs[1]];
                continue;
            }
            double sum = 0;
            for (int64_t i = 0; i < p->k; i++)
                for (int64_t j = 0; j < p->k; j++)
                    sum += win[i * xs[0] + j * xs[1]];
            *y = sum * inv;
        }
    }
}

/* Reverse of one plane: max routes g to the window's first maximum, mean
 * spreads g / k^2 over the window. ds, gs: strides of d and g planes. */
static void pool_pb_plane_f32(const Pool *p, const float *x, const int64_t *xs, float *d, const int64_t *ds,
                              const float *g, const int64_t *gs, int is_max)
{
    float inv = 1.0f / (float)(p->k * p->k);
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++) {
            float gv = g[oy * gs[0] + ox * gs[1]];
            float *dw = d + oy * p->stride * ds[0] + ox * p->stride * ds[1];
            if (is_max) {
                int64_t r = argmax_f32(p, x + oy * p->stride * xs[0] + ox * p->stride * xs[1], xs);
                dw[r / p->k * ds[0] + r % p->k * ds[1]] += gv;
                continue;
            }
            for (int64_t i = 0; i < p->k; i++)
                for (int64_t j = 0; j < p->k; j++)
                    dw[i * ds[0] + j * ds[1]] += gv * inv;
        }
    }
}

static void pool_pb_plane_f64(const Pool *p, const double *x, const int64_t *xs, double *d, const int64_t *ds,
                              const double *g, const int64_t *gs, int is_max)
{
    double inv = 1.0 / (double)(p->k * p->k);
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++) {
            double gv = g[oy * gs[0] + ox * gs[1]];
            double *dw = d + oy * p->stride * ds[0] + ox * p->stride * ds[1];
            if (is_max) {
                int64_t r = argmax_f64(p, x + oy * p->stride * xs[0] + ox * p->stride * xs[1], xs);
                dw[r / p->k * ds[0] + r % p->k * ds[1]] += gv;
                continue;
            }
            for (int64_t i = 0; i < p->k; i++)
                for (int64_t j = 0; j < p->k; j++)
                    dw[i * ds[0] + j * ds[1]] += gv * inv;
        }
    }
}

/* Element offset of plane (s, c) of t. */
static int64_t plane_at(const adt_tensor *t, int64_t s, int64_t c)
{
    return s * t->stride[0] + c * t->stride[1];
}

static adt_tensor *pool_forward(const char *fn, const adt_tensor *x, int k, int stride, int is_max)
{
    Pool p;
    check_pool(fn, x, k, stride, &p);
    adt_tensor *y = adti_new(fn, p.dt, 4, (int64_t[]){p.n, p.c, p.oh, p.ow}, 0);
    for (int64_t s = 0; s < p.n; s++) {
        for (int64_t c = 0; c < p.c; c++) {
            int64_t xo = plane_at(x, s, c), yo = plane_at(y, s, c);
            switch (p.dt) {
            case ADT_F32: pool_plane_f32(&p, adt_f32(x) + xo, x->stride + 2, adt_f32(y) + yo, is_max); break;
            case ADT_F64: pool_plane_f64(&p, adt_f64(x) + xo, x->stride + 2, adt_f64(y) + yo, is_max); break;
            }
        }
    }
    return y;
}

static void pool_backward(const char *fn, const adt_tensor *x, adt_tensor *d_x, int k, int stride,
                          const adt_tensor *d_ret, int is_max)
{
    Pool p;
    check_pool(fn, x, k, stride, &p);
    adti_check_pool_pb(fn, adti_check_tensor, &p, x, d_x, d_ret);
    if (!d_x)
        return;
    for (int64_t s = 0; s < p.n; s++) {
        for (int64_t c = 0; c < p.c; c++) {
            int64_t xo = plane_at(x, s, c), dxo = plane_at(d_x, s, c), go = plane_at(d_ret, s, c);
            switch (p.dt) {
            case ADT_F32:
                pool_pb_plane_f32(&p, adt_f32(x) + xo, x->stride + 2, adt_f32(d_x) + dxo, d_x->stride + 2,
                                  adt_f32(d_ret) + go, d_ret->stride + 2, is_max);
                break;
            case ADT_F64:
                pool_pb_plane_f64(&p, adt_f64(x) + xo, x->stride + 2, adt_f64(d_x) + dxo, d_x->stride + 2,
                                  adt_f64(d_ret) + go, d_ret->stride + 2, is_max);
                break;
            }
        }
    }
}

adt_tensor *adt_max_pool2d(const adt_tensor *x, int k, int stride)
{
    ADTI_CUDA_RETURN(adcu_pool("adt_max_pool2d", ADCU_POOL_MAX, x, k, stride), "adt_max_pool2d", 1, x);
    return pool_forward("adt_max_pool2d", x, k, stride, 1);
}

adt_tensor *adt_avg_pool2d(const adt_tensor *x, int k, int stride)
{
    ADTI_CUDA_RETURN(adcu_pool("adt_avg_pool2d", ADCU_POOL_AVG, x, k, stride), "adt_avg_pool2d", 1, x);
    return pool_forward("adt_avg_pool2d", x, k, stride, 0);
}

void adt_max_pool2d_pb(const adt_tensor *x, adt_tensor *d_x, int k, int stride, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_pool_pb("adt_max_pool2d_pb", ADCU_POOL_MAX, x, d_x, k, stride, d_ret), "adt_max_pool2d_pb", 3,
                 x, d_x, d_ret);
    pool_backward("adt_max_pool2d_pb", x, d_x, k, stride, d_ret, 1);
}

void adt_avg_pool2d_pb(const adt_tensor *x, adt_tensor *d_x, int k, int stride, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_pool_pb("adt_avg_pool2d_pb", ADCU_POOL_AVG, x, d_x, k, stride, d_ret), "adt_avg_pool2d_pb", 3,
                 x, d_x, d_ret);
    pool_backward("adt_avg_pool2d_pb", x, d_x, k, stride, d_ret, 0);
}

/* Forward of max pooling on one plane, fused with the primal: y (contiguous
 * [oh, ow]) = each window's first maximum, t = u (the tangent plane,
 * strides us) at that element. */
static void max_pool_pf_plane_f32(const Pool *p, const float *x, const int64_t *xs, const float *u,
                                  const int64_t *us, float *y, float *t)
{
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++, y++, t++) {
            int64_t y0 = oy * p->stride, x0 = ox * p->stride;
            const float *win = x + y0 * xs[0] + x0 * xs[1];
            int64_t r = argmax_f32(p, win, xs), i = r / p->k, j = r % p->k;
            *y = win[i * xs[0] + j * xs[1]];
            *t = u[(y0 + i) * us[0] + (x0 + j) * us[1]];
        }
    }
}

static void max_pool_pf_plane_f64(const Pool *p, const double *x, const int64_t *xs, const double *u,
                                  const int64_t *us, double *y, double *t)
{
    for (int64_t oy = 0; oy < p->oh; oy++) {
        for (int64_t ox = 0; ox < p->ow; ox++, y++, t++) {
            int64_t y0 = oy * p->stride, x0 = ox * p->stride;
            const double *win = x + y0 * xs[0] + x0 * xs[1];
            int64_t r = argmax_f64(p, win, xs), i = r / p->k, j = r % p->k;
            *y = win[i * xs[0] + j * xs[1]];
            *t = u[(y0 + i) * us[0] + (x0 + j) * us[1]];
        }
    }
}

/* t_ret = t_x at each window's first maximum (as the pullback routes the seed) */
adt_tensor *adt_max_pool2d_pf(const adt_tensor *x, const adt_tensor *t_x, int k, int stride, adt_tensor **t_ret)
{
    const char *fn = "adt_max_pool2d_pf";
    Pool p;
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adcu_pool_pf(fn, ADCU_POOL_MAX, x, t_x, k, stride, t_ret), fn, 2, x, t_x);
    adti_check_pool_pf(fn, adti_check_tensor, x, t_x, k, stride, &p);
    if (!t_x) {
        adt_tensor *y = pool_forward(fn, x, k, stride, 1);
        *t_ret = adti_new(fn, p.dt, 4, y->shape, 1);
        return y;
    }
    const int64_t shape[4] = {p.n, p.c, p.oh, p.ow};
    adt_tensor *y = adti_new(fn, p.dt, 4, shape, 0), *t = adti_new(fn, p.dt, 4, shape, 0);
    for (int64_t s = 0; s < p.n; s++) {
        for (int64_t c = 0; c < p.c; c++) {
            int64_t xo = plane_at(x, s, c), uo = plane_at(t_x, s, c), yo = plane_at(y, s, c);
            switch (p.dt) {
            case ADT_F32:
                max_pool_pf_plane_f32(&p, adt_f32(x) + xo, x->stride + 2, adt_f32(t_x) + uo, t_x->stride + 2,
                                      adt_f32(y) + yo, adt_f32(t) + yo);
                break;
            case ADT_F64:
                max_pool_pf_plane_f64(&p, adt_f64(x) + xo, x->stride + 2, adt_f64(t_x) + uo, t_x->stride + 2,
                                      adt_f64(y) + yo, adt_f64(t) + yo);
                break;
            }
        }
    }
    *t_ret = t;
    return y;
}

/* average pooling is linear: t_ret = avg_pool2d(t_x) */
adt_tensor *adt_avg_pool2d_pf(const adt_tensor *x, const adt_tensor *t_x, int k, int stride, adt_tensor **t_ret)
{
    const char *fn = "adt_avg_pool2d_pf";
    Pool p;
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adcu_pool_pf(fn, ADCU_POOL_AVG, x, t_x, k, stride, t_ret), fn, 2, x, t_x);
    adti_check_pool_pf(fn, adti_check_tensor, x, t_x, k, stride, &p);
    adt_tensor *y = pool_forward(fn, x, k, stride, 0);
    *t_ret = t_x ? pool_forward(fn, t_x, k, stride, 0) : adti_new(fn, p.dt, 4, y->shape, 1);
    return y;
}
