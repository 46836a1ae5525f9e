/* adt.h: adcc's tensor runtime, the interface of every runtime/adt_*.c file.
 *
 * An adt_tensor is a view: a ref-counted storage (a flat buffer of f32 or
 * f64), a shape, strides (in elements) and an offset, as in Torch's TH.
 * Views (select, narrow, transpose, permute, reshape of a contiguous
 * tensor) share their storage with the tensor they come from.
 *
 * Ownership: every function that returns an adt_tensor * returns a new
 * reference that the caller owns and releases with adt_free (views too:
 * a view keeps its storage alive after its base is freed). adt_retain adds
 * a reference. Functions never take over the references they are passed.
 *
 * Errors (shape or dtype mismatch, an index out of range, a view that
 * cannot be taken, a bad tensor file, allocation failure) all go through
 * adt_error: it calls the handler set by adt_set_error_handler (default:
 * the message on stderr, then abort()). A handler must not return (it may
 * longjmp or exit); if it returns, the runtime aborts.
 *
 * Derivative rules: each differentiable op declares its reverse rule with
 * ADCC_PULLBACK, by the convention of adcc's contract: the op's parameters
 * in order, each floating-point or tensor parameter followed by its
 * adjoint (a tensor adjoint has the shape of its tensor; a scalar double
 * gets a double *), then the seed of the result. Rules ACCUMULATE into the
 * adjoints, and an adjoint passed as NULL means "not wanted": the rule
 * skips its work.
 *
 * Forward rules: each of these ops also declares its forward rule, <op>_pf
 * (beside its pullback), with ADCC_PUSHFORWARD, by the matching convention:
 * the op's parameters in order, each floating-point or tensor parameter
 * followed by its tangent of the same type (a tensor a gets
 * const adt_tensor *t_a, of a's shape and dtype; a double s gets a double
 * t_s), then, for an op that returns R (a double or an adt_tensor *), a
 * final R *t_ret; integer and other parameters (dims, adt_rng *) have no
 * tangent. The rule returns the primal result exactly as the op does (the
 * same value, a new reference the caller owns) and stores the tangent of
 * the result in *t_ret (t_ret must not be NULL): for a tensor result a new
 * reference that the caller owns and releases with adt_free, with the
 * result's shape and dtype (a tensor of zeros if every tangent was NULL).
 * A tangent passed as NULL means zero: the rule skips that term. For the
 * views (select, narrow, transpose, permute, view, reshape, contiguous)
 * the primal is a view as before, and the tangent is the same view of t_t,
 * sharing t_t's storage as views do (view and reshape copy t_t when its
 * strides do not allow the view; contiguous returns t_t itself, retained,
 * when it is contiguous).
 *
 * Second-order rules: each pullback <op>_pb declares its own forward rule,
 * <op>_pb_pf, by the same convention (a pullback returns nothing, so its
 * rule has no t_ret; the tangent of a mutable adjoint d_a is a mutable
 * t_d_a, accumulated into like d_a). It does what the pullback does and
 * also accumulates into each t_d_a the derivative of d_a's contribution
 * along the tangents of the inputs and of the seed; NULL t_d_a: not
 * wanted. f_hvp, which differentiates f_grad in forward mode, calls them
 * where f_grad calls the pullbacks (adt_second.c, adt_second_nn.c).
 * adcc knows nothing else about this library. */
#ifndef ADT_H
#define ADT_H

#include <stddef.h>
#include <stdint.h>
#include <adcc.h>

#define ADT_MAX_DIMS 8

typedef enum { ADT_F32, ADT_F64 } adt_dtype;

/* Where a storage's data lives: host memory, or the memory of the current
 * CUDA device (docs/cuda.md). */
typedef enum { ADT_CPU, ADT_CUDA } adt_device;

typedef struct adt_storage {
    void *data;
    size_t nbytes;
    int refcount;
    int owns_data; /* 0 for adt_wrap: the user's buffer is not freed */
    adt_device device;
} adt_storage;

typedef struct adt_tensor {
    adt_storage *storage;
    adt_dtype dtype;
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    int64_t stride[ADT_MAX_DIMS]; /* in elements */
    int64_t offset;               /* in elements, into storage->data */
    int refcount;
} adt_tensor;

/* ---- errors ---- */
typedef void (*adt_error_fn)(const char *message, void *ctx);
/* Sets the handler and its context; returns the previous handler. NULL
 * restores the default (stderr + abort). */
adt_error_fn adt_set_error_handler(adt_error_fn fn, void *ctx);
/* The one error path: formats "adt: <message>" and calls the handler. */
void adt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- memory ----
 * Every buffer the library allocates (tensor headers, storage, data)
 * comes from one replaceable allocator; a function returning NULL makes
 * the runtime report "out of memory allocating N bytes" through adt_error.
 *
 * The default allocator is malloc/calloc/free with a cache of freed
 * buffers in front (as PyTorch's caching allocators): a block of 4 KiB or
 * more that the runtime frees is kept, in one of four size classes per
 * power of two (4, 5, 6, 7, 8, 10, 12, 14, 16 KiB, ...), and the next
 * allocation of its class takes it back (cleared first when zeroed memory
 * is asked for), so a training loop does not hand its buffers back to the
 * system and fault them in again every step. The cache holds at most its
 * limit in bytes (ADT_CACHE_DEFAULT_LIMIT to start with), evicting the
 * blocks freed longest ago; when malloc fails, the cache is emptied and the
 * allocation tried once more before the out-of-memory error. What it holds
 * at exit is freed by an atexit handler (no leak is reported). Smaller
 * blocks go straight to free. Without malloc_usable_size (not Linux or
 * macOS) the cache is off.
 *
 * Threads: the cache has one mutex, so threads may create and free
 * tensors concurrently (each its own tensors: reference counts are not
 * atomic), and the adt_*cache* functions may be called from any thread.
 * adt_set_allocator and adt_set_error_handler are not synchronised: call
 * them before other threads use the runtime. */
typedef struct adt_allocator {
    void *(*alloc)(size_t nbytes, void *ctx);        /* as malloc */
    void *(*alloc_zeroed)(size_t nbytes, void *ctx); /* as calloc(1, nbytes) */
    void (*release)(void *p, void *ctx);             /* as free */
    void *ctx;
} adt_allocator;
/* Installs a copy of *a (NULL restores malloc/calloc/free behind the
 * cache). An installed allocator bypasses the cache: it sees every
 * allocation and every release as it happens (installing one empties the
 * cache). Only change it when no tensor from the previous allocator is
 * alive. */
void adt_set_allocator(const adt_allocator *a);

#define ADT_CACHE_DEFAULT_LIMIT ((size_t)256 << 20) /* 256 MiB */
/* Sets the most bytes the cache may hold, evicting the oldest blocks down
 * to it, and returns the previous limit; 0 turns the cache off. */
size_t adt_set_cache_limit(size_t nbytes);
/* Frees every block the cache holds (as torch.cuda.empty_cache). */
void adt_empty_cache(void);
typedef struct adt_cache_stats {
    size_t bytes;    /* held now (usable bytes of the blocks) */
    size_t blocks;   /* held now */
    size_t limit;    /* as set by adt_set_cache_limit */
    uint64_t hits;   /* allocations served from the cache, so far */
    uint64_t misses; /* allocations of a cached size it could not serve */
} adt_cache_stats;
/* Fills *out with the cache's state now. */
void adt_get_cache_stats(adt_cache_stats *out);

/* ---- devices (adt_device.c; the CUDA backend is cuda/, docs/cuda.md) ----
 * A tensor lives where its storage does. Ops ported to CUDA run there when
 * all their tensors are on the device ("tensors on different devices"
 * otherwise); the others, and every function reading elements on the host
 * (adt_get, adt_f64, printing, saving, loaders), report through adt_error
 * that they are not available on the cuda device: move the tensor with
 * adt_to first. */
/* The device of t's storage. */
adt_device adt_device_of(const adt_tensor *t);
/* t on device d: t itself, retained, when it is already there, else a new
 * contiguous copy there. ADT_CUDA without a CUDA device (or in a build
 * without CUDA) is an adt_error ("adt_to: no CUDA device ..."). */
adt_tensor *adt_to(const adt_tensor *t, adt_device d);
/* Number of CUDA devices the runtime can use: 0 when adcc was built
 * without CUDA or cudaGetDeviceCount finds none. */
int adt_cuda_device_count(void);
/* Waits until the device has finished the work queued so far (ops run
 * asynchronously on the device; reading a value back waits too). For
 * timing. Does nothing without CUDA or without a device. */
void adt_cuda_synchronize(void);
/* The device memory cache, as adt_empty_cache and adt_get_cache_stats for
 * host memory: freed device blocks are kept by size class and reused;
 * adt_cuda_empty_cache gives them back with cudaFree (zeros, and nothing
 * done, without CUDA). */
void adt_cuda_empty_cache(void);
void adt_cuda_get_cache_stats(adt_cache_stats *out);

/* ---- references ---- */
adt_tensor *adt_retain(adt_tensor *t);
void adt_free(adt_tensor *t); /* drops one reference; NULL is a no-op */

/* ---- creation (shape: ndim sizes, e.g. (int64_t[]){3, 4}) ---- */
adt_tensor *adt_empty(adt_dtype dt, int ndim, const int64_t *shape);
adt_tensor *adt_zeros(adt_dtype dt, int ndim, const int64_t *shape);
adt_tensor *adt_ones(adt_dtype dt, int ndim, const int64_t *shape);
adt_tensor *adt_full(adt_dtype dt, int ndim, const int64_t *shape, double value);
adt_tensor *adt_arange(adt_dtype dt, double start, double stop, double step);
adt_tensor *adt_empty_like(const adt_tensor *t);
adt_tensor *adt_zeros_like(const adt_tensor *t);
/* adcc: pointers to adt_tensor are differentiable values; a tensor's
 * adjoint is a tensor of its shape made by adt_zeros_like. */
ADCC_OBJECT_TYPE(adt_tensor, adt_zeros_like, adt_free)

/* Copies n = prod(shape) elements from data (of type dt) into a new tensor. */
adt_tensor *adt_from_buffer(adt_dtype dt, int ndim, const int64_t *shape, const void *data);
/* Wraps the caller's buffer without a copy; the caller keeps it alive. */
adt_tensor *adt_wrap(adt_dtype dt, int ndim, const int64_t *shape, void *data);
adt_tensor *adt_clone(const adt_tensor *t);      /* contiguous copy */
adt_tensor *adt_to_dtype(const adt_tensor *t, adt_dtype dt);

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */
typedef struct adt_rng { uint64_t s[4]; } adt_rng;
void adt_rng_seed(adt_rng *rng, uint64_t seed);
uint64_t adt_rng_next(adt_rng *rng);
double adt_rng_uniform(adt_rng *rng);            /* [0, 1) */
double adt_rng_normal(adt_rng *rng);             /* N(0, 1) */
adt_rng *adt_default_rng(void);                  /* seeded with 0 at start */
/* rng NULL means adt_default_rng(). */
adt_tensor *adt_rand(adt_rng *rng, adt_dtype dt, int ndim, const int64_t *shape);  /* U[0,1) */
adt_tensor *adt_randn(adt_rng *rng, adt_dtype dt, int ndim, const int64_t *shape); /* N(0,1) */

/* ---- shape, element access ---- */
int64_t adt_numel(const adt_tensor *t);
int64_t adt_size(const adt_tensor *t, int dim);  /* dim < 0 counts from the end */
int adt_is_contiguous(const adt_tensor *t);
int adt_same_shape(const adt_tensor *a, const adt_tensor *b);
/* Pointer to the first element (storage data + offset); the dtype must match. */
/* In a differentiated model, C loops may read and write elements through
 * these pointers; the adjoint's matching pointer comes from the _adjoint
 * function, which requires t and d_t to have the same strides (true for a
 * contiguous t: call adt_contiguous on a view first). */
double *adt_f64_adjoint(const adt_tensor *t, adt_tensor *d_t);
float *adt_f32_adjoint(const adt_tensor *t, adt_tensor *d_t);
ADCC_ELEMENTS(adt_f64_adjoint) double *adt_f64(const adt_tensor *t);
ADCC_ELEMENTS(adt_f32_adjoint) float *adt_f32(const adt_tensor *t);
double adt_get(const adt_tensor *t, const int64_t *index);
void adt_set(adt_tensor *t, const int64_t *index, double value);
double adt_item(const adt_tensor *t);            /* a one-element tensor's value */

/* ---- views (share storage) ----
 * Views are differentiable: the reverse rule adds the seed into the viewed
 * part of the adjoint. (Models never write into tensors in place.) */
void adt_select_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim,
                      int64_t index, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_select_pb_pf)
void adt_select_pb(const adt_tensor *t, adt_tensor *d_t, int dim, int64_t index, const adt_tensor *d_ret);
adt_tensor *adt_select_pf(const adt_tensor *t, const adt_tensor *t_t, int dim, int64_t index, adt_tensor **t_ret);
void adt_narrow_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim,
                      int64_t start, int64_t length, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_narrow_pb_pf)
void adt_narrow_pb(const adt_tensor *t, adt_tensor *d_t, int dim, int64_t start, int64_t length,
                   const adt_tensor *d_ret);
adt_tensor *adt_narrow_pf(const adt_tensor *t, const adt_tensor *t_t, int dim, int64_t start, int64_t length,
                          adt_tensor **t_ret);
void adt_transpose_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim0,
                         int dim1, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_transpose_pb_pf)
void adt_transpose_pb(const adt_tensor *t, adt_tensor *d_t, int dim0, int dim1, const adt_tensor *d_ret);
adt_tensor *adt_transpose_pf(const adt_tensor *t, const adt_tensor *t_t, int dim0, int dim1, adt_tensor **t_ret);
void adt_permute_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t,
                       const int *dims, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_permute_pb_pf)
void adt_permute_pb(const adt_tensor *t, adt_tensor *d_t, const int *dims, const adt_tensor *d_ret);
adt_tensor *adt_permute_pf(const adt_tensor *t, const adt_tensor *t_t, const int *dims, adt_tensor **t_ret);
void adt_view_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int ndim,
                    const int64_t *shape, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_view_pb_pf)
void adt_view_pb(const adt_tensor *t, adt_tensor *d_t, int ndim, const int64_t *shape, const adt_tensor *d_ret);
adt_tensor *adt_view_pf(const adt_tensor *t, const adt_tensor *t_t, int ndim, const int64_t *shape, adt_tensor **t_ret);
void adt_reshape_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int ndim,
                       const int64_t *shape, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_reshape_pb_pf)
void adt_reshape_pb(const adt_tensor *t, adt_tensor *d_t, int ndim, const int64_t *shape, const adt_tensor *d_ret);
adt_tensor *adt_reshape_pf(const adt_tensor *t, const adt_tensor *t_t, int ndim, const int64_t *shape,
                           adt_tensor **t_ret);
void adt_contiguous_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t,
                          const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_contiguous_pb_pf)
void adt_contiguous_pb(const adt_tensor *t, adt_tensor *d_t, const adt_tensor *d_ret);
adt_tensor *adt_contiguous_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor **t_ret);
ADCC_PULLBACK(adt_select_pb) ADCC_PUSHFORWARD(adt_select_pf)
adt_tensor *adt_select(const adt_tensor *t, int dim, int64_t index); /* drops dim */
ADCC_PULLBACK(adt_narrow_pb) ADCC_PUSHFORWARD(adt_narrow_pf)
adt_tensor *adt_narrow(const adt_tensor *t, int dim, int64_t start, int64_t length);
ADCC_PULLBACK(adt_transpose_pb) ADCC_PUSHFORWARD(adt_transpose_pf)
adt_tensor *adt_transpose(const adt_tensor *t, int dim0, int dim1);
ADCC_PULLBACK(adt_permute_pb) ADCC_PUSHFORWARD(adt_permute_pf)
adt_tensor *adt_permute(const adt_tensor *t, const int *dims);
/* A view when the strides allow it (as torch.view), an error otherwise;
 * one size may be -1 (inferred). */
ADCC_PULLBACK(adt_view_pb) ADCC_PUSHFORWARD(adt_view_pf)
adt_tensor *adt_view(const adt_tensor *t, int ndim, const int64_t *shape);
/* adt_view when possible, else a contiguous copy (as torch.reshape). */
ADCC_PULLBACK(adt_reshape_pb) ADCC_PUSHFORWARD(adt_reshape_pf)
adt_tensor *adt_reshape(const adt_tensor *t, int ndim, const int64_t *shape);
/* t itself (retained) if contiguous, else a contiguous copy. */
ADCC_PULLBACK(adt_contiguous_pb) ADCC_PUSHFORWARD(adt_contiguous_pf) adt_tensor *adt_contiguous(const adt_tensor *t);

/* ---- in place (not differentiable: training loops, optimisers, rules) ---- */
void adt_fill_(adt_tensor *t, double value);
void adt_zero_(adt_tensor *t);
void adt_copy_(adt_tensor *dst, const adt_tensor *src);    /* same shape */
/* dst += src, where src may have dst's shape broadcast (extra leading
 * dimensions, size-1 dimensions of dst): src is summed down to dst's
 * shape. The building block of pullbacks. */
void adt_accumulate(adt_tensor *dst, const adt_tensor *src);
void adt_axpy_(adt_tensor *y, double alpha, const adt_tensor *x);  /* y += alpha x */

/* ---- derivative rules (reverse _pb, forward _pf): declared first, then
 * the ops that name them ----
 * Elementwise binary ops broadcast size-1 and missing leading dimensions
 * as numpy does; a and b must have the same dtype. */
void adt_add_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_add_pb_pf)
void adt_add_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_add_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret);
void adt_sub_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_sub_pb_pf)
void adt_sub_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_sub_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret);
void adt_mul_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_mul_pb_pf)
void adt_mul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_mul_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret);
void adt_div_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_div_pb_pf)
void adt_div_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_div_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret);
void adt_add_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double s,
                          double t_s, double *d_s, double *t_d_s, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_add_scalar_pb_pf)
void adt_add_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double s, double *d_s, const adt_tensor *d_ret);
adt_tensor *adt_add_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double s, double t_s, adt_tensor **t_ret);
void adt_mul_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double s,
                          double t_s, double *d_s, double *t_d_s, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_mul_scalar_pb_pf)
void adt_mul_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double s, double *d_s, const adt_tensor *d_ret);
adt_tensor *adt_mul_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double s, double t_s, adt_tensor **t_ret);
void adt_pow_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double p,
                          double t_p, double *d_p, double *t_d_p, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_pow_scalar_pb_pf)
void adt_pow_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double p, double *d_p, const adt_tensor *d_ret);
adt_tensor *adt_pow_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double p, double t_p, adt_tensor **t_ret);
void adt_neg_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_neg_pb_pf)
void adt_neg_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_neg_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_exp_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_exp_pb_pf)
void adt_exp_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_exp_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_log_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_log_pb_pf)
void adt_log_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_log_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_sqrt_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_sqrt_pb_pf)
void adt_sqrt_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_sqrt_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_tanh_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_tanh_pb_pf)
void adt_tanh_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_tanh_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_sigmoid_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                       const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_sigmoid_pb_pf)
void adt_sigmoid_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_sigmoid_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_relu_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_relu_pb_pf)
void adt_relu_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret);
adt_tensor *adt_relu_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret);
void adt_clamp_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double lo,
                     double t_lo, double *d_lo, double *t_d_lo, double hi, double t_hi, double *d_hi, double *t_d_hi,
                     const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_clamp_pb_pf)
void adt_clamp_pb(const adt_tensor *a, adt_tensor *d_a, double lo, double *d_lo, double hi, double *d_hi, const adt_tensor *d_ret);
adt_tensor *adt_clamp_pf(const adt_tensor *a, const adt_tensor *t_a, double lo, double t_lo, double hi, double t_hi,
                         adt_tensor **t_ret);

ADCC_PULLBACK(adt_add_pb) ADCC_PUSHFORWARD(adt_add_pf) adt_tensor *adt_add(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_sub_pb) ADCC_PUSHFORWARD(adt_sub_pf) adt_tensor *adt_sub(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_mul_pb) ADCC_PUSHFORWARD(adt_mul_pf) adt_tensor *adt_mul(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_div_pb) ADCC_PUSHFORWARD(adt_div_pf) adt_tensor *adt_div(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_add_scalar_pb) ADCC_PUSHFORWARD(adt_add_scalar_pf)
adt_tensor *adt_add_scalar(const adt_tensor *a, double s);
ADCC_PULLBACK(adt_mul_scalar_pb) ADCC_PUSHFORWARD(adt_mul_scalar_pf)
adt_tensor *adt_mul_scalar(const adt_tensor *a, double s);
ADCC_PULLBACK(adt_pow_scalar_pb) ADCC_PUSHFORWARD(adt_pow_scalar_pf)
adt_tensor *adt_pow_scalar(const adt_tensor *a, double p);
ADCC_PULLBACK(adt_neg_pb) ADCC_PUSHFORWARD(adt_neg_pf) adt_tensor *adt_neg(const adt_tensor *a);
ADCC_PULLBACK(adt_exp_pb) ADCC_PUSHFORWARD(adt_exp_pf) adt_tensor *adt_exp(const adt_tensor *a);
ADCC_PULLBACK(adt_log_pb) ADCC_PUSHFORWARD(adt_log_pf) adt_tensor *adt_log(const adt_tensor *a);
ADCC_PULLBACK(adt_sqrt_pb) ADCC_PUSHFORWARD(adt_sqrt_pf) adt_tensor *adt_sqrt(const adt_tensor *a);
ADCC_PULLBACK(adt_tanh_pb) ADCC_PUSHFORWARD(adt_tanh_pf) adt_tensor *adt_tanh(const adt_tensor *a);
ADCC_PULLBACK(adt_sigmoid_pb) ADCC_PUSHFORWARD(adt_sigmoid_pf) adt_tensor *adt_sigmoid(const adt_tensor *a);
ADCC_PULLBACK(adt_relu_pb) ADCC_PUSHFORWARD(adt_relu_pf) adt_tensor *adt_relu(const adt_tensor *a);
ADCC_PULLBACK(adt_clamp_pb) ADCC_PUSHFORWARD(adt_clamp_pf)
adt_tensor *adt_clamp(const adt_tensor *a, double lo, double hi);

/* ---- linear algebra (cblas sgemm/dgemm) ----
 * matmul: [m,k] x [k,n]; bmm: [b,m,k] x [b,k,n]; linear(x, w, bias):
 * x [n,in], w [out,in], bias [out] or NULL: x w^T + bias. */
void adt_matmul_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                      const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                      const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_matmul_pb_pf)
void adt_matmul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_matmul_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                          adt_tensor **t_ret);
void adt_bmm_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_bmm_pb_pf)
void adt_bmm_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);
adt_tensor *adt_bmm_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret);
void adt_linear_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x,
                      const adt_tensor *w, const adt_tensor *t_w, adt_tensor *d_w, adt_tensor *t_d_w,
                      const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor *d_bias, adt_tensor *t_d_bias,
                      const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_linear_pb_pf)
void adt_linear_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                   const adt_tensor *bias, adt_tensor *d_bias, const adt_tensor *d_ret);
adt_tensor *adt_linear_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                          const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor **t_ret);
ADCC_PULLBACK(adt_matmul_pb) ADCC_PUSHFORWARD(adt_matmul_pf)
adt_tensor *adt_matmul(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_bmm_pb) ADCC_PUSHFORWARD(adt_bmm_pf) adt_tensor *adt_bmm(const adt_tensor *a, const adt_tensor *b);
ADCC_PULLBACK(adt_linear_pb) ADCC_PUSHFORWARD(adt_linear_pf)
adt_tensor *adt_linear(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias);

/* ---- reductions: over one dimension (keepdim 0/1) or all elements ---- */
void adt_sum_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                   int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_sum_pb_pf)
void adt_sum_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret);
adt_tensor *adt_sum_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret);
void adt_mean_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                    int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_mean_pb_pf)
void adt_mean_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret);
adt_tensor *adt_mean_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret);
void adt_max_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                   int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_max_pb_pf)
void adt_max_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret);
adt_tensor *adt_max_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim, adt_tensor **t_ret);
void adt_sum_all_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double d_ret,
                       double t_d_ret);
ADCC_PUSHFORWARD(adt_sum_all_pb_pf)
void adt_sum_all_pb(const adt_tensor *a, adt_tensor *d_a, double d_ret);
double adt_sum_all_pf(const adt_tensor *a, const adt_tensor *t_a, double *t_ret);
void adt_mean_all_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double d_ret,
                        double t_d_ret);
ADCC_PUSHFORWARD(adt_mean_all_pb_pf)
void adt_mean_all_pb(const adt_tensor *a, adt_tensor *d_a, double d_ret);
double adt_mean_all_pf(const adt_tensor *a, const adt_tensor *t_a, double *t_ret);
ADCC_PULLBACK(adt_sum_pb) ADCC_PUSHFORWARD(adt_sum_pf) adt_tensor *adt_sum(const adt_tensor *a, int dim, int keepdim);
ADCC_PULLBACK(adt_mean_pb) ADCC_PUSHFORWARD(adt_mean_pf)
adt_tensor *adt_mean(const adt_tensor *a, int dim, int keepdim);
/* The max values along dim; the pullback routes the seed to the first
 * maximum, the pushforward takes the tangent there. */
ADCC_PULLBACK(adt_max_pb) ADCC_PUSHFORWARD(adt_max_pf) adt_tensor *adt_max(const adt_tensor *a, int dim, int keepdim);
ADCC_PULLBACK(adt_sum_all_pb) ADCC_PUSHFORWARD(adt_sum_all_pf) double adt_sum_all(const adt_tensor *a);
ADCC_PULLBACK(adt_mean_all_pb) ADCC_PUSHFORWARD(adt_mean_all_pf) double adt_mean_all(const adt_tensor *a);
/* Indices of the maxima along dim, as values of a's dtype (not differentiable). */
adt_tensor *adt_argmax(const adt_tensor *a, int dim);

/* ---- softmax and losses ----
 * labels: a tensor [n] of class indices stored as values of its dtype (not
 * differentiable: the rules give d_labels nothing and ignore t_labels).
 * Both losses are means over the batch. */
void adt_softmax_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                       const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_softmax_pb_pf)
void adt_softmax_pb(const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret);
adt_tensor *adt_softmax_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, adt_tensor **t_ret);
void adt_log_softmax_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                           const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_log_softmax_pb_pf)
void adt_log_softmax_pb(const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret);
adt_tensor *adt_log_softmax_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, adt_tensor **t_ret);
void adt_cross_entropy_pb_pf(const adt_tensor *logits, const adt_tensor *t_logits, adt_tensor *d_logits,
                             adt_tensor *t_d_logits, const adt_tensor *labels, const adt_tensor *t_labels,
                             adt_tensor *d_labels, adt_tensor *t_d_labels, double d_ret, double t_d_ret);
ADCC_PUSHFORWARD(adt_cross_entropy_pb_pf)
void adt_cross_entropy_pb(const adt_tensor *logits, adt_tensor *d_logits, const adt_tensor *labels,
                          adt_tensor *d_labels, double d_ret);
double adt_cross_entropy_pf(const adt_tensor *logits, const adt_tensor *t_logits, const adt_tensor *labels,
                            const adt_tensor *t_labels, double *t_ret);
void adt_mse_loss_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                        const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b, double d_ret,
                        double t_d_ret);
ADCC_PUSHFORWARD(adt_mse_loss_pb_pf)
void adt_mse_loss_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, double d_ret);
double adt_mse_loss_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       double *t_ret);
ADCC_PULLBACK(adt_softmax_pb) ADCC_PUSHFORWARD(adt_softmax_pf) adt_tensor *adt_softmax(const adt_tensor *a, int dim);
ADCC_PULLBACK(adt_log_softmax_pb) ADCC_PUSHFORWARD(adt_log_softmax_pf)
adt_tensor *adt_log_softmax(const adt_tensor *a, int dim);
/* logits [n, c]: mean over the batch of -log_softmax(logits)[i, labels[i]]. */
ADCC_PULLBACK(adt_cross_entropy_pb) ADCC_PUSHFORWARD(adt_cross_entropy_pf)
double adt_cross_entropy(const adt_tensor *logits, const adt_tensor *labels);
ADCC_PULLBACK(adt_mse_loss_pb) ADCC_PUSHFORWARD(adt_mse_loss_pf)
double adt_mse_loss(const adt_tensor *a, const adt_tensor *b);

/* ---- shape ops ---- */
void adt_cat_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b, int dim,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_cat_pb_pf)
void adt_cat_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, int dim, const adt_tensor *d_ret);
adt_tensor *adt_cat_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b, int dim,
                       adt_tensor **t_ret);
ADCC_PULLBACK(adt_cat_pb) ADCC_PUSHFORWARD(adt_cat_pf)
adt_tensor *adt_cat(const adt_tensor *a, const adt_tensor *b, int dim);

/* ---- convolution and pooling (NCHW; weights [out, in, kh, kw]) ----
 * conv2d: im2col + gemm; bias [out] or NULL. Pooling windows of size k
 * with the given stride, no padding. */
void adt_conv2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x,
                      const adt_tensor *w, const adt_tensor *t_w, adt_tensor *d_w, adt_tensor *t_d_w,
                      const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor *d_bias, adt_tensor *t_d_bias,
                      int stride, int padding, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_conv2d_pb_pf)
void adt_conv2d_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                   const adt_tensor *bias, adt_tensor *d_bias, int stride, int padding, const adt_tensor *d_ret);
adt_tensor *adt_conv2d_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                          const adt_tensor *bias, const adt_tensor *t_bias, int stride, int padding,
                          adt_tensor **t_ret);
void adt_max_pool2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x, int k,
                          int stride, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_max_pool2d_pb_pf)
void adt_max_pool2d_pb(const adt_tensor *x, adt_tensor *d_x, int k, int stride, const adt_tensor *d_ret);
adt_tensor *adt_max_pool2d_pf(const adt_tensor *x, const adt_tensor *t_x, int k, int stride, adt_tensor **t_ret);
void adt_avg_pool2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x, int k,
                          int stride, const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_avg_pool2d_pb_pf)
void adt_avg_pool2d_pb(const adt_tensor *x, adt_tensor *d_x, int k, int stride, const adt_tensor *d_ret);
adt_tensor *adt_avg_pool2d_pf(const adt_tensor *x, const adt_tensor *t_x, int k, int stride, adt_tensor **t_ret);
ADCC_PULLBACK(adt_conv2d_pb) ADCC_PUSHFORWARD(adt_conv2d_pf)
adt_tensor *adt_conv2d(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias,
                       int stride, int padding);
ADCC_PULLBACK(adt_max_pool2d_pb) ADCC_PUSHFORWARD(adt_max_pool2d_pf)
adt_tensor *adt_max_pool2d(const adt_tensor *x, int k, int stride);
ADCC_PULLBACK(adt_avg_pool2d_pb) ADCC_PUSHFORWARD(adt_avg_pool2d_pf)
adt_tensor *adt_avg_pool2d(const adt_tensor *x, int k, int stride);

/* ---- dropout: a mask of 0 and 1/(1-p) shaped like `like`, then adt_mul ----
 * The mask does not depend on like's values: its rule adds nothing to
 * d_like. It cannot give d_p (the kept elements are not known to it) and
 * reports an error unless d_p is NULL: p must be a constant. Its forward
 * rule draws the mask (the same one, from the same rng state) and so gives
 * p's tangent exactly: t_p / (1-p)^2 where an element is kept, else 0;
 * t_like adds nothing. */
void adt_dropout_mask_pb_pf(adt_rng *rng, const adt_tensor *like, const adt_tensor *t_like, adt_tensor *d_like,
                            adt_tensor *t_d_like, double p, double t_p, double *d_p, double *t_d_p,
                            const adt_tensor *d_ret, const adt_tensor *t_d_ret);
ADCC_PUSHFORWARD(adt_dropout_mask_pb_pf)
void adt_dropout_mask_pb(adt_rng *rng, const adt_tensor *like, adt_tensor *d_like, double p, double *d_p,
                         const adt_tensor *d_ret);
adt_tensor *adt_dropout_mask_pf(adt_rng *rng, const adt_tensor *like, const adt_tensor *t_like, double p, double t_p,
                                adt_tensor **t_ret);
ADCC_PULLBACK(adt_dropout_mask_pb) ADCC_PUSHFORWARD(adt_dropout_mask_pf)
adt_tensor *adt_dropout_mask(adt_rng *rng, const adt_tensor *like, double p);

/* ---- printing and files ---- */
/* Prints t and a newline on stdout as torch 1.13 prints a tensor with its
 * default options: tensor([[ 0.1000, -1.2000], ...], dtype=torch.float64)
 * (float32, torch's default dtype, gets no dtype suffix). */
void adt_print(const adt_tensor *t);
/* adt_format into a malloc'd string (the caller frees it). */
char *adt_format(const adt_tensor *t);
/* File format (little-endian): "ADT1", u32 dtype (0 f32, 1 f64), u32 ndim,
 * ndim x i64 sizes, then the elements in row-major order. */
void adt_save(const adt_tensor *t, const char *path);
adt_tensor *adt_load(const char *path);

/* ---- optimisers: over n parameter tensors and their gradients ---- */
typedef struct adt_optim adt_optim;
adt_optim *adt_sgd(adt_tensor *const *params, adt_tensor *const *grads, int n,
                   double lr, double momentum, double weight_decay);
adt_optim *adt_adam(adt_tensor *const *params, adt_tensor *const *grads, int n,
                    double lr, double beta1, double beta2, double eps, double weight_decay);
void adt_optim_step(adt_optim *opt);
void adt_optim_zero_grad(adt_optim *opt);
void adt_optim_set_lr(adt_optim *opt, double lr);
void adt_optim_free(adt_optim *opt);

/* ---- batch loader over a dataset in memory ----
 * x [N, ...], labels [N]. Each epoch is shuffled with the loader's own
 * generator (when shuffle is set); batches are views of the loader's
 * shuffled copy, valid until the next call. The last batch may be short. */
typedef struct adt_loader adt_loader;
adt_loader *adt_loader_new(const adt_tensor *x, const adt_tensor *labels, int64_t batch,
                           int shuffle, uint64_t seed);
/* Sets *x and *labels to new references to the next batch and returns 1,
 * or returns 0 at the end of an epoch (the next call starts a new one). */
int adt_loader_next(adt_loader *ld, adt_tensor **x, adt_tensor **labels);
int64_t adt_loader_batches(const adt_loader *ld);
void adt_loader_free(adt_loader *ld);

#endif
