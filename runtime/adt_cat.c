/* adt_cat.c: concatenation of two tensors along one dimension and its
 * reverse rule (each adjoint gets its slice of the seed) and forward rule
 * (the tangents concatenated). The copies go through borrowed views of the
 * result and adt_copy_ / adti_acc, which run where the tensors are, so all
 * three work on the CUDA device too. */
#include "internal.h"

/* a and b agree everywhere but in dim (already normalised); *shape gets
 * the result's shape. */
static void check_cat(const char *fn, const adt_tensor *a, const adt_tensor *b, int dim, int64_t *shape)
{
    char sa[ADTI_SHAPE_STR], sb[ADTI_SHAPE_STR];
    int same = a->ndim == b->ndim;
    for (int d = 0; same && d < a->ndim; d++)
        same = d == dim || a->shape[d] == b->shape[d];
    if (!same)
        adt_error("%s: shapes %s and %s differ outside dimension %d", fn, adti_shape_str(sa, a->ndim, a->shape),
                  adti_shape_str(sb, b->ndim, b->shape), dim);
    for (int d = 0; d < a->ndim; d++)
        shape[d] = a->shape[d];
    shape[dim] = a->shape[dim] + b->shape[dim];
}

/* Checks both operands (on one device) and the dimension; returns it in [0, ndim). */
static int check_operands(const char *fn, const adt_tensor *a, const adt_tensor *b, int dim, int64_t *shape)
{
    adti_check_meta(fn, "a", a);
    adti_check_meta(fn, "b", b);
    adti_device_of(fn, 2, a, b);
    adti_check_same_dtype(fn, "a", a, "b", b);
    dim = adti_check_dim(fn, a, dim);
    check_cat(fn, a, b, dim, shape);
    return dim;
}

/* The slice [start, start + length) of t along dim: a borrowed view (a copy
 * of t's header), no reference taken; it lives as long as t. */
static adt_tensor slice_of(const adt_tensor *t, int dim, int64_t start, int64_t length)
{
    adt_tensor v = *t;
    v.shape[dim] = length;
    v.offset += start * t->stride[dim];
    return v;
}

/* A new tensor of the result's shape, on the device of `on`, holding a then
 * b along dim; a NULL part is left zero. na: a's size along dim. */
static adt_tensor *concat(const char *fn, const adt_tensor *on, const adt_tensor *a, const adt_tensor *b, int dim,
                          int ndim, const int64_t *shape, int64_t na, adt_dtype dt)
{
    adt_tensor *y = adti_new_on(fn, on, dt, ndim, shape, !a || !b);
    if (a) {
        adt_tensor ya = slice_of(y, dim, 0, na);
        adt_copy_(&ya, a);
    }
    if (b) {
        adt_tensor yb = slice_of(y, dim, na, shape[dim] - na);
        adt_copy_(&yb, b);
    }
    return y;
}

adt_tensor *adt_cat(const adt_tensor *a, const adt_tensor *b, int dim)
{
    const char *fn = "adt_cat";
    int64_t shape[ADT_MAX_DIMS];
    dim = check_operands(fn, a, b, dim, shape);
    return concat(fn, a, a, b, dim, a->ndim, shape, a->shape[dim], a->dtype);
}

/* t_ret = cat(t_a, t_b, dim), a NULL tangent giving zeros in its slice */
adt_tensor *adt_cat_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       int dim, adt_tensor **t_ret)
{
    const char *fn = "adt_cat_pf";
    int64_t shape[ADT_MAX_DIMS];
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    dim = check_operands(fn, a, b, dim, shape);
    if (t_a) {
        adti_check_meta(fn, "t_a", t_a);
        adti_check_same_dtype(fn, "t_a", t_a, "a", a);
        adti_check_shape_is(fn, "t_a", t_a, "a", a->ndim, a->shape);
    }
    if (t_b) {
        adti_check_meta(fn, "t_b", t_b);
        adti_check_same_dtype(fn, "t_b", t_b, "b", b);
        adti_check_shape_is(fn, "t_b", t_b, "b", b->ndim, b->shape);
    }
    adti_device_of(fn, 4, a, t_a, b, t_b);
    adt_tensor *y = concat(fn, a, a, b, dim, a->ndim, shape, a->shape[dim], a->dtype);
    *t_ret = concat(fn, a, t_a, t_b, dim, a->ndim, shape, a->shape[dim], a->dtype);
    return y;
}

/* d a += d_ret[.., 0 : na, ..],  d b += d_ret[.., na : na + nb, ..] (along dim) */
void adt_cat_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, int dim,
                const adt_tensor *d_ret)
{
    const char *fn = "adt_cat_pb";
    int64_t shape[ADT_MAX_DIMS];
    dim = check_operands(fn, a, b, dim, shape);
    adti_check_meta(fn, "d_ret", d_ret);
    adti_device_of(fn, 5, a, d_a, b, d_b, d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    adti_check_shape_is(fn, "d_ret", d_ret, "the result", a->ndim, shape);
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
    if (d_a) {
        adt_tensor ga = slice_of(d_ret, dim, 0, a->shape[dim]);
        adti_acc(fn, d_a, 1, &ga);
    }
    if (d_b) {
        adt_tensor gb = slice_of(d_ret, dim, a->shape[dim], b->shape[dim]);
        adti_acc(fn, d_b, 1, &gb);
    }
}
