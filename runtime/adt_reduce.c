/* adt_reduce.c: reductions over one dimension (sum, mean, max, argmax) or
 * over all elements (sum_all, mean_all), and their reverse and forward
 * rules. Sums of f32 rows are accumulated in double. The ops and their
 * reverse rules run on the CUDA device too (cuda/adcu_ops.c, adcu_loss.c,
 * through the ADTI_CUDA hooks, with the argument checks shared here). */
#include "internal.h"

#include <math.h>

int adti_check_reduce_pb(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                         int dim, int keepdim, const adt_tensor *d_ret)
{
    int64_t shape[ADT_MAX_DIMS];
    check(fn, "a", a);
    int d = adti_check_dim(fn, a, dim);
    check(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    int n = adti_reduced_shape(a, d, keepdim, shape);
    adti_check_shape_is(fn, "d_ret", d_ret, "the result has shape", n, shape);
    if (d_a) {
        check(fn, "d_a", d_a);
        adti_check_same_dtype(fn, "d_a", d_a, "a", a);
        adti_check_shape_is(fn, "d_a", d_a, "a has shape", a->ndim, a->shape);
    }
    return d;
}

/* A reduction rule's arguments on the CPU; returns dim in [0, ndim). */
static int check_reduce_pb(const char *fn, const adt_tensor *a, const adt_tensor *d_a, int dim, int keepdim,
                           const adt_tensor *d_ret)
{
    return adti_check_reduce_pb(fn, adti_check_tensor, a, d_a, dim, keepdim, d_ret);
}

/* A forward rule's t_ret must be given (checked before the device hook,
 * whose rules write it too). */
static void check_t_ret(const char *fn, const void *t_ret)
{
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
}

/* Checks a forward rule's tensors on the CPU: t_a (when given) shaped and
 * typed as a. */
static void check_pushforward(const char *fn, const adt_tensor *a, const adt_tensor *t_a)
{
    adti_check_tensor(fn, "a", a);
    if (t_a) {
        adti_check_tensor(fn, "t_a", t_a);
        adti_check_same_dtype(fn, "t_a", t_a, "a", a);
        adti_check_shape_is(fn, "t_a", t_a, "a has shape", a->ndim, a->shape);
    }
}

/* ---- sum, mean ---- */

/* alpha times the sum of a over dim: zeros plus a summed into them. */
static adt_tensor *scaled_sum(const char *fn, const adt_tensor *a, int dim, int keepdim, int mean)
{
    int64_t shape[ADT_MAX_DIMS];
    adti_check_tensor(fn, "a", a);
    int d = adti_check_dim(fn, a, dim);
    adt_tensor *r = adti_new(fn, a->dtype, adti_reduced_shape(a, d, keepdim, shape), shape, 1);
    adt_tensor v = adti_keepdim_view(r, d, keepdim);
    adti_acc(fn, &v, 1.0, a);
    if (mean) {
        double scale = 1.0 / (double)a->shape[d]; /* an empty dim gives NaN, as 0/0 */
        int64_t n = adti_numel(r->ndim, r->shape);
        for (int64_t i = 0; i < n; i++)
            adti_write(r, i, adti_read(r, i) * scale);
    }
    return r;
}

adt_tensor *adt_sum(const adt_tensor *a, int dim, int keepdim)
{
    ADTI_CUDA_RETURN(adcu_sum("adt_sum", a, dim, keepdim, 0), "adt_sum", 1, a);
    return scaled_sum("adt_sum", a, dim, keepdim, 0);
}

adt_tensor *adt_mean(const adt_tensor *a, int dim, int keepdim)
{
    ADTI_CUDA_RETURN(adcu_sum("adt_mean", a, dim, keepdim, 1), "adt_mean", 1, a);
    return scaled_sum("adt_mean", a, dim, keepdim, 1);
}

/* d sum(a, dim) = the seed repeated along dim */
void adt_sum_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_sum_pb("adt_sum_pb", a, d_a, dim, keepdim, d_ret, 0), "adt_sum_pb", 3, a, d_a, d_ret);
    int d = check_reduce_pb("adt_sum_pb", a, d_a, dim, keepdim, d_ret);
    if (!d_a)
        return;
    adt_tensor v = adti_keepdim_view(d_ret, d, keepdim);
    adti_acc("adt_sum_pb", d_a, 1.0, &v);
}

/* d mean(a, dim) = the seed / size(dim) repeated along dim */
void adt_mean_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_sum_pb("adt_mean_pb", a, d_a, dim, keepdim, d_ret, 1), "adt_mean_pb", 3, a, d_a, d_ret);
    int d = check_reduce_pb("adt_mean_pb", a, d_a, dim, keepdim, d_ret);
    if (!d_a)
        return;
    adt_tensor v = adti_keepdim_view(d_ret, d, keepdim);
    adti_acc("adt_mean_pb", d_a, 1.0 / (double)a->shape[d], &v);
}

/* sum and mean are linear: t_ret = the same reduction of t_a */
static adt_tensor *sum_pushforward(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim,
                                   adt_tensor **t_ret, int mean)
{
    int64_t shape[ADT_MAX_DIMS];
    check_t_ret(fn, t_ret);
    ADTI_CUDA_RETURN(adti_sum_pf_ops(fn, a, t_a, dim, keepdim, t_ret, mean), fn, 2, a, t_a);
    check_pushforward(fn, a, t_a);
    int d = adti_check_dim(fn, a, dim);
    adt_tensor *y = scaled_sum(fn, a, d, keepdim, mean);
    *t_ret = t_a ? scaled_sum(fn, t_a, d, keepdim, mean)
                 : adti_new(fn, a->dtype, adti_reduced_shape(a, d, keepdim, shape), shape, 1);
    return y;
}

adt_tensor *adt_sum_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret)
{
    return sum_pushforward("adt_sum_pf", a, t_a, dim, keepdim, t_ret, 0);
}

adt_tensor *adt_mean_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret)
{
    return sum_pushforward("adt_mean_pf", a, t_a, dim, keepdim, t_ret, 1);
}

/* ---- max, argmax: the first maximum along dim (a NaN counts as the max) ---- */

static int64_t first_max_f64(const double *p, int64_t stride, int64_t n)
{
    int64_t best = 0;
    for (int64_t k = 0; k < n; k++) {
        double v = p[k * stride];
        if (isnan(v))
            return k;
        if (v > p[best * stride])
            best = k;
    }
    return best;
}

static int64_t first_max_f32(const float *p, int64_t stride, int64_t n)
{
    int64_t best = 0;
    for (int64_t k = 0; k < n; k++) {
        float v = p[k * stride];
        if (isnan(v))
            return k;
        if (v > p[best * stride])
            best = k;
    }
    return best;
}

/* Index of the first maximum of the n elements from off (step stride). */
static int64_t first_max(const adt_tensor *a, int64_t off, int64_t stride, int64_t n)
{
    switch (a->dtype) {
    case ADT_F32:
        return first_max_f32((const float *)adti_data(a) + off, stride, n);
    case ADT_F64:
        return first_max_f64((const double *)adti_data(a) + off, stride, n);
    }
    return 0;
}

/* Iterates over a's shape with dim collapsed to 1. Operands: r (a tensor
 * of that keepdim shape), a, and when given t (of a's shape, own strides). */
static void along_dim_init(adti_iter *it, const adt_tensor *a, int dim, const adt_tensor *r, const adt_tensor *t)
{
    int64_t shape[ADT_MAX_DIMS], strides[3][ADT_MAX_DIMS];
    memcpy(shape, a->shape, sizeof shape);
    shape[dim] = 1;
    adti_broadcast_strides(r, a->ndim, shape, strides[0]);
    memcpy(strides[1], a->stride, sizeof strides[1]);
    if (t)
        memcpy(strides[2], t->stride, sizeof strides[2]);
    adti_iter_init_strides(it, a->ndim, shape, t ? 3 : 2, (const int64_t(*)[ADT_MAX_DIMS])strides);
}

int adti_check_max(const char *fn, adti_tensor_check check, const adt_tensor *a, int dim)
{
    check(fn, "a", a);
    int d = adti_check_dim(fn, a, dim);
    if (a->shape[d] == 0)
        adt_error("%s: dimension %d has size 0: there is no maximum", fn, d);
    return d;
}

static int check_max_args(const char *fn, const adt_tensor *a, int dim)
{
    return adti_check_max(fn, adti_check_tensor, a, dim);
}

/* as_index 0: the maximum values; 1: their indices along dim. */
static adt_tensor *max_along(const char *fn, const adt_tensor *a, int dim, int keepdim, int as_index)
{
    int64_t shape[ADT_MAX_DIMS];
    int d = check_max_args(fn, a, dim);
    adt_tensor *r = adti_new(fn, a->dtype, adti_reduced_shape(a, d, keepdim, shape), shape, 0);
    adt_tensor v = adti_keepdim_view(r, d, keepdim);
    int64_t n = a->shape[d], stride = a->stride[d];
    adti_iter it;
    along_dim_init(&it, a, d, &v, NULL);
    while (adti_iter_next(&it))
        for (int64_t i = 0; i < it.n; i++) {
            int64_t off = it.off[1] + i * it.step[1], k = first_max(a, off, stride, n);
            adti_write(&v, it.off[0] + i * it.step[0], as_index ? (double)k : adti_read(a, off + k * stride));
        }
    return r;
}

adt_tensor *adt_max(const adt_tensor *a, int dim, int keepdim)
{
    ADTI_CUDA_RETURN(adcu_max("adt_max", a, dim, keepdim, 0), "adt_max", 1, a);
    return max_along("adt_max", a, dim, keepdim, 0);
}

adt_tensor *adt_argmax(const adt_tensor *a, int dim)
{
    ADTI_CUDA_RETURN(adcu_max("adt_argmax", a, dim, 0, 1), "adt_argmax", 1, a);
    return max_along("adt_argmax", a, dim, 0, 1);
}

/* d max(a, dim) = the seed routed to the first maximum along dim */
void adt_max_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_max_pb(a, d_a, dim, keepdim, d_ret), "adt_max_pb", 3, a, d_a, d_ret);
    int d = check_reduce_pb("adt_max_pb", a, d_a, dim, keepdim, d_ret);
    check_max_args("adt_max_pb", a, d);
    if (!d_a)
        return;
    adt_tensor g = adti_keepdim_view(d_ret, d, keepdim);
    int64_t n = a->shape[d], stride = a->stride[d];
    adti_iter it;
    along_dim_init(&it, a, d, &g, d_a);
    while (adti_iter_next(&it))
        for (int64_t i = 0; i < it.n; i++) {
            int64_t k = first_max(a, it.off[1] + i * it.step[1], stride, n);
            int64_t at = it.off[2] + i * it.step[2] + k * d_a->stride[d];
            adti_write(d_a, at, adti_read(d_a, at) + adti_read(&g, it.off[0] + i * it.step[0]));
        }
}

/* t_ret = t_a at the first maximum along dim: one pass finds each maximum
 * and writes both its value and its tangent (y and t have one layout). */
adt_tensor *adt_max_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret)
{
    const char *fn = "adt_max_pf";
    int64_t shape[ADT_MAX_DIMS];
    check_t_ret(fn, t_ret);
    ADTI_CUDA_RETURN(adti_max_pf_ops(fn, a, t_a, dim, keepdim, t_ret), fn, 2, a, t_a);
    check_pushforward(fn, a, t_a);
    int d = check_max_args(fn, a, dim);
    if (!t_a) {
        adt_tensor *y = max_along(fn, a, d, keepdim, 0);
        *t_ret = adti_new(fn, a->dtype, y->ndim, y->shape, 1);
        return y;
    }
    int nd = adti_reduced_shape(a, d, keepdim, shape);
    adt_tensor *y = adti_new(fn, a->dtype, nd, shape, 0), *t = adti_new(fn, a->dtype, nd, shape, 0);
    adt_tensor vy = adti_keepdim_view(y, d, keepdim), vt = adti_keepdim_view(t, d, keepdim);
    int64_t n = a->shape[d], stride = a->stride[d];
    adti_iter it;
    along_dim_init(&it, a, d, &vy, t_a);
    while (adti_iter_next(&it))
        for (int64_t i = 0; i < it.n; i++) {
            int64_t off = it.off[1] + i * it.step[1], k = first_max(a, off, stride, n);
            int64_t at = it.off[0] + i * it.step[0];
            adti_write(&vy, at, adti_read(a, off + k * stride));
            adti_write(&vt, at, adti_read(t_a, it.off[2] + i * it.step[2] + k * t_a->stride[d]));
        }
    *t_ret = t;
    return y;
}

/* ---- over all elements ---- */

/* Sum of n contiguous doubles with four partial sums (more accurate, and
 * independent chains the CPU can overlap). */
static double sum_contig_f64(const double *p, int64_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    for (; i < n; i++)
        s0 += p[i];
    return (s0 + s1) + (s2 + s3);
}

static double sum_contig_f32(const float *p, int64_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    for (; i < n; i++)
        s0 += p[i];
    return (s0 + s1) + (s2 + s3);
}

static double sum_row(const adt_tensor *a, int64_t off, int64_t step, int64_t n)
{
    double s = 0;
    switch (a->dtype) {
    case ADT_F32: {
        const float *p = (const float *)adti_data(a) + off;
        if (step == 1)
            return sum_contig_f32(p, n);
        for (int64_t i = 0; i < n; i++)
            s += p[i * step];
        break;
    }
    case ADT_F64: {
        const double *p = (const double *)adti_data(a) + off;
        if (step == 1)
            return sum_contig_f64(p, n);
        for (int64_t i = 0; i < n; i++)
            s += p[i * step];
        break;
    }
    }
    return s;
}

static double sum_elements(const char *fn, const adt_tensor *a)
{
    adti_check_tensor(fn, "a", a);
    if (adt_is_contiguous(a)) /* the fast path */
        return sum_row(a, 0, 1, adti_numel(a->ndim, a->shape));
    double s = 0;
    adti_iter it;
    adti_iter_init(&it, a->ndim, a->shape, 1, (const adt_tensor *[]){a});
    while (adti_iter_next(&it))
        s += sum_row(a, it.off[0], it.step[0], it.n);
    return s;
}

double adt_sum_all(const adt_tensor *a)
{
    ADTI_CUDA_RETURN(adcu_sum_all("adt_sum_all", a, 0), "adt_sum_all", 1, a);
    return sum_elements("adt_sum_all", a);
}

/* NaN for an empty tensor, as 0/0. */
double adt_mean_all(const adt_tensor *a)
{
    ADTI_CUDA_RETURN(adcu_sum_all("adt_mean_all", a, 1), "adt_mean_all", 1, a);
    double s = sum_elements("adt_mean_all", a);
    return s / (double)adti_numel(a->ndim, a->shape);
}

/* d_a += v everywhere. */
static void add_everywhere(const char *fn, const adt_tensor *a, adt_tensor *d_a, double v)
{
    adti_check_tensor(fn, "a", a);
    if (!d_a)
        return;
    adti_check_tensor(fn, "d_a", d_a);
    adti_check_same_dtype(fn, "d_a", d_a, "a", a);
    adti_check_shape_is(fn, "d_a", d_a, "a has shape", a->ndim, a->shape);
    adti_iter it;
    adti_iter_init(&it, d_a->ndim, d_a->shape, 1, (const adt_tensor *[]){d_a});
    while (adti_iter_next(&it)) {
        switch (d_a->dtype) {
        case ADT_F32: {
            float *p = (float *)adti_data(d_a) + it.off[0], fv = (float)v;
            for (int64_t i = 0; i < it.n; i++)
                p[i * it.step[0]] += fv;
            break;
        }
        case ADT_F64: {
            double *p = (double *)adti_data(d_a) + it.off[0];
            for (int64_t i = 0; i < it.n; i++)
                p[i * it.step[0]] += v;
            break;
        }
        }
    }
}

/* d sum_all(a) = the seed everywhere */
void adt_sum_all_pb(const adt_tensor *a, adt_tensor *d_a, double d_ret)
{
    ADTI_CUDA_DO(adcu_sum_all_pb("adt_sum_all_pb", a, d_a, d_ret, 0), "adt_sum_all_pb", 2, a, d_a);
    add_everywhere("adt_sum_all_pb", a, d_a, d_ret);
}

/* d mean_all(a) = the seed / numel everywhere */
void adt_mean_all_pb(const adt_tensor *a, adt_tensor *d_a, double d_ret)
{
    ADTI_CUDA_DO(adcu_sum_all_pb("adt_mean_all_pb", a, d_a, d_ret, 1), "adt_mean_all_pb", 2, a, d_a);
    adti_check_tensor("adt_mean_all_pb", "a", a);
    add_everywhere("adt_mean_all_pb", a, d_a, d_ret / (double)adti_numel(a->ndim, a->shape));
}

/* t_ret = sum_all(t_a) */
double adt_sum_all_pf(const adt_tensor *a, const adt_tensor *t_a, double *t_ret)
{
    check_t_ret("adt_sum_all_pf", t_ret);
    ADTI_CUDA_RETURN(adti_sum_all_pf_ops("adt_sum_all_pf", a, t_a, t_ret, 0), "adt_sum_all_pf", 2, a, t_a);
    check_pushforward("adt_sum_all_pf", a, t_a);
    *t_ret = t_a ? sum_elements("adt_sum_all_pf", t_a) : 0.0;
    return sum_elements("adt_sum_all_pf", a);
}

/* t_ret = mean_all(t_a) */
double adt_mean_all_pf(const adt_tensor *a, const adt_tensor *t_a, double *t_ret)
{
    check_t_ret("adt_mean_all_pf", t_ret);
    ADTI_CUDA_RETURN(adti_sum_all_pf_ops("adt_mean_all_pf", a, t_a, t_ret, 1), "adt_mean_all_pf", 2, a, t_a);
    check_pushforward("adt_mean_all_pf", a, t_a);
    double n = (double)adti_numel(a->ndim, a->shape);
    *t_ret = t_a ? sum_elements("adt_mean_all_pf", t_a) / n : 0.0;
    return sum_elements("adt_mean_all_pf", a) / n;
}
