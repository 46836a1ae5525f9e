/* adt_error.c: the runtime's one error path (adt_error and its replaceable
 * handler), its one allocator (adt_set_allocator, checked allocation, the
 * buffer cache of adt_cache.c in front of malloc by default) and the
 * TH-style argument checks every adt_*.c file uses. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the error handler ---- */

static adt_error_fn error_fn;
static void *error_ctx;

adt_error_fn adt_set_error_handler(adt_error_fn fn, void *ctx)
{
    adt_error_fn old = error_fn;
    error_fn = fn;
    error_ctx = ctx;
    return old;
}

void adt_error(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    memcpy(msg, "adt: ", 5);
    va_start(ap, fmt);
    vsnprintf(msg + 5, sizeof msg - 5, fmt, ap);
    va_end(ap);
    if (error_fn)
        error_fn(msg, error_ctx);
    else
        fprintf(stderr, "%s\n", msg);
    /* the default, or a handler that returned: there is no way back */
    abort();
}

/* ---- the allocator ----
 * By default every allocation goes through the buffer cache (adt_cache.c),
 * which sits in front of malloc/calloc/free. An allocator installed with
 * adt_set_allocator bypasses the cache: it sees every allocation and every
 * release when they happen. */

static adt_allocator allocator;
static int user_allocator; /* 0: the cache over malloc */

void adt_set_allocator(const adt_allocator *a)
{
    if (a && (!a->alloc || !a->alloc_zeroed || !a->release))
        adt_error("adt_set_allocator: every function of the allocator must be set");
    if (a)
        adt_empty_cache(); /* its blocks came from malloc: give them back */
    user_allocator = a != NULL;
    allocator = a ? *a : (adt_allocator){0};
}

/* Zero-byte requests get one byte, so a successful allocation is never NULL. */
void *adti_try_alloc(size_t nbytes, int zeroed)
{
    if (!nbytes)
        nbytes = 1;
    if (!user_allocator)
        return adti_cache_alloc(nbytes, zeroed);
    return zeroed ? allocator.alloc_zeroed(nbytes, allocator.ctx) : allocator.alloc(nbytes, allocator.ctx);
}

void *adti_alloc(size_t nbytes)
{
    void *p = adti_try_alloc(nbytes, 0);
    if (!p)
        adt_error("out of memory allocating %zu bytes", nbytes);
    return p;
}

void *adti_alloc_zeroed(size_t nbytes)
{
    void *p = adti_try_alloc(nbytes, 1);
    if (!p)
        adt_error("out of memory allocating %zu bytes", nbytes);
    return p;
}

void adti_free(void *p)
{
    if (!p)
        return;
    if (user_allocator)
        allocator.release(p, allocator.ctx);
    else
        adti_cache_release(p);
}

size_t adti_mul_size(const char *fn, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        adt_error("%s: size overflow: %zu elements of %zu bytes", fn, n, size);
    return n * size;
}

/* ---- dtypes ---- */

size_t adti_dtype_size(adt_dtype dt)
{
    switch (dt) {
    case ADT_F32:
        return sizeof(float);
    case ADT_F64:
        return sizeof(double);
    }
    adt_error("invalid dtype %d", (int)dt);
}

const char *adti_dtype_name(adt_dtype dt)
{
    switch (dt) {
    case ADT_F32:
        return "float32";
    case ADT_F64:
        return "float64";
    }
    return "invalid dtype";
}

/* ---- argument checks ---- */

char *adti_shape_str(char *buf, int ndim, const int64_t *shape)
{
    size_t len = 0;
    buf[len++] = '[';
    for (int d = 0; d < ndim && d < ADT_MAX_DIMS; d++)
        len += (size_t)snprintf(buf + len, ADTI_SHAPE_STR - len, "%s%lld", d ? ", " : "", (long long)shape[d]);
    snprintf(buf + len, ADTI_SHAPE_STR - len, "]");
    return buf;
}

void adti_check_meta(const char *fn, const char *arg, const adt_tensor *t)
{
    if (!t)
        adt_error("%s: argument %s is NULL", fn, arg);
    if (t->dtype != ADT_F32 && t->dtype != ADT_F64)
        adt_error("%s: argument %s has an invalid dtype %d", fn, arg, (int)t->dtype);
}

void adti_check_tensor(const char *fn, const char *arg, const adt_tensor *t)
{
    adti_check_meta(fn, arg, t);
    if (t->storage->device != ADT_CPU)
        adt_error("%s: not available on the cuda device yet; move the tensor to the CPU with adt_to "
                  "(argument %s is on the cuda device)",
                  fn, arg);
}

void adti_check_dtype(const char *fn, adt_dtype dt)
{
    if (dt != ADT_F32 && dt != ADT_F64)
        adt_error("%s: invalid dtype %d (expected ADT_F32 or ADT_F64)", fn, (int)dt);
}

void adti_check_shape(const char *fn, int ndim, const int64_t *shape)
{
    if (ndim < 0 || ndim > ADT_MAX_DIMS)
        adt_error("%s: %d dimensions (expected 0 to %d)", fn, ndim, ADT_MAX_DIMS);
    if (ndim > 0 && !shape)
        adt_error("%s: shape is NULL for %d dimensions", fn, ndim);
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            adt_error("%s: size %lld of dimension %d is negative", fn, (long long)shape[d], d);
}

void adti_check_same_dtype(const char *fn, const char *arg_a, const adt_tensor *a, const char *arg_b,
                           const adt_tensor *b)
{
    if (a->dtype != b->dtype)
        adt_error("%s: %s has dtype %s but %s has dtype %s", fn, arg_a, adti_dtype_name(a->dtype), arg_b,
                  adti_dtype_name(b->dtype));
}

void adti_check_shape_is(const char *fn, const char *arg, const adt_tensor *t, const char *what, int ndim,
                         const int64_t *shape)
{
    char s1[ADTI_SHAPE_STR], s2[ADTI_SHAPE_STR];
    int same = t->ndim == ndim;
    for (int d = 0; same && d < ndim; d++)
        same = t->shape[d] == shape[d];
    if (!same)
        adt_error("%s: %s has shape %s but %s %s", fn, arg, adti_shape_str(s1, t->ndim, t->shape), what,
                  adti_shape_str(s2, ndim, shape));
}

int adti_check_dim(const char *fn, const adt_tensor *t, int dim)
{
    int d = dim < 0 ? dim + t->ndim : dim;
    if (d < 0 || d >= t->ndim)
        adt_error("%s: dimension %d out of range for a tensor of %d dimensions", fn, dim, t->ndim);
    return d;
}

void adti_broadcast_shape(const char *fn, int ndim_a, const int64_t *shape_a, int ndim_b, const int64_t *shape_b,
                          int *ndim, int64_t *shape)
{
    int n = ndim_a > ndim_b ? ndim_a : ndim_b;
    for (int d = 0; d < n; d++) {
        int da = d - (n - ndim_a), db = d - (n - ndim_b);
        int64_t sa = da >= 0 ? shape_a[da] : 1, sb = db >= 0 ? shape_b[db] : 1;
        if (sa != sb && sa != 1 && sb != 1) {
            char s1[ADTI_SHAPE_STR], s2[ADTI_SHAPE_STR];
            adt_error("%s: shapes %s and %s cannot be broadcast", fn, adti_shape_str(s1, ndim_a, shape_a),
                      adti_shape_str(s2, ndim_b, shape_b));
        }
        shape[d] = sa == 1 ? sb : sa;
    }
    *ndim = n;
}

int64_t adti_numel(int ndim, const int64_t *shape)
{
    int64_t n = 1;
    for (int d = 0; d < ndim; d++)
        n *= shape[d];
    return n;
}
