/* adt_tensor.c: tensors and their storage: references, creation, element
 * access, the in-place copies and accumulations pullbacks are built from,
 * and the strided broadcast iterator every kernel walks with. Tensors on
 * the CUDA device (adt_device.c) are made and filled by cuda/ through the
 * hooks at the top of the functions that support them. */
#include "internal.h"

#include <math.h>

/* A storage made by adti_new holds its header and its data in one block;
 * STORAGE_HEADER keeps the data at malloc's alignment. */
#define STORAGE_HEADER 64

/* ---- references ---- */

adt_tensor *adt_retain(adt_tensor *t)
{
    adti_check_meta("adt_retain", "t", t);
    t->refcount++;
    return t;
}

static void storage_release(adt_storage *s)
{
    if (--s->refcount > 0)
        return;
#ifdef ADCC_CUDA
    if (s->device == ADT_CUDA) /* device data comes from cuda/'s cache */
        adcu_free(s->data, s->nbytes);
#endif
    /* owned host data lives in the storage's own block (adti_new) */
    adti_free(s);
}

void adt_free(adt_tensor *t)
{
    if (!t)
        return;
    if (--t->refcount > 0)
        return;
    storage_release(t->storage);
    adti_free(t);
}

/* ---- construction ---- */

void adti_contiguous_strides(int ndim, const int64_t *shape, int64_t *stride)
{
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) {
        stride[d] = s;
        s *= shape[d] ? shape[d] : 1;
    }
}

/* numel of a checked shape, or adt_error when it overflows int64_t. */
static int64_t checked_numel(const char *fn, int ndim, const int64_t *shape)
{
    int64_t n = 1;
    for (int d = 0; d < ndim; d++)
        if (shape[d] == 0)
            return 0;
    for (int d = 0; d < ndim; d++) {
        if (n > INT64_MAX / shape[d]) {
            char s[ADTI_SHAPE_STR];
            adt_error("%s: shape %s has too many elements (size overflow)", fn, adti_shape_str(s, ndim, shape));
        }
        n *= shape[d];
    }
    return n;
}

static void set_geometry(adt_tensor *t, int ndim, const int64_t *shape, const int64_t *stride)
{
    t->ndim = ndim;
    for (int d = 0; d < ADT_MAX_DIMS; d++) {
        t->shape[d] = d < ndim ? shape[d] : 0;
        t->stride[d] = d < ndim ? stride[d] : 0;
    }
}

/* Fills t as a contiguous tensor of the shape over storage s (taking s's reference). */
static void init_contiguous(adt_tensor *t, adt_storage *s, adt_dtype dt, int ndim, const int64_t *shape)
{
    int64_t stride[ADT_MAX_DIMS];
    t->storage = s;
    t->dtype = dt;
    t->refcount = 1;
    adti_contiguous_strides(ndim, shape, stride);
    set_geometry(t, ndim, shape, stride);
    t->offset = 0;
}

/* A contiguous tensor of a checked shape, or NULL when memory runs out. */
static adt_tensor *try_new(const char *fn, adt_dtype dt, int ndim, const int64_t *shape, int zeroed,
                           size_t *nbytes_out)
{
    adti_check_dtype(fn, dt);
    adti_check_shape(fn, ndim, shape);
    int64_t n = checked_numel(fn, ndim, shape);
    size_t nbytes = adti_mul_size(fn, (size_t)n, adti_dtype_size(dt));
    *nbytes_out = nbytes;
    if (nbytes > PTRDIFF_MAX - STORAGE_HEADER) /* no object can be this large */
        return NULL;
    adt_storage *s = adti_try_alloc(STORAGE_HEADER + nbytes, zeroed);
    adt_tensor *t = s ? adti_try_alloc(sizeof *t, 1) : NULL;
    if (!t) {
        adti_free(s);
        return NULL;
    }
    s->data = (char *)s + STORAGE_HEADER;
    s->nbytes = nbytes;
    s->refcount = 1;
    s->owns_data = 1;
    s->device = ADT_CPU;
    init_contiguous(t, s, dt, ndim, shape);
    return t;
}

adt_tensor *adti_new(const char *fn, adt_dtype dt, int ndim, const int64_t *shape, int zeroed)
{
    size_t nbytes;
    adt_tensor *t = try_new(fn, dt, ndim, shape, zeroed, &nbytes);
    if (!t)
        adt_error("%s: out of memory allocating %zu bytes", fn, nbytes);
    return t;
}

adt_tensor *adti_try_new(adt_dtype dt, int ndim, const int64_t *shape)
{
    size_t nbytes;
    return try_new("adti_try_new", dt, ndim, shape, 0, &nbytes);
}

adt_tensor *adti_new_view(const adt_tensor *base, int ndim, const int64_t *shape, const int64_t *stride,
                          int64_t offset)
{
    adt_tensor *t = adti_alloc(sizeof *t);
    t->storage = base->storage;
    t->storage->refcount++;
    t->dtype = base->dtype;
    t->refcount = 1;
    set_geometry(t, ndim, shape, stride);
    t->offset = offset;
    return t;
}

void adti_unsqueeze(adt_tensor *v, int dim)
{
    for (int d = v->ndim; d > dim; d--) {
        v->shape[d] = v->shape[d - 1];
        v->stride[d] = v->stride[d - 1];
    }
    v->shape[dim] = 1;
    v->stride[dim] = 0;
    v->ndim++;
}

/* ---- creation ---- */

adt_tensor *adt_empty(adt_dtype dt, int ndim, const int64_t *shape)
{
    return adti_new("adt_empty", dt, ndim, shape, 0);
}

adt_tensor *adt_zeros(adt_dtype dt, int ndim, const int64_t *shape)
{
    return adti_new("adt_zeros", dt, ndim, shape, 1);
}

adt_tensor *adt_full(adt_dtype dt, int ndim, const int64_t *shape, double value)
{
    adt_tensor *t = adti_new("adt_full", dt, ndim, shape, 0);
    adt_fill_(t, value);
    return t;
}

adt_tensor *adt_ones(adt_dtype dt, int ndim, const int64_t *shape)
{
    adt_tensor *t = adti_new("adt_ones", dt, ndim, shape, 0);
    adt_fill_(t, 1.0);
    return t;
}

/* start, start + step, ... below stop (above it for a negative step). */
adt_tensor *adt_arange(adt_dtype dt, double start, double stop, double step)
{
    if (!isfinite(start) || !isfinite(stop) || !isfinite(step))
        adt_error("adt_arange: start %g, stop %g and step %g must be finite", start, stop, step);
    if (step == 0)
        adt_error("adt_arange: step must be nonzero");
    if ((stop - start) / step < 0)
        adt_error("adt_arange: stop %g cannot be reached from start %g with step %g", stop, start, step);
    double count = ceil((stop - start) / step);
    if (count > (double)(INT64_MAX / 8))
        adt_error("adt_arange: %g elements are too many", count);
    int64_t n = (int64_t)count;
    adt_tensor *t = adti_new("adt_arange", dt, 1, &n, 0);
    for (int64_t i = 0; i < n; i++)
        adti_write(t, i, start + (double)i * step);
    return t;
}

adt_tensor *adti_new_on(const char *fn, const adt_tensor *on, adt_dtype dt, int ndim, const int64_t *shape,
                        int zeroed)
{
    (void)on; /* read by the hook only, in a build with CUDA */
    ADTI_CUDA_RETURN(adcu_new(fn, dt, ndim, shape, zeroed), fn, 1, on);
    return adti_new(fn, dt, ndim, shape, zeroed);
}

adt_tensor *adt_empty_like(const adt_tensor *t)
{
    adti_check_meta("adt_empty_like", "t", t);
    return adti_new_on("adt_empty_like", t, t->dtype, t->ndim, t->shape, 0);
}

adt_tensor *adt_zeros_like(const adt_tensor *t)
{
    adti_check_meta("adt_zeros_like", "t", t);
    return adti_new_on("adt_zeros_like", t, t->dtype, t->ndim, t->shape, 1);
}

adt_tensor *adt_from_buffer(adt_dtype dt, int ndim, const int64_t *shape, const void *data)
{
    adt_tensor *t = adti_new("adt_from_buffer", dt, ndim, shape, 0);
    if (!data && t->storage->nbytes) {
        adt_free(t);
        adt_error("adt_from_buffer: data is NULL");
    }
    if (t->storage->nbytes)
        memcpy(t->storage->data, data, t->storage->nbytes);
    return t;
}

adt_tensor *adt_wrap(adt_dtype dt, int ndim, const int64_t *shape, void *data)
{
    const char *fn = "adt_wrap";
    adti_check_dtype(fn, dt);
    adti_check_shape(fn, ndim, shape);
    size_t nbytes = adti_mul_size(fn, (size_t)checked_numel(fn, ndim, shape), adti_dtype_size(dt));
    if (!data && nbytes)
        adt_error("adt_wrap: data is NULL");
    adt_storage *s = adti_alloc(sizeof *s);
    adt_tensor *t = adti_try_alloc(sizeof *t, 1);
    if (!t) {
        adti_free(s);
        adt_error("%s: out of memory allocating %zu bytes", fn, sizeof *t);
    }
    s->data = data;
    s->nbytes = nbytes;
    s->refcount = 1;
    s->owns_data = 0;
    s->device = ADT_CPU;
    init_contiguous(t, s, dt, ndim, shape);
    return t;
}

adt_tensor *adt_clone(const adt_tensor *t)
{
    ADTI_CUDA_RETURN(adcu_clone("adt_clone", t), "adt_clone", 1, t);
    adti_check_tensor("adt_clone", "t", t);
    adt_tensor *r = adti_new("adt_clone", t->dtype, t->ndim, t->shape, 0);
    adt_copy_(r, t);
    return r;
}

/* Always a new contiguous copy, also when t already has dtype dt. */
adt_tensor *adt_to_dtype(const adt_tensor *t, adt_dtype dt)
{
    ADTI_CUDA_RETURN(adcu_to_dtype(t, dt), "adt_to_dtype", 1, t);
    adti_check_tensor("adt_to_dtype", "t", t);
    adt_tensor *r = adti_new("adt_to_dtype", dt, t->ndim, t->shape, 0);
    adt_copy_(r, t);
    return r;
}

/* ---- shape, element access ---- */

int64_t adt_numel(const adt_tensor *t)
{
    adti_check_meta("adt_numel", "t", t);
    return adti_numel(t->ndim, t->shape);
}

int64_t adt_size(const adt_tensor *t, int dim)
{
    adti_check_meta("adt_size", "t", t);
    return t->shape[adti_check_dim("adt_size", t, dim)];
}

/* Row-major with unit inner stride; size-1 dimensions may have any stride. */
int adt_is_contiguous(const adt_tensor *t)
{
    adti_check_meta("adt_is_contiguous", "t", t);
    int64_t expect = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->shape[d] == 0)
            return 1;
        if (t->shape[d] != 1 && t->stride[d] != expect)
            return 0;
        expect *= t->shape[d];
    }
    return 1;
}

int adt_same_shape(const adt_tensor *a, const adt_tensor *b)
{
    adti_check_meta("adt_same_shape", "a", a);
    adti_check_meta("adt_same_shape", "b", b);
    if (a->ndim != b->ndim)
        return 0;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d])
            return 0;
    return 1;
}

/* t's elements must be in host memory: element access on a device tensor
 * would read device addresses on the CPU. */
static void check_host_elements(const char *fn, const adt_tensor *t)
{
    adti_check_meta(fn, "t", t);
    if (t->storage->device != ADT_CPU)
        adt_error("%s: the tensor is on the cuda device: its elements cannot be accessed from the CPU; "
                  "copy it with adt_to(t, ADT_CPU)",
                  fn);
}

double *adt_f64(const adt_tensor *t)
{
    check_host_elements("adt_f64", t);
    if (t->dtype != ADT_F64)
        adt_error("adt_f64: tensor has dtype %s", adti_dtype_name(t->dtype));
    return adti_data(t);
}

float *adt_f32(const adt_tensor *t)
{
    check_host_elements("adt_f32", t);
    if (t->dtype != ADT_F32)
        adt_error("adt_f32: tensor has dtype %s", adti_dtype_name(t->dtype));
    return adti_data(t);
}

/* Element offset of a full index, checked against the shape. */
static int64_t index_offset(const char *fn, const adt_tensor *t, const int64_t *index)
{
    check_host_elements(fn, t);
    if (t->ndim > 0 && !index)
        adt_error("%s: index is NULL for a tensor of %d dimensions", fn, t->ndim);
    int64_t off = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (index[d] < 0 || index[d] >= t->shape[d])
            adt_error("%s: index %lld out of range for dimension %d of size %lld", fn, (long long)index[d], d,
                      (long long)t->shape[d]);
        off += index[d] * t->stride[d];
    }
    return off;
}

double adt_get(const adt_tensor *t, const int64_t *index)
{
    return adti_read(t, index_offset("adt_get", t, index));
}

void adt_set(adt_tensor *t, const int64_t *index, double value)
{
    adti_write(t, index_offset("adt_set", t, index), value);
}

double adt_item(const adt_tensor *t)
{
    check_host_elements("adt_item", t);
    int64_t n = adti_numel(t->ndim, t->shape);
    if (n != 1)
        adt_error("adt_item: tensor has %lld elements (expected 1)", (long long)n);
    return adti_read(t, 0);
}

/* ---- the strided iterator ---- */

void adti_broadcast_strides(const adt_tensor *t, int ndim, const int64_t *shape, int64_t *stride)
{
    int lead = ndim - t->ndim;
    for (int d = 0; d < ndim; d++) {
        int td = d - lead;
        stride[d] = (td < 0 || t->shape[td] != shape[d]) ? 0 : t->stride[td];
    }
}

void adti_iter_init(adti_iter *it, int ndim, const int64_t *shape, int nops, const adt_tensor *const *ops)
{
    int64_t strides[ADTI_ITER_MAX][ADT_MAX_DIMS];
    for (int k = 0; k < nops; k++)
        adti_broadcast_strides(ops[k], ndim, shape, strides[k]);
    adti_iter_init_strides(it, ndim, shape, nops, (const int64_t(*)[ADT_MAX_DIMS])strides);
}

/* Can kept dimension d be merged into kept dimension d - 1 for every operand? */
static int mergeable(const adti_iter *it, int d)
{
    for (int k = 0; k < it->nops; k++)
        if (it->stride[k][d - 1] != it->stride[k][d] * it->shape[d])
            return 0;
    return 1;
}

void adti_lines_of(adti_lines *l, const adt_tensor *of, int dim, int nops, const adt_tensor *const *ops)
{
    memset(l, 0, sizeof *l);
    for (int d = 0; d < of->ndim; d++) {
        if (d == dim)
            continue;
        l->shape[l->ndim] = of->shape[d];
        for (int k = 0; k < nops; k++)
            l->stride[k][l->ndim] = ops[k]->stride[d];
        l->ndim++;
    }
    for (int k = 0; k < nops; k++)
        l->step[k] = ops[k]->stride[dim];
    l->len = of->shape[dim];
}

void adti_iter_init_strides(adti_iter *it, int ndim, const int64_t *shape, int nops,
                            const int64_t (*strides)[ADT_MAX_DIMS])
{
    int m = 0;
    it->nops = nops;
    it->rows_left = 1;
    it->started = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 0)
            it->rows_left = 0;
        if (shape[d] == 1)
            continue;
        it->shape[m] = shape[d];
        for (int k = 0; k < nops; k++)
            it->stride[k][m] = strides[k][d];
        if (m > 0 && mergeable(it, m)) {
            it->shape[m - 1] *= it->shape[m];
            for (int k = 0; k < nops; k++)
                it->stride[k][m - 1] = it->stride[k][m];
        } else {
            m++;
        }
    }
    it->n = m ? it->shape[m - 1] : 1;
    it->ndim = m ? m - 1 : 0;
    for (int k = 0; k < nops; k++) {
        it->step[k] = m ? it->stride[k][m - 1] : 0;
        it->off[k] = 0;
    }
    for (int d = 0; d < it->ndim; d++) {
        it->index[d] = 0;
        it->rows_left *= it->shape[d];
    }
}

int adti_iter_next(adti_iter *it)
{
    if (it->rows_left == 0)
        return 0;
    it->rows_left--;
    if (!it->started) {
        it->started = 1;
        return 1;
    }
    for (int d = it->ndim - 1; d >= 0; d--) {
        for (int k = 0; k < it->nops; k++)
            it->off[k] += it->stride[k][d];
        if (++it->index[d] < it->shape[d])
            return 1;
        for (int k = 0; k < it->nops; k++)
            it->off[k] -= it->stride[k][d] * it->shape[d];
        it->index[d] = 0;
    }
    return 1;
}

/* ---- in place ---- */

void adt_fill_(adt_tensor *t, double value)
{
    ADTI_CUDA_DO(adcu_fill_(t, value), "adt_fill_", 1, t);
    adti_check_tensor("adt_fill_", "t", t);
    adti_iter it;
    adti_iter_init(&it, t->ndim, t->shape, 1, (const adt_tensor *[]){t});
    while (adti_iter_next(&it)) {
        switch (t->dtype) {
        case ADT_F32: {
            float *p = (float *)adti_data(t) + it.off[0], v = (float)value;
            for (int64_t i = 0; i < it.n; i++)
                p[i * it.step[0]] = v;
            break;
        }
        case ADT_F64: {
            double *p = (double *)adti_data(t) + it.off[0];
            for (int64_t i = 0; i < it.n; i++)
                p[i * it.step[0]] = value;
            break;
        }
        }
    }
}

void adt_zero_(adt_tensor *t)
{
    ADTI_CUDA_DO(adcu_fill_(t, 0.0), "adt_zero_", 1, t);
    adti_check_tensor("adt_zero_", "t", t);
    if (adt_is_contiguous(t))
        memset(adti_data(t), 0, (size_t)adti_numel(t->ndim, t->shape) * adti_dtype_size(t->dtype));
    else
        adt_fill_(t, 0.0);
}

/* One row of a copy between any two dtypes. */
static void copy_row(adt_tensor *dst, const adt_tensor *src, const adti_iter *it)
{
    int64_t sd = it->step[0], ss = it->step[1];
    if (dst->dtype == src->dtype) {
        size_t es = adti_dtype_size(dst->dtype);
        char *d = (char *)adti_data(dst) + it->off[0] * (int64_t)es;
        const char *s = (const char *)adti_data(src) + it->off[1] * (int64_t)es;
        if (sd == 1 && ss == 1) {
            memmove(d, s, (size_t)it->n * es);
            return;
        }
    }
    for (int64_t i = 0; i < it->n; i++)
        adti_write(dst, it->off[0] + i * sd, adti_read(src, it->off[1] + i * ss));
}

/* Any dtypes; overlapping dst and src give unspecified values. */
void adt_copy_(adt_tensor *dst, const adt_tensor *src)
{
    ADTI_CUDA_DO(adcu_copy_(dst, src), "adt_copy_", 2, dst, src);
    adti_check_tensor("adt_copy_", "dst", dst);
    adti_check_tensor("adt_copy_", "src", src);
    adti_check_shape_is("adt_copy_", "src", src, "dst has shape", dst->ndim, dst->shape);
    adti_iter it;
    adti_iter_init(&it, dst->ndim, dst->shape, 2, (const adt_tensor *[]){dst, src});
    while (adti_iter_next(&it))
        copy_row(dst, src, &it);
}

/* d[i*sd] += alpha s[i*ss] over one row; sd == 0 sums the row into d[0]. */
static void acc_row_f64(double *d, int64_t sd, double alpha, const double *s, int64_t ss, int64_t n)
{
    if (sd == 0) {
        double sum = 0;
        for (int64_t i = 0; i < n; i++)
            sum += s[i * ss];
        d[0] += alpha * sum;
    } else if (sd == 1 && ss == 1) {
        for (int64_t i = 0; i < n; i++)
            d[i] += alpha * s[i];
    } else {
        for (int64_t i = 0; i < n; i++)
            d[i * sd] += alpha * s[i * ss];
    }
}

static void acc_row_f32(float *d, int64_t sd, float alpha, const float *s, int64_t ss, int64_t n)
{
    if (sd == 0) {
        double sum = 0;
        for (int64_t i = 0; i < n; i++)
            sum += s[i * ss];
        d[0] += (float)(alpha * sum);
    } else if (sd == 1 && ss == 1) {
        for (int64_t i = 0; i < n; i++)
            d[i] += alpha * s[i];
    } else {
        for (int64_t i = 0; i < n; i++)
            d[i * sd] += alpha * s[i * ss];
    }
}

void adti_acc(const char *fn, adt_tensor *dst, double alpha, const adt_tensor *src)
{
    ADTI_CUDA_DO(adcu_acc(fn, dst, alpha, src), fn, 2, dst, src);
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    adti_check_same_dtype(fn, "dst", dst, "src", src);
    adti_broadcast_shape(fn, dst->ndim, dst->shape, src->ndim, src->shape, &ndim, shape);
    adti_iter it;
    adti_iter_init(&it, ndim, shape, 2, (const adt_tensor *[]){dst, src});
    while (adti_iter_next(&it)) {
        switch (dst->dtype) {
        case ADT_F32:
            acc_row_f32((float *)adti_data(dst) + it.off[0], it.step[0], (float)alpha,
                        (const float *)adti_data(src) + it.off[1], it.step[1], it.n);
            break;
        case ADT_F64:
            acc_row_f64((double *)adti_data(dst) + it.off[0], it.step[0], alpha,
                        (const double *)adti_data(src) + it.off[1], it.step[1], it.n);
            break;
        }
    }
}

void adt_accumulate(adt_tensor *dst, const adt_tensor *src)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    adti_check_meta("adt_accumulate", "dst", dst);
    adti_check_meta("adt_accumulate", "src", src);
    adti_broadcast_shape("adt_accumulate", dst->ndim, dst->shape, src->ndim, src->shape, &ndim, shape);
    if (adti_numel(ndim, shape) != adti_numel(src->ndim, src->shape)) {
        char s1[ADTI_SHAPE_STR], s2[ADTI_SHAPE_STR];
        adt_error("adt_accumulate: src of shape %s cannot be summed into dst of shape %s",
                  adti_shape_str(s1, src->ndim, src->shape), adti_shape_str(s2, dst->ndim, dst->shape));
    }
    adti_acc("adt_accumulate", dst, 1.0, src); /* on the tensors' device */
}

void adt_axpy_(adt_tensor *y, double alpha, const adt_tensor *x)
{
    adti_check_meta("adt_axpy_", "y", y);
    adti_check_meta("adt_axpy_", "x", x);
    adti_check_shape_is("adt_axpy_", "x", x, "y has shape", y->ndim, y->shape);
    adti_acc("adt_axpy_", y, alpha, x); /* on the tensors' device */
}
