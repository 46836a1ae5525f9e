/* adt_view.c: views (select, narrow, transpose, permute, view, reshape,
 * contiguous), which change only metadata and share storage, their reverse
 * rules, which add the seed into the viewed part of the adjoint, and their
 * forward rules, whose tangent is the same view of the input's tangent.
 * All of them work on any device: the views change metadata only, and the
 * rules add with adti_acc and copy with adt_clone, which run where the
 * tensors are. */
#include "internal.h"

/* Every rule checks that the adjoint or tangent (arg) has its primal's
 * shape and dtype. */
static void check_like_t(const char *fn, const char *arg, const adt_tensor *t, const adt_tensor *x)
{
    adti_check_meta(fn, "t", t);
    if (!x)
        return;
    adti_check_meta(fn, arg, x);
    adti_check_same_dtype(fn, arg, x, "t", t);
    adti_check_shape_is(fn, arg, x, "t has shape", t->ndim, t->shape);
}

/* A reverse rule's checks: d_t (when given) shaped like t, the seed d_ret
 * given, all on one device. */
static void check_adjoint(const char *fn, const adt_tensor *t, const adt_tensor *d_t, const adt_tensor *d_ret)
{
    check_like_t(fn, "d_t", t, d_t);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_device_of(fn, 3, t, d_t, d_ret);
}

/* A forward rule's checks: t_ret given, t_t (when given) shaped like t. */
static void check_pushforward(const char *fn, const adt_tensor *t, const adt_tensor *t_t, adt_tensor **t_ret)
{
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    check_like_t(fn, "t_t", t, t_t);
    adti_device_of(fn, 2, t, t_t);
}

/* The tangent of a view y of t when t's tangent is NULL: zeros shaped like
 * y, on its device. */
static adt_tensor *zero_tangent(const char *fn, const adt_tensor *y)
{
    return adti_new_on(fn, y, y->dtype, y->ndim, y->shape, 1);
}

/* Each view is computed first as a borrowed geometry (v = *t with new
 * sizes, strides and offset; no reference taken), so the rules can add
 * into views of the adjoint without allocating. */

/* A new tensor with the borrowed geometry v over t's storage. */
static adt_tensor *new_view_of(const adt_tensor *t, const adt_tensor *v)
{
    return adti_new_view(t, v->ndim, v->shape, v->stride, v->offset);
}

/* Adds d_ret into the borrowed view v of an adjoint; shapes must match. */
static void add_into_view(const char *fn, adt_tensor *v, const adt_tensor *d_ret)
{
    adti_check_same_dtype(fn, "d_ret", d_ret, "d_t", v);
    adti_check_shape_is(fn, "d_ret", d_ret, "the result has shape", v->ndim, v->shape);
    adti_acc(fn, v, 1.0, d_ret);
}

/* ---- select, narrow ---- */

static void select_geometry(const char *fn, const adt_tensor *t, int dim, int64_t index, adt_tensor *v)
{
    adti_check_meta(fn, "t", t);
    int d = adti_check_dim(fn, t, dim);
    int64_t i = index < 0 ? index + t->shape[d] : index;
    if (i < 0 || i >= t->shape[d])
        adt_error("%s: index %lld out of range for dimension %d of size %lld", fn, (long long)index, d,
                  (long long)t->shape[d]);
    *v = *t;
    for (int k = d; k + 1 < t->ndim; k++) {
        v->shape[k] = t->shape[k + 1];
        v->stride[k] = t->stride[k + 1];
    }
    v->ndim = t->ndim - 1;
    v->shape[v->ndim] = v->stride[v->ndim] = 0;
    v->offset = t->offset + i * t->stride[d];
}

/* t with dimension dim removed at position index (negative counts from the end). */
adt_tensor *adt_select(const adt_tensor *t, int dim, int64_t index)
{
    adt_tensor v;
    select_geometry("adt_select", t, dim, index, &v);
    return new_view_of(t, &v);
}

/* d select(t, dim, i) = the seed added into d_t[..., i, ...] */
void adt_select_pb(const adt_tensor *t, adt_tensor *d_t, int dim, int64_t index, const adt_tensor *d_ret)
{
    adt_tensor v;
    check_adjoint("adt_select_pb", t, d_t, d_ret);
    select_geometry("adt_select_pb", t, dim, index, &v);
    if (!d_t)
        return;
    select_geometry("adt_select_pb", d_t, dim, index, &v);
    add_into_view("adt_select_pb", &v, d_ret);
}

/* t_ret = select(t_t, dim, index), a view of t_t */
adt_tensor *adt_select_pf(const adt_tensor *t, const adt_tensor *t_t, int dim, int64_t index, adt_tensor **t_ret)
{
    const char *fn = "adt_select_pf";
    adt_tensor v;
    check_pushforward(fn, t, t_t, t_ret);
    select_geometry(fn, t, dim, index, &v);
    adt_tensor *y = new_view_of(t, &v);
    if (!t_t) {
        *t_ret = zero_tangent(fn, y);
        return y;
    }
    select_geometry(fn, t_t, dim, index, &v);
    *t_ret = new_view_of(t_t, &v);
    return y;
}

static void narrow_geometry(const char *fn, const adt_tensor *t, int dim, int64_t start, int64_t length,
                            adt_tensor *v)
{
    adti_check_meta(fn, "t", t);
    int d = adti_check_dim(fn, t, dim);
    int64_t size = t->shape[d], s = start < 0 ? start + size : start;
    if (s < 0 || s > size)
        adt_error("%s: start %lld out of range for dimension %d of size %lld", fn, (long long)start, d,
                  (long long)size);
    if (length < 0 || length > size - s)
        adt_error("%s: length %lld from start %lld out of range for dimension %d of size %lld", fn,
                  (long long)length, (long long)s, d, (long long)size);
    *v = *t;
    v->shape[d] = length;
    v->offset = t->offset + s * t->stride[d];
}

/* Elements start .. start+length-1 of dimension dim (start may be negative). */
adt_tensor *adt_narrow(const adt_tensor *t, int dim, int64_t start, int64_t length)
{
    adt_tensor v;
    narrow_geometry("adt_narrow", t, dim, start, length, &v);
    return new_view_of(t, &v);
}

/* d narrow(t, dim, s, n) = the seed added into d_t[..., s:s+n, ...] */
void adt_narrow_pb(const adt_tensor *t, adt_tensor *d_t, int dim, int64_t start, int64_t length,
                   const adt_tensor *d_ret)
{
    adt_tensor v;
    check_adjoint("adt_narrow_pb", t, d_t, d_ret);
    narrow_geometry("adt_narrow_pb", t, dim, start, length, &v);
    if (!d_t)
        return;
    narrow_geometry("adt_narrow_pb", d_t, dim, start, length, &v);
    add_into_view("adt_narrow_pb", &v, d_ret);
}

/* t_ret = narrow(t_t, dim, start, length), a view of t_t */
adt_tensor *adt_narrow_pf(const adt_tensor *t, const adt_tensor *t_t, int dim, int64_t start, int64_t length,
                          adt_tensor **t_ret)
{
    const char *fn = "adt_narrow_pf";
    adt_tensor v;
    check_pushforward(fn, t, t_t, t_ret);
    narrow_geometry(fn, t, dim, start, length, &v);
    adt_tensor *y = new_view_of(t, &v);
    if (!t_t) {
        *t_ret = zero_tangent(fn, y);
        return y;
    }
    narrow_geometry(fn, t_t, dim, start, length, &v);
    *t_ret = new_view_of(t_t, &v);
    return y;
}

/* ---- transpose, permute ---- */

static void transpose_geometry(const char *fn, const adt_tensor *t, int dim0, int dim1, adt_tensor *v)
{
    adti_check_meta(fn, "t", t);
    int d0 = adti_check_dim(fn, t, dim0), d1 = adti_check_dim(fn, t, dim1);
    *v = *t;
    v->shape[d0] = t->shape[d1];
    v->stride[d0] = t->stride[d1];
    v->shape[d1] = t->shape[d0];
    v->stride[d1] = t->stride[d0];
}

adt_tensor *adt_transpose(const adt_tensor *t, int dim0, int dim1)
{
    adt_tensor v;
    transpose_geometry("adt_transpose", t, dim0, dim1, &v);
    return new_view_of(t, &v);
}

/* d transpose(t) = the seed added into transpose(d_t) */
void adt_transpose_pb(const adt_tensor *t, adt_tensor *d_t, int dim0, int dim1, const adt_tensor *d_ret)
{
    adt_tensor v;
    check_adjoint("adt_transpose_pb", t, d_t, d_ret);
    transpose_geometry("adt_transpose_pb", t, dim0, dim1, &v);
    if (!d_t)
        return;
    transpose_geometry("adt_transpose_pb", d_t, dim0, dim1, &v);
    add_into_view("adt_transpose_pb", &v, d_ret);
}

/* t_ret = transpose(t_t, dim0, dim1), a view of t_t */
adt_tensor *adt_transpose_pf(const adt_tensor *t, const adt_tensor *t_t, int dim0, int dim1, adt_tensor **t_ret)
{
    const char *fn = "adt_transpose_pf";
    adt_tensor v;
    check_pushforward(fn, t, t_t, t_ret);
    transpose_geometry(fn, t, dim0, dim1, &v);
    adt_tensor *y = new_view_of(t, &v);
    if (!t_t) {
        *t_ret = zero_tangent(fn, y);
        return y;
    }
    transpose_geometry(fn, t_t, dim0, dim1, &v);
    *t_ret = new_view_of(t_t, &v);
    return y;
}

/* Result dimension k is t's dimension dims[k], each of 0 .. ndim-1 (or its
 * negative form) once. */
static void permute_geometry(const char *fn, const adt_tensor *t, const int *dims, adt_tensor *v)
{
    int seen[ADT_MAX_DIMS] = {0};
    adti_check_meta(fn, "t", t);
    if (!dims && t->ndim > 0)
        adt_error("%s: dims is NULL", fn);
    *v = *t;
    for (int k = 0; k < t->ndim; k++) {
        int d = adti_check_dim(fn, t, dims[k]);
        if (seen[d]++)
            adt_error("%s: dimension %d appears twice in the permutation", fn, d);
        v->shape[k] = t->shape[d];
        v->stride[k] = t->stride[d];
    }
}

adt_tensor *adt_permute(const adt_tensor *t, const int *dims)
{
    adt_tensor v;
    permute_geometry("adt_permute", t, dims, &v);
    return new_view_of(t, &v);
}

/* d permute(t, p) = the seed added into permute(d_t, p) */
void adt_permute_pb(const adt_tensor *t, adt_tensor *d_t, const int *dims, const adt_tensor *d_ret)
{
    adt_tensor v;
    check_adjoint("adt_permute_pb", t, d_t, d_ret);
    permute_geometry("adt_permute_pb", t, dims, &v);
    if (!d_t)
        return;
    permute_geometry("adt_permute_pb", d_t, dims, &v);
    add_into_view("adt_permute_pb", &v, d_ret);
}

/* t_ret = permute(t_t, dims), a view of t_t */
adt_tensor *adt_permute_pf(const adt_tensor *t, const adt_tensor *t_t, const int *dims, adt_tensor **t_ret)
{
    const char *fn = "adt_permute_pf";
    adt_tensor v;
    check_pushforward(fn, t, t_t, t_ret);
    permute_geometry(fn, t, dims, &v);
    adt_tensor *y = new_view_of(t, &v);
    if (!t_t) {
        *t_ret = zero_tangent(fn, y);
        return y;
    }
    permute_geometry(fn, t_t, dims, &v);
    *t_ret = new_view_of(t_t, &v);
    return y;
}

/* ---- view, reshape, contiguous ---- */

/* The requested shape with a -1 size inferred from numel, into out. */
static void resolve_shape(const char *fn, const adt_tensor *t, int ndim, const int64_t *shape, int64_t *out)
{
    char s1[ADTI_SHAPE_STR], s2[ADTI_SHAPE_STR];
    int infer = -1;
    int64_t known = 1, numel = adti_numel(t->ndim, t->shape);
    if (ndim < 0 || ndim > ADT_MAX_DIMS)
        adt_error("%s: %d dimensions (expected 0 to %d)", fn, ndim, ADT_MAX_DIMS);
    if (ndim > 0 && !shape)
        adt_error("%s: shape is NULL for %d dimensions", fn, ndim);
    for (int d = 0; d < ndim; d++) {
        out[d] = shape[d];
        if (shape[d] == -1 && infer < 0)
            infer = d;
        else if (shape[d] < 0)
            adt_error("%s: invalid size %lld in shape %s", fn, (long long)shape[d], adti_shape_str(s1, ndim, shape));
        else if (shape[d] != 0 && known > INT64_MAX / shape[d])
            known = -1; /* too large: cannot match numel */
        else if (known >= 0)
            known *= shape[d];
    }
    if (infer >= 0 && known > 0 && numel % known == 0)
        out[infer] = numel / known;
    if ((infer >= 0 && (known <= 0 || numel % known != 0)) || (infer < 0 && known != numel))
        adt_error("%s: shape %s is invalid for a tensor of shape %s (%lld elements)", fn,
                  adti_shape_str(s1, ndim, shape), adti_shape_str(s2, t->ndim, t->shape), (long long)numel);
}

/* Strides for viewing t as (ndim, shape) without a copy; 0 when impossible.
 * t's non-1 dimensions group into chunks that are contiguous in memory
 * (stride[d] == stride[d+1] * shape[d+1]); the new sizes, taken from the
 * innermost, must split each chunk exactly. */
static int view_strides(const adt_tensor *t, int ndim, const int64_t *shape, int64_t *stride)
{
    int64_t csize[ADT_MAX_DIMS], cstride[ADT_MAX_DIMS];
    int nchunks = 0;
    if (adti_numel(t->ndim, t->shape) == 0) {
        adti_contiguous_strides(ndim, shape, stride);
        return 1;
    }
    for (int d = 0; d < t->ndim; d++) {
        if (t->shape[d] == 1)
            continue;
        if (nchunks > 0 && cstride[nchunks - 1] == t->stride[d] * t->shape[d]) {
            csize[nchunks - 1] *= t->shape[d];
        } else {
            csize[nchunks] = t->shape[d];
            nchunks++;
        }
        cstride[nchunks - 1] = t->stride[d];
    }
    int c = nchunks - 1;
    int64_t acc = 1;
    for (int d = ndim - 1; d >= 0; d--) {
        if (shape[d] == 1) {
            stride[d] = c >= 0 ? acc * cstride[c] : 1;
            continue;
        }
        if (c < 0)
            return 0;
        stride[d] = acc * cstride[c];
        acc *= shape[d];
        if (acc == csize[c]) {
            c--;
            acc = 1;
        } else if (csize[c] % acc != 0) {
            return 0;
        }
    }
    return c < 0;
}

/* adt_view, with fn naming the caller in errors. */
static adt_tensor *view_as(const char *fn, const adt_tensor *t, int ndim, const int64_t *shape)
{
    int64_t want[ADT_MAX_DIMS], stride[ADT_MAX_DIMS];
    adti_check_meta(fn, "t", t);
    resolve_shape(fn, t, ndim, shape, want);
    if (!view_strides(t, ndim, want, stride)) {
        char s1[ADTI_SHAPE_STR], s2[ADTI_SHAPE_STR], s3[ADTI_SHAPE_STR];
        adt_error("%s: a tensor of shape %s and strides %s cannot be viewed as %s without a copy "
                  "(use adt_reshape)", fn, adti_shape_str(s1, t->ndim, t->shape),
                  adti_shape_str(s2, t->ndim, t->stride), adti_shape_str(s3, ndim, want));
    }
    return adti_new_view(t, ndim, want, stride, t->offset);
}

adt_tensor *adt_view(const adt_tensor *t, int ndim, const int64_t *shape)
{
    return view_as("adt_view", t, ndim, shape);
}

/* The seed reshaped to t's shape, added into d_t (any layout). */
static void add_reshaped(const char *fn, const adt_tensor *t, adt_tensor *d_t, int ndim, const int64_t *shape,
                         const adt_tensor *d_ret)
{
    int64_t want[ADT_MAX_DIMS];
    check_adjoint(fn, t, d_t, d_ret);
    resolve_shape(fn, t, ndim, shape, want);
    if (!d_t)
        return;
    adti_check_shape_is(fn, "d_ret", d_ret, "the result has shape", ndim, want);
    adti_check_same_dtype(fn, "d_ret", d_ret, "d_t", d_t);
    adt_tensor *back = adt_reshape(d_ret, t->ndim, t->shape);
    adti_acc(fn, d_t, 1.0, back);
    adt_free(back);
}

/* d view(t, shape) = reshape(seed, t's shape) added into d_t */
void adt_view_pb(const adt_tensor *t, adt_tensor *d_t, int ndim, const int64_t *shape, const adt_tensor *d_ret)
{
    add_reshaped("adt_view_pb", t, d_t, ndim, shape, d_ret);
}

/* adt_reshape, with fn naming the caller in errors. */
static adt_tensor *reshape_as(const char *fn, const adt_tensor *t, int ndim, const int64_t *shape)
{
    int64_t want[ADT_MAX_DIMS], stride[ADT_MAX_DIMS];
    adti_check_meta(fn, "t", t);
    resolve_shape(fn, t, ndim, shape, want);
    if (view_strides(t, ndim, want, stride))
        return adti_new_view(t, ndim, want, stride, t->offset);
    adt_tensor *copy = adt_clone(t);
    adt_tensor *r = view_as(fn, copy, ndim, want);
    adt_free(copy);
    return r;
}

adt_tensor *adt_reshape(const adt_tensor *t, int ndim, const int64_t *shape)
{
    return reshape_as("adt_reshape", t, ndim, shape);
}

/* The forward rule of view and reshape: y = op(t), t_ret = reshape(t_t),
 * a view of t_t when its strides allow it, else a contiguous copy (t_t may
 * be laid out differently from t). */
static adt_tensor *reshape_pushforward(const char *fn, const adt_tensor *t, const adt_tensor *t_t, int ndim,
                                       const int64_t *shape, adt_tensor **t_ret, int must_view)
{
    check_pushforward(fn, t, t_t, t_ret);
    adt_tensor *y = must_view ? view_as(fn, t, ndim, shape) : reshape_as(fn, t, ndim, shape);
    *t_ret = t_t ? reshape_as(fn, t_t, ndim, shape) : zero_tangent(fn, y);
    return y;
}

adt_tensor *adt_view_pf(const adt_tensor *t, const adt_tensor *t_t, int ndim, const int64_t *shape, adt_tensor **t_ret)
{
    return reshape_pushforward("adt_view_pf", t, t_t, ndim, shape, t_ret, 1);
}

adt_tensor *adt_reshape_pf(const adt_tensor *t, const adt_tensor *t_t, int ndim, const int64_t *shape,
                           adt_tensor **t_ret)
{
    return reshape_pushforward("adt_reshape_pf", t, t_t, ndim, shape, t_ret, 0);
}

/* d reshape(t, shape) = reshape(seed, t's shape) added into d_t */
void adt_reshape_pb(const adt_tensor *t, adt_tensor *d_t, int ndim, const int64_t *shape, const adt_tensor *d_ret)
{
    add_reshaped("adt_reshape_pb", t, d_t, ndim, shape, d_ret);
}

adt_tensor *adt_contiguous(const adt_tensor *t)
{
    adti_check_meta("adt_contiguous", "t", t); /* adt_clone copies on t's device */
    if (adt_is_contiguous(t))
        return adt_retain((adt_tensor *)t);
    return adt_clone(t);
}

/* d contiguous(t) = the seed added into d_t */
void adt_contiguous_pb(const adt_tensor *t, adt_tensor *d_t, const adt_tensor *d_ret)
{
    check_adjoint("adt_contiguous_pb", t, d_t, d_ret);
    if (!d_t)
        return;
    adti_check_shape_is("adt_contiguous_pb", "d_ret", d_ret, "t has shape", t->ndim, t->shape);
    adti_check_same_dtype("adt_contiguous_pb", "d_ret", d_ret, "d_t", d_t);
    adti_acc("adt_contiguous_pb", d_t, 1.0, d_ret);
}

/* t_ret = contiguous(t_t): t_t itself (retained) when it is contiguous */
adt_tensor *adt_contiguous_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor **t_ret)
{
    check_pushforward("adt_contiguous_pf", t, t_t, t_ret);
    adt_tensor *y = adt_contiguous(t);
    *t_ret = t_t ? adt_contiguous(t_t) : zero_tangent("adt_contiguous_pf", y);
    return y;
}
