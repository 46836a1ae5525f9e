/* internal.h: what the runtime's adt_*.c files share and users never see:
 * checked allocation, tensor construction, argument checks, element access
 * by dtype and the strided broadcast iterator. Not installed; adti_ prefix. */
#ifndef ADT_INTERNAL_H
#define ADT_INTERNAL_H

#include "adt.h"

#include <limits.h>
#include <string.h>

/* ---- memory (adt_error.c): through the allocator of adt_set_allocator ---- */
/* nbytes of memory, never NULL: adt_error("out of memory allocating N bytes"). */
void *adti_alloc(size_t nbytes);
/* As adti_alloc, zero-filled (calloc by default). */
void *adti_alloc_zeroed(size_t nbytes);
/* As adti_alloc (zeroed if asked) but NULL on failure, for callers that
 * must release what they hold before reporting. */
void *adti_try_alloc(size_t nbytes, int zeroed);
/* Releases what adti_alloc or adti_alloc_zeroed returned; NULL is a no-op. */
void adti_free(void *p);
/* n * size, or adt_error("<fn>: size overflow ...") when it does not fit. */
size_t adti_mul_size(const char *fn, size_t n, size_t size);

/* ---- the buffer cache (adt_cache.c): the default allocator ----
 * adti_try_alloc and adti_free call these unless adt_set_allocator has
 * installed a user allocator. */
/* nbytes (> 0) of memory, a cached block of nbytes' size class when there is
 * one (cleared if zeroed), else from malloc/calloc (retried once after
 * emptying the cache); NULL when memory runs out. */
void *adti_cache_alloc(size_t nbytes, int zeroed);
/* Keeps p (from adti_cache_alloc) for reuse when it is large enough and
 * fits under the limit, else frees it; NULL is a no-op. */
void adti_cache_release(void *p);

/* ---- dtypes (adt_error.c) ---- */
/* Bytes per element: 4 or 8. */
size_t adti_dtype_size(adt_dtype dt);
/* "float32" or "float64", for messages. */
const char *adti_dtype_name(adt_dtype dt);

/* ---- argument checks (adt_error.c): each calls adt_error on failure ----
 * fn is the public function's name, arg the argument's, as in
 * "adt: adt_add: argument b is NULL". */
#define ADTI_SHAPE_STR 200
/* Writes "[2, 3]" into buf (ADTI_SHAPE_STR bytes) and returns buf. */
char *adti_shape_str(char *buf, int ndim, const int64_t *shape);
/* t is non-NULL, of a valid dtype, and on the CPU: a tensor on the CUDA
 * device is "<fn>: not available on the cuda device yet; move the tensor to
 * the CPU with adt_to". Every function reading or writing elements on the
 * host checks its tensors with it. */
void adti_check_tensor(const char *fn, const char *arg, const adt_tensor *t);
/* As adti_check_tensor on any device: for functions that only read or make
 * metadata (shapes, views) and for the CUDA backend's own checks. */
void adti_check_meta(const char *fn, const char *arg, const adt_tensor *t);
/* ndim in [0, ADT_MAX_DIMS], shape non-NULL when ndim > 0, sizes >= 0. */
void adti_check_shape(const char *fn, int ndim, const int64_t *shape);
/* dtype valid (ADT_F32 or ADT_F64). */
void adti_check_dtype(const char *fn, adt_dtype dt);
/* a and b have the same dtype. */
void adti_check_same_dtype(const char *fn, const char *arg_a, const adt_tensor *a, const char *arg_b,
                           const adt_tensor *b);
/* t has exactly the given shape; what names it in the message, as in
 * ("adt_mul_pb", "d_a", d_a, "a has shape", ...) giving
 * "adt_mul_pb: d_a has shape [3] but a has shape [2, 3]". */
void adti_check_shape_is(const char *fn, const char *arg, const adt_tensor *t, const char *what, int ndim,
                         const int64_t *shape);
/* dim in [-ndim, ndim): returns it in [0, ndim). */
int adti_check_dim(const char *fn, const adt_tensor *t, int dim);
/* The numpy broadcast of two shapes into (*ndim, shape), or adt_error
 * ("adt_add: shapes [2, 3] and [4] cannot be broadcast"). */
void adti_broadcast_shape(const char *fn, int ndim_a, const int64_t *shape_a, int ndim_b, const int64_t *shape_b,
                          int *ndim, int64_t *shape);
/* Product of the sizes; the caller has checked the shape. */
int64_t adti_numel(int ndim, const int64_t *shape);

/* ---- construction (adt_tensor.c) ---- */
/* A new contiguous tensor; checks dt and the shape (fn names the caller in
 * errors); zeroed if asked (calloc).
 * Its storage header and data are one allocation: release storage only
 * through adt_free. */
adt_tensor *adti_new(const char *fn, adt_dtype dt, int ndim, const int64_t *shape, int zeroed);
/* As adti_new (not zeroed) but NULL when the allocation fails, for callers
 * that must release what they hold before reporting. */
adt_tensor *adti_try_new(adt_dtype dt, int ndim, const int64_t *shape);
/* As adti_new, on the device of `on` (checked by the caller). */
adt_tensor *adti_new_on(const char *fn, const adt_tensor *on, adt_dtype dt, int ndim, const int64_t *shape,
                        int zeroed);
/* A new tensor sharing base's storage with the given geometry (unchecked:
 * the caller guarantees it stays inside the storage). */
adt_tensor *adti_new_view(const adt_tensor *base, int ndim, const int64_t *shape, const int64_t *stride,
                          int64_t offset);
/* Row-major strides of a contiguous tensor of this shape. */
void adti_contiguous_strides(int ndim, const int64_t *shape, int64_t *stride);
/* Inserts a size-1 dimension at dim (0..ndim) into a borrowed copy of a
 * tensor (`adt_tensor v = *t;`): only the metadata changes. */
void adti_unsqueeze(adt_tensor *v, int dim);
/* A borrowed copy of r (a reduction's result) with dim put back as size 1. */
static inline adt_tensor adti_keepdim_view(const adt_tensor *r, int dim, int keepdim)
{
    adt_tensor v = *r;
    if (!keepdim)
        adti_unsqueeze(&v, dim);
    return v;
}

/* ---- devices (adt_device.c) ---- */
/* ADT_CUDA when every non-NULL tensor of the n given is on the CUDA
 * device, ADT_CPU when every one is on the CPU (or none is given), else
 * adt_error("<fn>: tensors on different devices (...)"). */
adt_device adti_device_of(const char *fn, int n, ...);
/* The CUDA device the runtime works on (cudaGetDevice; 0 without CUDA). */
int adti_cuda_current_device(void);

/* The hook at the top of an op ported to CUDA (cuda/adt_cuda.h): when its
 * tensors are on the device, return what the CUDA version returns (or, for
 * ADTI_CUDA_DO, run it and return). In a build without CUDA (ADCC_CUDA not
 * defined) no tensor is on the device and the hooks are empty.
 *     ADTI_CUDA_RETURN(adcu_add(a, b), "adt_add", 2, a, b);  */
#ifdef ADCC_CUDA
#include "adt_cuda.h"
#define ADTI_CUDA_RETURN(call, ...)                                                                                \
    do {                                                                                                           \
        if (adti_device_of(__VA_ARGS__) == ADT_CUDA)                                                               \
            return call;                                                                                           \
    } while (0)
#define ADTI_CUDA_DO(call, ...)                                                                                    \
    do {                                                                                                           \
        if (adti_device_of(__VA_ARGS__) == ADT_CUDA) {                                                             \
            call;                                                                                                  \
            return;                                                                                                \
        }                                                                                                          \
    } while (0)
#else
#define ADTI_CUDA_RETURN(call, ...) ((void)0)
#define ADTI_CUDA_DO(call, ...) ((void)0)
#endif

/* ---- matrix products' argument checks (adt_linalg.c; cuda/adcu_linalg.c
 * too), on either device ---- */
/* a [m, k] and b [k, n]; *shape gets [m, n]. */
void adti_check_matmul(const char *fn, const adt_tensor *a, const adt_tensor *b, int64_t *shape);
/* x [n, in], w [out, in], bias [out] or NULL; *shape gets [n, out]. */
void adti_check_linear(const char *fn, const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias,
                       int64_t *shape);
/* a [B, m, k] and b [B, k, n]; *shape gets [B, m, n]. */
void adti_check_bmm(const char *fn, const adt_tensor *a, const adt_tensor *b, int64_t *shape);
/* An adjoint or seed d (skipped when NULL) with `of`'s dtype and the shape. */
void adti_check_like(const char *fn, const char *arg, const adt_tensor *d, const char *what,
                     const adt_tensor *of, int ndim, const int64_t *shape);

/* ---- convolution and pooling: geometry and argument checks (adt_conv.c;
 * cuda/adcu_conv.c too) ----
 * check is how each tensor argument is checked: adti_check_tensor in the
 * CPU code (it rejects device tensors), adti_check_meta on the device. */
typedef void (*adti_tensor_check)(const char *fn, const char *arg, const adt_tensor *t);
/* The geometry of one convolution. */
typedef struct adti_conv {
    adt_dtype dt;
    int64_t n, c, h, w; /* x [n, c, h, w] */
    int64_t o, kh, kw;  /* weights [o, c, kh, kw] */
    int64_t oh, ow;     /* result [n, o, oh, ow] */
    int64_t stride, pad;
    int64_t ckk, ohw;   /* c kh kw: rows of the im2col columns; oh ow: their width */
} adti_conv;
/* x [n, c, h, w], w [o, c, kh, kw], bias [o] or NULL, stride >= 1,
 * padding >= 0, the kernel within the padded input; *g gets the geometry. */
void adti_check_conv(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *w,
                     const adt_tensor *bias, int stride, int padding, adti_conv *g);
/* The seed d_ret (the result's shape) and the adjoints d_x, d_w, d_bias
 * (each may be NULL; d_bias only with a bias) of conv2d_pb. */
void adti_check_conv_pb(const char *fn, adti_tensor_check check, const adti_conv *g, const adt_tensor *x,
                        const adt_tensor *d_x, const adt_tensor *w, const adt_tensor *d_w, const adt_tensor *bias,
                        const adt_tensor *d_bias, const adt_tensor *d_ret);
/* conv2d's forward rule: as adti_check_conv, and the tangents t_x, t_w,
 * t_bias (each may be NULL; t_bias only with a bias) like their inputs. */
void adti_check_conv_pf(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *t_x,
                        const adt_tensor *w, const adt_tensor *t_w, const adt_tensor *bias, const adt_tensor *t_bias,
                        int stride, int padding, adti_conv *g);
/* Pooling: k x k windows, stride apart, no padding. */
typedef struct adti_pool {
    adt_dtype dt;
    int64_t n, c, h, w; /* x */
    int64_t oh, ow;     /* result [n, c, oh, ow] */
    int64_t k, stride;
} adti_pool;
/* x [n, c, h, w], k >= 1, stride >= 1, the window within the input. */
void adti_check_pool(const char *fn, adti_tensor_check check, const adt_tensor *x, int k, int stride, adti_pool *p);
/* A pooling's forward rule: as adti_check_pool, and t_x (may be NULL) like x. */
void adti_check_pool_pf(const char *fn, adti_tensor_check check, const adt_tensor *x, const adt_tensor *t_x, int k,
                        int stride, adti_pool *p);
/* The seed d_ret (the result's shape) and the adjoint d_x (may be NULL). */
void adti_check_pool_pb(const char *fn, adti_tensor_check check, const adti_pool *p, const adt_tensor *x,
                        const adt_tensor *d_x, const adt_tensor *d_ret);

/* ---- reductions over one dimension (adt_reduce.c, cuda/adcu_ops.c) ---- */
/* The result's shape: a's with dim set to 1 (keepdim) or removed; its ndim. */
static inline int adti_reduced_shape(const adt_tensor *a, int dim, int keepdim, int64_t *shape)
{
    int n = 0;
    for (int d = 0; d < a->ndim; d++) {
        if (d != dim)
            shape[n++] = a->shape[d];
        else if (keepdim)
            shape[n++] = 1;
    }
    return n;
}

/* ---- softmax, the losses and max: argument checks (adt_loss.c,
 * adt_reduce.c; cuda/adcu_loss.c too) ----
 * check is how each tensor argument is checked, as for convolutions:
 * adti_check_tensor in the CPU code, adti_check_meta on the device. */
/* A reduction's pullback over dim: d_ret with the result's shape, d_a (when
 * given) with a's, both of a's dtype; returns dim in [0, ndim). */
int adti_check_reduce_pb(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                         int dim, int keepdim, const adt_tensor *d_ret);
/* max over dim: dim in range and not of size 0; returns it in [0, ndim). */
int adti_check_max(const char *fn, adti_tensor_check check, const adt_tensor *a, int dim);
/* softmax's pullback: d_ret and d_a (when given) with a's shape and dtype;
 * returns dim in [0, ndim). */
int adti_check_softmax_pb(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                          int dim, const adt_tensor *d_ret);
/* logits [n, classes] and labels [n] (of either dtype); the labels' values
 * are the caller's to check, each with adti_check_label. */
void adti_check_cross_entropy(const char *fn, adti_tensor_check check, const adt_tensor *logits,
                              const adt_tensor *labels);
/* labels[i] = v is a class index in [0, classes). */
void adti_check_label(const char *fn, int64_t i, double v, int64_t classes);
/* mse: a and b of one dtype and shape, the adjoints d_a, d_b (each may be
 * NULL) with their operand's. */
void adti_check_mse(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                    const adt_tensor *b, const adt_tensor *d_b);

/* ---- strided matrices: gemm operands (adt_linalg.c, cuda/adcu_linalg.c) ---- */
/* Element (i, j) lies at data + (i rs + j cs) elements. */
typedef struct adti_mat {
    void *data;
    int64_t rows, cols;
    int64_t rs, cs;
} adti_mat;

static inline adti_mat adti_mat_t(adti_mat m)
{
    adti_mat t = {m.data, m.cols, m.rows, m.cs, m.rs};
    return t;
}

static inline int64_t adti_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* Whether m is a row-major matrix with a valid leading dimension (sizes of
 * 1 may have any stride); *ld gets it. */
static inline int adti_row_major(adti_mat m, int64_t *ld)
{
    if (m.cols > 1 && m.cs != 1)
        return 0;
    if (m.rows <= 1) {
        *ld = adti_max64(1, m.cols);
        return 1;
    }
    *ld = m.rs;
    return m.rs >= adti_max64(1, m.cols);
}

static inline int adti_col_major(adti_mat m, int64_t *ld)
{
    return adti_row_major(adti_mat_t(m), ld);
}

/* How c = a b + beta c runs on a row-major BLAS (cblas, or cuBLAS through
 * the transposed product). A column-major c is turned into its transpose
 * first (c^T = b^T a^T, *c, *a, *b rewritten); *ldc gets c's leading
 * dimension. Sizes past INT_MAX are an error (BLAS takes int sizes). */
typedef enum { ADTI_GEMM_EMPTY, ADTI_GEMM_VIA_TEMP, ADTI_GEMM_ZERO_K, ADTI_GEMM_DIRECT } adti_gemm_way;
static inline adti_gemm_way adti_gemm_plan(const char *blas, adti_mat *c, adti_mat *a, adti_mat *b, int64_t *ldc)
{
    if (c->rows == 0 || c->cols == 0)
        return ADTI_GEMM_EMPTY;
    if (!adti_row_major(*c, ldc) && adti_col_major(*c, ldc)) {
        adti_mat at = adti_mat_t(*a);
        *a = adti_mat_t(*b);
        *b = at;
        *c = adti_mat_t(*c);
    }
    if (c->rows > INT_MAX || c->cols > INT_MAX || a->cols > INT_MAX)
        adt_error("gemm: a product of %lld x %lld x %lld is too large for %s's int sizes", (long long)c->rows,
                  (long long)c->cols, (long long)a->cols, blas);
    if (!adti_row_major(*c, ldc) || *ldc > INT_MAX)
        return ADTI_GEMM_VIA_TEMP;   /* no unit stride (rare adjoint layouts) */
    return a->cols == 0 ? ADTI_GEMM_ZERO_K : ADTI_GEMM_DIRECT;
}

/* ---- element access ---- */
/* Pointer to t's first element (storage data + offset). */
static inline void *adti_data(const adt_tensor *t)
{
    return (char *)t->storage->data + (size_t)t->offset * adti_dtype_size(t->dtype);
}

/* The element at off (in elements, relative to adti_data) as a double. */
static inline double adti_read(const adt_tensor *t, int64_t off)
{
    if (t->dtype == ADT_F32)
        return ((const float *)adti_data(t))[off];
    return ((const double *)adti_data(t))[off];
}

static inline void adti_write(adt_tensor *t, int64_t off, double v)
{
    if (t->dtype == ADT_F32)
        ((float *)adti_data(t))[off] = (float)v;
    else
        ((double *)adti_data(t))[off] = v;
}

/* ---- the strided iterator (adt_tensor.c) ----
 * Walks an iteration shape in row-major order, one innermost row at a
 * time, for up to ADTI_ITER_MAX operands at once. Each operand has its own
 * strides over the iteration shape: 0 repeats it (broadcast, or reduction
 * into it when written). Dimensions of size 1 are dropped and dimensions
 * every operand walks contiguously are merged, so same-shape contiguous
 * operands give a single row of numel elements.
 *
 *     adti_iter it;
 *     adti_iter_init(&it, out->ndim, out->shape, 2, (const adt_tensor *[]){out, a});
 *     while (adti_iter_next(&it))
 *         for (int64_t i = 0; i < it.n; i++)
 *             o[it.off[0] + i * it.step[0]] = f(x[it.off[1] + i * it.step[1]]);
 *
 * off[k] is in elements relative to adti_data(operand k). */
#define ADTI_ITER_MAX 4
typedef struct adti_iter {
    int nops;
    int ndim; /* outer dimensions left after merging (the row is extra) */
    int64_t shape[ADT_MAX_DIMS];
    int64_t stride[ADTI_ITER_MAX][ADT_MAX_DIMS];
    int64_t index[ADT_MAX_DIMS];
    int64_t rows_left;
    int64_t n;                    /* row length */
    int64_t step[ADTI_ITER_MAX];  /* row stride per operand */
    int64_t off[ADTI_ITER_MAX];   /* the current row's first element per operand */
    int started;
} adti_iter;

/* Operands are tensors whose shapes broadcast to (ndim, shape): at most
 * ndim dimensions, aligned at the end, each equal or 1. Unchecked. */
void adti_iter_init(adti_iter *it, int ndim, const int64_t *shape, int nops, const adt_tensor *const *ops);
/* As adti_iter_init with explicit strides per operand. */
void adti_iter_init_strides(adti_iter *it, int ndim, const int64_t *shape, int nops,
                            const int64_t (*strides)[ADT_MAX_DIMS]);
/* Moves to the next row (the first on the first call); 0 when done. */
int adti_iter_next(adti_iter *it);

/* Lines along one dimension (adt_loss.c; cuda/adcu_loss.c): every position
 * of `of`'s other dimensions (ndim, shape; operand k's strides stride[k])
 * starts a line of len elements, operand k's step[k] apart. Unused
 * operands' strides and steps are 0. */
typedef struct adti_lines {
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    int64_t stride[ADTI_ITER_MAX][ADT_MAX_DIMS];
    int64_t len;
    int64_t step[ADTI_ITER_MAX];
} adti_lines;
/* The lines along dim (in range) of nops operands with `of`'s sizes in the
 * other dimensions. */
void adti_lines_of(adti_lines *l, const adt_tensor *of, int dim, int nops, const adt_tensor *const *ops);
/* The strides of t broadcast to (ndim, shape): 0 in added or size-1 dims. */
void adti_broadcast_strides(const adt_tensor *t, int ndim, const int64_t *shape, int64_t *stride);

/* ---- accumulation (adt_tensor.c) ----
 * dst += alpha * src over the broadcast of the two shapes: dimensions where
 * src is 1 are repeated, dimensions where dst is 1 (or missing) are summed
 * into it. Same dtype; fn names the caller in errors. On the CUDA device
 * (both tensors there) it is adcu_acc. */
void adti_acc(const char *fn, adt_tensor *dst, double alpha, const adt_tensor *src);

/* ---- temporaries of a second-order rule (adt_second*.c), released together ---- */
#define ADTI_MAX_TEMPS 24
typedef struct adti_temps {
    adt_tensor *t[ADTI_MAX_TEMPS];
    int n;
} adti_temps;
/* Records t (a new reference) for adti_release and returns it. */
adt_tensor *adti_keep(adti_temps *k, adt_tensor *t);
void adti_release(adti_temps *k);
/* dst += src, src summed down to dst's shape; nothing when either is NULL. */
void adti_acc_opt(adt_tensor *dst, const adt_tensor *src);
/* A tangent t (NULL: zero) of input x must have x's shape, dtype and device. */
void adti_check_tangent(const char *fn, const char *arg, const adt_tensor *t, const char *of, const adt_tensor *x);

/* ---- forward rules written with ops (adt_forward_ops.c): what the CPU's
 * fused forward rules of these ops run for tensors on the CUDA device ---- */
adt_tensor *adti_sum_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim,
                            adt_tensor **t_ret, int mean);
double adti_sum_all_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, double *t_ret, int mean);
adt_tensor *adti_max_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim,
                            adt_tensor **t_ret);
/* matmul's, or bmm's when batched. */
adt_tensor *adti_product_pf_ops(const char *fn, int batched, const adt_tensor *a, const adt_tensor *t_a,
                                const adt_tensor *b, const adt_tensor *t_b, adt_tensor **t_ret);
adt_tensor *adti_linear_pf_ops(const char *fn, const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w,
                               const adt_tensor *t_w, const adt_tensor *bias, const adt_tensor *t_bias,
                               adt_tensor **t_ret);
adt_tensor *adti_softmax_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim,
                                adt_tensor **t_ret, int take_log);
double adti_cross_entropy_pf_ops(const char *fn, const adt_tensor *logits, const adt_tensor *t_logits,
                                 const adt_tensor *labels, const adt_tensor *t_labels, double *t_ret);
double adti_mse_loss_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b,
                            const adt_tensor *t_b, double *t_ret);

#endif
