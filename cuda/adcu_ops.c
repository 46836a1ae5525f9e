/* adcu_ops.c: tensors on the CUDA device and the ops ported there: creation
 * and copies, fill, accumulation (adti_acc's broadcast-and-sum on the
 * device), the unary and broadcasting binary elementwise ops, sum and mean,
 * and their pullbacks. Each checks its arguments as its CPU op does (with
 * the same internal.h helpers and messages) and launches the kernels of
 * adcu_kernels.cu; matmul and linear are adcu_linalg.c. */
#include "internal.h"

#include <cuda_runtime_api.h>
#include <math.h>

/* ---- geometry: the CPU's strided iterator, merged dims and all ---- */

/* The launch geometry of an iterator over nops operands. */
static adcu_geom geom_of_iter(const adti_iter *it)
{
    adcu_geom g;
    memset(&g, 0, sizeof g);
    g.ndim = it->ndim + 1;
    g.numel = it->rows_left * it->n;
    for (int d = 0; d < it->ndim; d++) {
        g.shape[d] = it->shape[d];
        for (int k = 0; k < it->nops; k++)
            g.stride[k][d] = it->stride[k][d];
    }
    g.shape[it->ndim] = it->n;
    for (int k = 0; k < it->nops; k++)
        g.stride[k][it->ndim] = it->step[k];
    return g;
}

adcu_geom adcu_geom_of(int ndim, const int64_t *shape, int nops, const adt_tensor *const *ops)
{
    adti_iter it;
    adti_iter_init(&it, ndim, shape, nops, ops);
    return geom_of_iter(&it);
}

adcu_geom adcu_geom_of_strides(int ndim, const int64_t *shape, int nops, const int64_t (*strides)[ADT_MAX_DIMS])
{
    adti_iter it;
    adti_iter_init_strides(&it, ndim, shape, nops, strides);
    return geom_of_iter(&it);
}

static void *ptr(const adt_tensor *t)
{
    return adti_data(t); /* address arithmetic only: nothing is read on the host */
}

/* ---- creation, copies ---- */

adt_tensor *adcu_new(const char *fn, adt_dtype dt, int ndim, const int64_t *shape, int zeroed)
{
    int64_t stride[ADT_MAX_DIMS];
    adti_check_dtype(fn, dt);
    adti_check_shape(fn, ndim, shape);
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] != 0 && n > INT64_MAX / shape[d]) {
            char s[ADTI_SHAPE_STR];
            adt_error("%s: shape %s has too many elements (size overflow)", fn, adti_shape_str(s, ndim, shape));
        }
        n *= shape[d];
    }
    size_t nbytes = adti_mul_size(fn, (size_t)n, adti_dtype_size(dt));
    void *data = adcu_alloc(fn, nbytes); /* first: it reports its own failure */
    adt_storage *s = adti_try_alloc(sizeof *s, 1);
    adt_tensor *t = s ? adti_try_alloc(sizeof *t, 1) : NULL;
    if (!t) {
        adti_free(s);
        adcu_free(data, nbytes);
        adt_error("%s: out of memory allocating %zu bytes", fn, sizeof *t);
    }
    s->data = data;
    s->nbytes = nbytes;
    s->refcount = 1;
    s->owns_data = 1;
    s->device = ADT_CUDA;
    if (zeroed && nbytes)
        adcu_check(fn, (int)cudaMemset(s->data, 0, nbytes));
    t->storage = s;
    t->dtype = dt;
    t->refcount = 1;
    t->ndim = ndim;
    t->offset = 0;
    adti_contiguous_strides(ndim, shape, stride);
    for (int d = 0; d < ADT_MAX_DIMS; d++) {
        t->shape[d] = d < ndim ? shape[d] : 0;
        t->stride[d] = d < ndim ? stride[d] : 0;
    }
    return t;
}

/* dst = src, same shape and dtype. */
static void copy_into(adt_tensor *dst, const adt_tensor *src)
{
    adcu_geom g = adcu_geom_of(dst->ndim, dst->shape, 2, (const adt_tensor *[]){dst, src});
    if (g.numel)
        adcu_k_axpby(dst->dtype, (void *[]){ptr(dst), ptr(src)}, &g, 1.0, 0.0);
}

adt_tensor *adcu_clone(const char *fn, const adt_tensor *t)
{
    adti_check_meta(fn, "t", t);
    adt_tensor *r = adcu_new(fn, t->dtype, t->ndim, t->shape, 0);
    copy_into(r, t);
    return r;
}

adt_tensor *adcu_contiguous(const char *fn, const adt_tensor *t)
{
    adti_check_meta(fn, "t", t);
    if (adt_is_contiguous(t))
        return adt_retain((adt_tensor *)t);
    return adcu_clone(fn, t);
}

void adcu_fill_(adt_tensor *t, double value)
{
    adti_check_meta("adt_fill_", "t", t);
    adcu_geom g = adcu_geom_of(t->ndim, t->shape, 1, (const adt_tensor *[]){t});
    if (g.numel)
        adcu_k_fill(t->dtype, (void *[]){ptr(t)}, &g, value, 0);
}

void adcu_copy_(adt_tensor *dst, const adt_tensor *src)
{
    adti_check_meta("adt_copy_", "dst", dst);
    adti_check_meta("adt_copy_", "src", src);
    adti_check_shape_is("adt_copy_", "src", src, "dst has shape", dst->ndim, dst->shape);
    adcu_geom g = adcu_geom_of(dst->ndim, dst->shape, 2, (const adt_tensor *[]){dst, src});
    if (g.numel) /* a plain copy when the dtypes agree */
        adcu_k_convert(dst->dtype, src->dtype, (void *[]){ptr(dst), ptr(src)}, &g);
}

adt_tensor *adcu_to_dtype(const adt_tensor *t, adt_dtype dt)
{
    adti_check_meta("adt_to_dtype", "t", t);
    adt_tensor *r = adcu_new("adt_to_dtype", dt, t->ndim, t->shape, 0);
    adcu_copy_(r, t);
    return r;
}

/* ---- accumulation: dst += alpha src, src summed down to dst's shape ---- */

void adcu_acc(const char *fn, adt_tensor *dst, double alpha, const adt_tensor *src)
{
    int ndim, nkept = 0, nred = 0;
    int64_t shape[ADT_MAX_DIMS], ds[ADT_MAX_DIMS], ss[ADT_MAX_DIMS];
    adti_check_same_dtype(fn, "dst", dst, "src", src);
    adti_broadcast_shape(fn, dst->ndim, dst->shape, src->ndim, src->shape, &ndim, shape);
    if (adti_numel(ndim, shape) == 0)
        return;
    adti_broadcast_strides(dst, ndim, shape, ds);
    adti_broadcast_strides(src, ndim, shape, ss);
    /* kept dimensions (dst has them) go to outer, summed ones to inner */
    int64_t kshape[ADT_MAX_DIMS], kstr[2][ADT_MAX_DIMS], rshape[ADT_MAX_DIMS], rstr[2][ADT_MAX_DIMS];
    for (int d = 0; d < ndim; d++) {
        int td = d - (ndim - dst->ndim);
        int summed = shape[d] > 1 && (td < 0 || dst->shape[td] == 1);
        if (summed) {
            rshape[nred] = shape[d];
            rstr[0][nred] = 0;
            rstr[1][nred++] = ss[d];
        } else {
            kshape[nkept] = shape[d];
            kstr[0][nkept] = ds[d];
            kstr[1][nkept++] = ss[d];
        }
    }
    adcu_geom outer = adcu_geom_of_strides(nkept, kshape, 2, (const int64_t(*)[ADT_MAX_DIMS])kstr);
    if (nred == 0) {
        adcu_k_axpby(dst->dtype, (void *[]){ptr(dst), ptr(src)}, &outer, alpha, 1.0);
        return;
    }
    adcu_geom inner = adcu_geom_of_strides(nred, rshape, 2, (const int64_t(*)[ADT_MAX_DIMS])rstr);
    adcu_k_reduce(dst->dtype, ptr(dst), ptr(src), &outer, &inner, alpha, 1);
}

/* ---- argument checks of the rules ---- */

/* ---- unary ops ---- */

adt_tensor *adcu_unary(const char *fn, adcu_unary_op op, const adt_tensor *a, double s, double lo, double hi)
{
    adti_check_meta(fn, "a", a);
    adt_tensor *out = adcu_new(fn, a->dtype, a->ndim, a->shape, 0);
    adcu_geom g = adcu_geom_of(a->ndim, a->shape, 2, (const adt_tensor *[]){out, a});
    if (g.numel)
        adcu_k_unary(op, a->dtype, (void *[]){ptr(out), ptr(a)}, &g, s, lo, hi);
    return out;
}

/* sum of d_ret dop/dp_k(a) over the elements. */
static double unary_param_sum(const char *fn, adcu_unary_op op, int k, const adt_tensor *a, const adt_tensor *d_ret,
                              double s, double lo, double hi)
{
    adt_tensor *t = adcu_new(fn, a->dtype, a->ndim, a->shape, 0);
    adcu_geom g = adcu_geom_of(a->ndim, a->shape, 3, (const adt_tensor *[]){t, a, d_ret});
    if (g.numel)
        adcu_k_unary_param(op, k, a->dtype, (void *[]){ptr(t), ptr(a), ptr(d_ret)}, &g, s, lo, hi);
    double sum = adcu_sum_all(fn, t, 0);
    adt_free(t);
    return sum;
}

void adcu_unary_pb(const char *fn, adcu_unary_op op, const adt_tensor *a, adt_tensor *d_a, double *d_p0,
                   double *d_p1, const adt_tensor *d_ret, double s, double lo, double hi)
{
    adti_check_meta(fn, "a", a);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "a has shape", a, a->ndim, a->shape);
    adti_check_like(fn, "d_a", d_a, "a has shape", a, a->ndim, a->shape);
    if (d_a) {
        adcu_geom g = adcu_geom_of(a->ndim, a->shape, 3, (const adt_tensor *[]){d_a, a, d_ret});
        if (g.numel)
            adcu_k_unary_grad(op, a->dtype, (void *[]){ptr(d_a), ptr(a), ptr(d_ret)}, &g, s, lo, hi);
    }
    if (d_p0)
        *d_p0 += unary_param_sum(fn, op, 0, a, d_ret, s, lo, hi);
    if (d_p1)
        *d_p1 += unary_param_sum(fn, op, 1, a, d_ret, s, lo, hi);
}

/* t += t_p dop/dp_k(a), the scalar parameter's share of the forward rule. */
static void unary_param_acc(const char *fn, adcu_unary_op op, int k, double t_p, adt_tensor *t, const adt_tensor *a,
                            double s, double lo, double hi)
{
    adt_tensor *seed = adcu_new(fn, a->dtype, 0, NULL, 0), *part = adcu_new(fn, a->dtype, a->ndim, a->shape, 0);
    adcu_fill_(seed, t_p);
    adcu_geom g = adcu_geom_of(a->ndim, a->shape, 3, (const adt_tensor *[]){part, a, seed});
    if (g.numel)
        adcu_k_unary_param(op, k, a->dtype, (void *[]){ptr(part), ptr(a), ptr(seed)}, &g, s, lo, hi);
    adcu_acc(fn, t, 1.0, part);
    adt_free(seed);
    adt_free(part);
}

/* The Jacobian is diagonal, so the tangent is the pullback seeded with t_a:
 * t = t_a op'(a), plus each scalar parameter's tangent times dop/dp. */
adt_tensor *adcu_unary_pf(const char *fn, adcu_unary_op op, const adt_tensor *a, const adt_tensor *t_a, double t_p0,
                          double t_p1, adt_tensor **t_ret, double s, double lo, double hi)
{
    adti_check_meta(fn, "a", a);
    adti_check_like(fn, "t_a", t_a, "a has shape", a, a->ndim, a->shape);
    adt_tensor *y = adcu_unary(fn, op, a, s, lo, hi);
    adt_tensor *t = adcu_new(fn, a->dtype, a->ndim, a->shape, 1);
    if (t_a)
        adcu_unary_pb(fn, op, a, t, NULL, NULL, t_a, s, lo, hi);
    if (t_p0 != 0)
        unary_param_acc(fn, op, 0, t_p0, t, a, s, lo, hi);
    if (t_p1 != 0)
        unary_param_acc(fn, op, 1, t_p1, t, a, s, lo, hi);
    *t_ret = t;
    return y;
}

/* ---- broadcasting binary ops ---- */

static void check_binary(const char *fn, const adt_tensor *a, const adt_tensor *b, int *ndim, int64_t *shape)
{
    adti_check_meta(fn, "a", a);
    adti_check_meta(fn, "b", b);
    adti_check_same_dtype(fn, "a", a, "b", b);
    adti_broadcast_shape(fn, a->ndim, a->shape, b->ndim, b->shape, ndim, shape);
}

adt_tensor *adcu_binary(const char *fn, adcu_binary_op op, const adt_tensor *a, const adt_tensor *b)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    check_binary(fn, a, b, &ndim, shape);
    adt_tensor *out = adcu_new(fn, a->dtype, ndim, shape, 0);
    adcu_geom g = adcu_geom_of(ndim, shape, 3, (const adt_tensor *[]){out, a, b});
    if (g.numel)
        adcu_k_binary(op, a->dtype, (void *[]){ptr(out), ptr(a), ptr(b)}, &g);
    return out;
}

/* d += rule(d_ret, a, b) over the result's shape, summed down to d's shape:
 * in place when d has the result's shape, else through a temporary. */
static void rule_acc(const char *fn, adcu_rule r, adt_tensor *d, const adt_tensor *d_ret, const adt_tensor *a,
                     const adt_tensor *b)
{
    adt_tensor *t = adt_same_shape(d, d_ret) ? d : adcu_new(fn, d_ret->dtype, d_ret->ndim, d_ret->shape, 0);
    adcu_geom g = adcu_geom_of(d_ret->ndim, d_ret->shape, 4, (const adt_tensor *[]){t, d_ret, a, b});
    if (g.numel)
        adcu_k_rule(r, d_ret->dtype, (void *[]){ptr(t), ptr(d_ret), ptr(a), ptr(b)}, &g, t == d);
    if (t != d) {
        adcu_acc(fn, d, 1.0, t);
        adt_free(t);
    }
}

void adcu_binary_pb(const char *fn, adcu_binary_op op, const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b,
                    adt_tensor *d_b, const adt_tensor *d_ret)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    check_binary(fn, a, b, &ndim, shape);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_check_like(fn, "d_ret", d_ret, "the result has shape", a, ndim, shape);
    adti_check_like(fn, "d_a", d_a, "a has shape", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b has shape", b, b->ndim, b->shape);
    switch (op) {
    case ADCU_ADD: /* (d_ret, d_ret) */
    case ADCU_SUB: /* (d_ret, -d_ret) */
        if (d_a)
            adcu_acc(fn, d_a, 1.0, d_ret);
        if (d_b)
            adcu_acc(fn, d_b, op == ADCU_SUB ? -1.0 : 1.0, d_ret);
        break;
    case ADCU_MUL: /* (d_ret b, d_ret a) */
        if (d_a)
            rule_acc(fn, ADCU_MUL_DA, d_a, d_ret, a, b);
        if (d_b)
            rule_acc(fn, ADCU_MUL_DB, d_b, d_ret, a, b);
        break;
    case ADCU_DIV: /* (d_ret / b, -d_ret a / b^2) */
        if (d_a)
            rule_acc(fn, ADCU_DIV_DA, d_a, d_ret, a, b);
        if (d_b)
            rule_acc(fn, ADCU_DIV_DB, d_b, d_ret, a, b);
        break;
    }
}

/* d += rule(g, a, b) over the result's shape (g broadcast to it); d has it. */
static void rule_into(adcu_rule r, adt_tensor *d, const adt_tensor *g, const adt_tensor *a, const adt_tensor *b)
{
    adcu_geom geo = adcu_geom_of(d->ndim, d->shape, 4, (const adt_tensor *[]){d, g, a, b});
    if (geo.numel)
        adcu_k_rule(r, d->dtype, (void *[]){ptr(d), ptr(g), ptr(a), ptr(b)}, &geo, 1);
}

/* The forward rules: add/sub t_a +- t_b; mul t_a b + a t_b; div
 * t_a / b - t_b a / b^2, each over the broadcast shape. */
adt_tensor *adcu_binary_pf(const char *fn, adcu_binary_op op, const adt_tensor *a, const adt_tensor *t_a,
                           const adt_tensor *b, const adt_tensor *t_b, adt_tensor **t_ret)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    check_binary(fn, a, b, &ndim, shape);
    adti_check_like(fn, "t_a", t_a, "a has shape", a, a->ndim, a->shape);
    adti_check_like(fn, "t_b", t_b, "b has shape", b, b->ndim, b->shape);
    adt_tensor *y = adcu_binary(fn, op, a, b), *t = NULL;
    switch (op) {
    case ADCU_ADD:
    case ADCU_SUB:
        if (t_a && t_b) {
            t = adcu_binary(fn, op, t_a, t_b);
            break;
        }
        t = adcu_new(fn, a->dtype, ndim, shape, 1);
        if (t_a)
            adcu_acc(fn, t, 1.0, t_a);
        if (t_b)
            adcu_acc(fn, t, op == ADCU_SUB ? -1.0 : 1.0, t_b);
        break;
    case ADCU_MUL:
        t = t_a ? adcu_binary(fn, ADCU_MUL, t_a, b) : adcu_new(fn, a->dtype, ndim, shape, 1);
        if (t_b)
            rule_into(ADCU_MUL_DB, t, t_b, a, b);
        break;
    case ADCU_DIV:
        t = t_a ? adcu_binary(fn, ADCU_DIV, t_a, b) : adcu_new(fn, a->dtype, ndim, shape, 1);
        if (t_b)
            rule_into(ADCU_DIV_DB, t, t_b, a, b);
        break;
    }
    *t_ret = t;
    return y;
}

/* ---- sum and mean ---- */

adt_tensor *adcu_sum(const char *fn, const adt_tensor *a, int dim, int keepdim, int mean)
{
    int64_t shape[ADT_MAX_DIMS];
    adti_check_meta(fn, "a", a);
    int d = adti_check_dim(fn, a, dim);
    adt_tensor *r = adcu_new(fn, a->dtype, adti_reduced_shape(a, d, keepdim, shape), shape, 1);
    adt_tensor v = adti_keepdim_view(r, d, keepdim);
    adcu_acc(fn, &v, mean ? 1.0 / (double)a->shape[d] : 1.0, a); /* an empty dim: NaN, as 0/0 */
    if (mean && a->shape[d] == 0)
        adcu_fill_(r, NAN);
    return r;
}

void adcu_sum_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret,
                 int mean)
{
    int64_t shape[ADT_MAX_DIMS];
    adti_check_meta(fn, "a", a);
    int d = adti_check_dim(fn, a, dim);
    adti_check_meta(fn, "d_ret", d_ret);
    int n = adti_reduced_shape(a, d, keepdim, shape);
    adti_check_like(fn, "d_ret", d_ret, "the result has shape", a, n, shape);
    adti_check_like(fn, "d_a", d_a, "a has shape", a, a->ndim, a->shape);
    if (!d_a)
        return;
    adt_tensor v = adti_keepdim_view(d_ret, d, keepdim);
    adcu_acc(fn, d_a, mean ? 1.0 / (double)a->shape[d] : 1.0, &v);
}

double adcu_sum_all(const char *fn, const adt_tensor *a, int mean)
{
    adti_check_meta(fn, "a", a);
    adt_tensor *r = adcu_new(fn, a->dtype, 0, NULL, 1);
    adcu_acc(fn, r, 1.0, a);
    double s = 0;
    switch (a->dtype) {
    case ADT_F32: {
        float f;
        adcu_copy_to_host(&f, ptr(r), sizeof f);
        s = f;
        break;
    }
    case ADT_F64:
        adcu_copy_to_host(&s, ptr(r), sizeof s);
        break;
    }
    adt_free(r);
    return mean ? s / (double)adti_numel(a->ndim, a->shape) : s;
}

void adcu_sum_all_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, double d_ret, int mean)
{
    adti_check_meta(fn, "a", a);
    if (!d_a)
        return;
    adti_check_like(fn, "d_a", d_a, "a has shape", a, a->ndim, a->shape);
    double v = mean ? d_ret / (double)adti_numel(a->ndim, a->shape) : d_ret;
    adcu_geom g = adcu_geom_of(d_a->ndim, d_a->shape, 1, (const adt_tensor *[]){d_a});
    if (g.numel)
        adcu_k_fill(d_a->dtype, (void *[]){ptr(d_a)}, &g, v, 1);
}
