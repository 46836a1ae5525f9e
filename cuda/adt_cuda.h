/* adt_cuda.h: the CUDA backend of the tensor runtime, as the runtime's
 * adt_*.c files call it (through the ADTI_CUDA_* hooks of internal.h, only
 * in a build with ADCC_CUDA) and as cuda/'s own files share it. Not
 * installed; users see only adt.h (adt_to, adt_device_of, docs/cuda.md).
 *
 * Three layers, one file each:
 *   adcu_memory.cu   the device, its caching allocator, host<->device copies
 *   adcu_kernels.cu  the elementwise and reduction kernels (grid-stride
 *                    loops over a strided geometry, adcu_geom)
 *   adcu_ops.c       the tensor ops on the device and their pullbacks,
 *   adcu_linalg.c    matmul and linear on cuBLAS
 * The op files are C and reuse the CPU ops' shape logic (internal.h). */
#ifndef ADT_CUDA_H
#define ADT_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "adt.h"

/* ---- the device and its memory (adcu_memory.cu) ---- */
/* Number of usable CUDA devices (cudaGetDeviceCount, asked once); 0 when
 * it fails, with the reason in adcu_no_device_reason(). */
int adcu_device_count(void);
const char *adcu_no_device_reason(void);
/* nbytes of device memory from the cache (size classes as adt_cache.c's,
 * from 512 bytes), else cudaMalloc; when that fails the cache is emptied
 * and cudaMalloc tried once more before adt_error("<fn>: out of CUDA
 * memory allocating N bytes ..."). Zero bytes get a block too. */
void *adcu_alloc(const char *fn, size_t nbytes);
/* Gives p (from adcu_alloc of nbytes) back to the cache; NULL is a no-op. */
void adcu_free(void *p, size_t nbytes);
void adcu_empty_cache(void);
void adcu_get_cache_stats(adt_cache_stats *out);
/* The current device (cudaGetDevice). */
int adcu_current_device(void);
/* cudaDeviceSynchronize, when there is a device. */
void adcu_synchronize(void);
void adcu_copy_to_host(void *dst, const void *src, size_t nbytes);
void adcu_copy_to_device(void *dst, const void *src, size_t nbytes);
/* adt_error("<what>: <CUDA's message>") when err (a cudaError_t) is not 0. */
void adcu_check(const char *what, int err);

/* ---- kernels (adcu_kernels.cu) ----
 * A geometry: ndim dimensions (at least 1) of the given sizes, numel
 * elements in all, and per operand k its strides in elements; each
 * operand pointer is its first element (data + offset). */
#define ADCU_MAX_OPS 4
typedef struct adcu_geom {
    int ndim;
    int64_t numel;
    int64_t shape[ADT_MAX_DIMS];
    int64_t stride[ADCU_MAX_OPS][ADT_MAX_DIMS];
} adcu_geom;

/* sync: UnaryOp in runtime/adt_elementwise.c (same order) */
typedef enum {
    ADCU_NEG, ADCU_EXP, ADCU_LOG, ADCU_SQRT, ADCU_TANH, ADCU_SIGMOID, ADCU_RELU,
    ADCU_ADD_S, ADCU_MUL_S, ADCU_POW_S, ADCU_CLAMP
} adcu_unary_op;
/* sync: BinaryOp in runtime/adt_binary.c (same order) */
typedef enum { ADCU_ADD, ADCU_SUB, ADCU_MUL, ADCU_DIV } adcu_binary_op;
/* The binary rules: d(a b)/da = b, d(a b)/db = a, d(a/b)/da = 1/b,
 * d(a/b)/db = -a/b^2, each times the seed g. */
typedef enum { ADCU_MUL_DA, ADCU_MUL_DB, ADCU_DIV_DA, ADCU_DIV_DB } adcu_rule;

/* The launch geometry of nops operands broadcast to (ndim, shape), built by
 * the CPU's iterator (adti_iter_init: contiguous dimensions merged), or of
 * operands with the given strides (adti_iter_init_strides). */
adcu_geom adcu_geom_of(int ndim, const int64_t *shape, int nops, const adt_tensor *const *ops);
adcu_geom adcu_geom_of_strides(int ndim, const int64_t *shape, int nops, const int64_t (*strides)[ADT_MAX_DIMS]);

/* o = op(a); ops {o, a}; s is add/mul/pow's scalar, lo and hi clamp's. */
void adcu_k_unary(adcu_unary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g, double s, double lo,
                  double hi);
/* d += g op'(a); ops {d, a, g}. */
void adcu_k_unary_grad(adcu_unary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g, double s, double lo,
                       double hi);
/* o = g dop/dp_k(a) for the scalar parameter k (s or lo: 0, hi: 1); ops {o, a, g}. */
void adcu_k_unary_param(adcu_unary_op op, int k, adt_dtype dt, void *const *ops, const adcu_geom *g, double s,
                        double lo, double hi);
/* o = a op b; ops {o, a, b}. */
void adcu_k_binary(adcu_binary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g);
/* d = rule(g, a, b) (accumulate 0) or d += rule(g, a, b); ops {d, g, a, b}. */
void adcu_k_rule(adcu_rule r, adt_dtype dt, void *const *ops, const adcu_geom *g, int accumulate);
/* y = x converted from dtype src to dtype dst (a copy when they agree); ops {y, x}. */
void adcu_k_convert(adt_dtype dst, adt_dtype src, void *const *ops, const adcu_geom *g);
/* y = alpha x + beta y (beta 0: y is not read); ops {y, x}. */
void adcu_k_axpby(adt_dtype dt, void *const *ops, const adcu_geom *g, double alpha, double beta);
/* y = v (accumulate 0) or y += v; ops {y}. */
void adcu_k_fill(adt_dtype dt, void *const *ops, const adcu_geom *g, double v, int accumulate);
/* For each element of outer (ops {out, in}): out (+)= alpha * the sum of
 * in over inner (its strides in stride[1]), summed in double. */
void adcu_k_reduce(adt_dtype dt, void *out, const void *in, const adcu_geom *outer, const adcu_geom *inner,
                   double alpha, int accumulate);

/* ---- tensors and ops on the device (adcu_ops.c) ----
 * Each takes tensors on the device (the hook has checked) and reports
 * errors as the CPU op does, naming fn. */
adt_tensor *adcu_new(const char *fn, adt_dtype dt, int ndim, const int64_t *shape, int zeroed);
adt_tensor *adcu_clone(const char *fn, const adt_tensor *t);
/* t itself, retained, when contiguous, else adcu_clone. */
adt_tensor *adcu_contiguous(const char *fn, const adt_tensor *t);
void adcu_fill_(adt_tensor *t, double value);
/* dst = src, converting between dtypes where they differ. */
void adcu_copy_(adt_tensor *dst, const adt_tensor *src);
/* A new contiguous copy of t in dtype dt (adt_to_dtype). */
adt_tensor *adcu_to_dtype(const adt_tensor *t, adt_dtype dt);
/* dst += alpha src over the broadcast of the two shapes, summing src down
 * where dst is 1 or missing (adti_acc on the device). */
void adcu_acc(const char *fn, adt_tensor *dst, double alpha, const adt_tensor *src);

adt_tensor *adcu_unary(const char *fn, adcu_unary_op op, const adt_tensor *a, double s, double lo, double hi);
/* d_a += d_ret op'(a); d_p0, d_p1 += sum(d_ret dop/dp) (each may be NULL). */
void adcu_unary_pb(const char *fn, adcu_unary_op op, const adt_tensor *a, adt_tensor *d_a, double *d_p0,
                   double *d_p1, const adt_tensor *d_ret, double s, double lo, double hi);
/* The forward rule: y = op(a), *t_ret = t_a op'(a) + t_p0 dop/dp0 + t_p1 dop/dp1
 * (t_a may be NULL: zero). */
adt_tensor *adcu_unary_pf(const char *fn, adcu_unary_op op, const adt_tensor *a, const adt_tensor *t_a, double t_p0,
                          double t_p1, adt_tensor **t_ret, double s, double lo, double hi);
adt_tensor *adcu_binary(const char *fn, adcu_binary_op op, const adt_tensor *a, const adt_tensor *b);
/* The forward rule of a op b; t_a, t_b may be NULL (zero). */
adt_tensor *adcu_binary_pf(const char *fn, adcu_binary_op op, const adt_tensor *a, const adt_tensor *t_a,
                           const adt_tensor *b, const adt_tensor *t_b, adt_tensor **t_ret);
void adcu_binary_pb(const char *fn, adcu_binary_op op, const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b,
                    adt_tensor *d_b, const adt_tensor *d_ret);
/* sum (mean 0) or mean (mean 1) over dim, and its pullback. */
adt_tensor *adcu_sum(const char *fn, const adt_tensor *a, int dim, int keepdim, int mean);
void adcu_sum_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret,
                 int mean);
/* sum (mean 0) or mean (mean 1) of all elements, and its pullback (d_a += the seed / n). */
double adcu_sum_all(const char *fn, const adt_tensor *a, int mean);
void adcu_sum_all_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, double d_ret, int mean);

/* ---- linear algebra on cuBLAS (adcu_linalg.c) ---- */
adt_tensor *adcu_matmul(const adt_tensor *a, const adt_tensor *b);
void adcu_matmul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b,
                    const adt_tensor *d_ret);
adt_tensor *adcu_linear(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias);
void adcu_linear_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                    const adt_tensor *bias, adt_tensor *d_bias, const adt_tensor *d_ret);

/* ---- training: optimiser steps and the loader's gather (adcu_train.c, adcu_train.cu) ---- */
/* Adam's hyperparameters for one step: step_size = lr / (1 - b1^t),
 * inv_sqrt_c2 = 1 / sqrt(1 - b2^t). */
typedef struct adcu_adam {
    double beta1, beta2, eps, weight_decay, step_size, inv_sqrt_c2;
} adcu_adam;
/* One SGD step of p (ops {p, grad, buf}; buf NULL without momentum). */
void adcu_k_sgd(adt_dtype dt, void *const *ops, const adcu_geom *g, double lr, double mu, double wd);
/* One Adam step of p (ops {p, grad, m, v}). */
void adcu_k_adam(adt_dtype dt, void *const *ops, const adcu_geom *g, const adcu_adam *h);
/* Row i of dst = row perm[i] of src, n rows of row_bytes (a multiple of 4);
 * perm is in device memory. */
void adcu_k_gather_rows(void *dst, const void *src, const int64_t *perm, int64_t n, size_t row_bytes);
/* The optimisers' steps on device tensors of one shape and dtype
 * (adt_optim.c has checked them); buf may be NULL. */
void adcu_sgd_step(adt_tensor *p, const adt_tensor *g, adt_tensor *buf, double lr, double mu, double wd);
void adcu_adam_step(adt_tensor *p, const adt_tensor *g, adt_tensor *m, adt_tensor *v, const adcu_adam *h);
/* Row i of dst = row perm[i] of src (contiguous device tensors of one
 * shape, n rows); perm is on the host. */
void adcu_gather_rows(adt_tensor *dst, const adt_tensor *src, const int64_t *perm, int64_t n);

/* ---- convolution and pooling (adcu_conv.c on cuDNN, adcu_pool.cu) ---- */
/* conv2d and its pullback (adt_conv2d, adt_conv2d_pb on device tensors). */
adt_tensor *adcu_conv2d(const adt_tensor *x, const adt_tensor *w, const adt_tensor *bias, int stride, int padding);
void adcu_conv2d_pb(const adt_tensor *x, adt_tensor *d_x, const adt_tensor *w, adt_tensor *d_w,
                    const adt_tensor *bias, adt_tensor *d_bias, int stride, int padding, const adt_tensor *d_ret);
typedef enum { ADCU_POOL_MAX, ADCU_POOL_AVG } adcu_pool_op;
/* A pooling for the kernels: x [n, c, h, w], k x k windows step apart, the
 * result [n, c, oh, ow]; stride[k] are the strides (in elements) of operand
 * k: 0 x, 1 the result (forward) or d_x (backward), 2 d_ret (backward). */
typedef struct adcu_pool_geom {
    int64_t n, c, h, w;
    int64_t oh, ow;
    int64_t k, step;
    int64_t stride[3][4];
} adcu_pool_geom;
/* y = each window's first maximum (max) or mean (avg). */
void adcu_k_pool(adcu_pool_op op, adt_dtype dt, const adcu_pool_geom *g, void *y, const void *x);
/* d_x += the seeds of the windows containing each element: max routes a
 * window's seed to its first maximum, avg spreads seed / k^2. */
void adcu_k_pool_grad(adcu_pool_op op, adt_dtype dt, const adcu_pool_geom *g, void *d_x, const void *x,
                      const void *d_ret);
/* Max pooling's forward rule: y as adcu_k_pool's max, t = t_x at each
 * window's first maximum (t_x's strides in g->stride[2], t has y's). */
void adcu_k_max_pool_pf(adt_dtype dt, const adcu_pool_geom *g, void *y, const void *x, void *t, const void *t_x);
/* conv2d's forward rule (adt_conv2d_pf on device tensors). */
adt_tensor *adcu_conv2d_pf(const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w, const adt_tensor *t_w,
                           const adt_tensor *bias, const adt_tensor *t_bias, int stride, int padding,
                           adt_tensor **t_ret);
/* max or avg pooling's forward rule (adt_max_pool2d_pf, adt_avg_pool2d_pf). */
adt_tensor *adcu_pool_pf(const char *fn, adcu_pool_op op, const adt_tensor *x, const adt_tensor *t_x, int k,
                         int stride, adt_tensor **t_ret);
/* max or avg pooling and its pullback (adt_max_pool2d, adt_avg_pool2d, their _pb). */
adt_tensor *adcu_pool(const char *fn, adcu_pool_op op, const adt_tensor *x, int k, int stride);
void adcu_pool_pb(const char *fn, adcu_pool_op op, const adt_tensor *x, adt_tensor *d_x, int k, int stride,
                  const adt_tensor *d_ret);

/* ---- softmax, the losses, max and bmm (adcu_rows.cu, adcu_loss.c, adcu_linalg.c) ----
 * Lines along one dimension: outer walks every position of the other
 * dimensions (operand k's strides in outer.stride[k]); from position o,
 * operand k's line has len elements, step[k] apart. A short line is one
 * thread's work, a long one a block's. Sums are in double. */
typedef struct adcu_lines {
    adcu_geom outer;
    int64_t len;
    int64_t step[ADCU_MAX_OPS];
} adcu_lines;
/* What adcu_k_max does with the first maximum of each line of a (a NaN
 * counts as the maximum), as adt_reduce.c's first_max. */
typedef enum { ADCU_MAX_VALUE, ADCU_MAX_INDEX, ADCU_MAX_GRAD } adcu_max_mode;
/* How many partial sums adcu_k_sq_diff_sum needs room for. */
#define ADCU_PARTIALS 1024

/* y = softmax(x), or log_softmax(x) (take_log), along each line; ops {y, x}. */
void adcu_k_softmax(adt_dtype dt, void *const *ops, const adcu_lines *l, int take_log);
/* d += the pullback of softmax (or log_softmax) at x of the seed g; ops {d, x, g}. */
void adcu_k_softmax_pb(adt_dtype dt, void *const *ops, const adcu_lines *l, int take_log);
/* ops {r, a, d}, r and d at the line's start: VALUE: r = the first maximum
 * of a's line; INDEX: r = its index; GRAD: d's element there += r (the
 * seed; d has a's line steps in step[2]). */
void adcu_k_max(adcu_max_mode mode, adt_dtype dt, void *const *ops, const adcu_lines *l);
/* Class labels: element i is data[i stride], of dtype dt (either dtype,
 * whatever the logits'). */
typedef struct adcu_labels {
    const void *data;
    adt_dtype dt;
    int64_t stride;
} adcu_labels;
/* *bad = min(*bad, i) (atomicMin) for each of the n labels that is not a
 * class index in [0, classes) (adti_check_label's test). */
void adcu_k_labels(const adcu_labels *lb, int64_t n, int64_t classes, unsigned long long *bad);
/* Cross entropy over the rows of logits x, row o being line o (the lines
 * run along the classes; their outer geometry is 1-d, the batch):
 * loss[o] = log sum_j exp x_j - x_label(o) (0 for a bad label); ops {x}. */
void adcu_k_ce_rows(adt_dtype dt, const void *x, const adcu_lines *l, const adcu_labels *lb, double *loss);
/* d_j += scale (softmax(x)_j - [j = label(o)]) along row o; ops {d, x}. */
void adcu_k_ce_pb(adt_dtype dt, void *const *ops, const adcu_lines *l, const adcu_labels *lb, double scale);
/* *out = the sum of the n doubles of v (device memory), in a fixed order. */
void adcu_k_sum_f64(const double *v, int64_t n, double *out);
/* *out = the sum of (a - b)^2 over the geometry (ops {a, b}), with up to
 * ADCU_PARTIALS partial sums in partial (device memory). */
void adcu_k_sq_diff_sum(adt_dtype dt, void *const *ops, const adcu_geom *g, double *partial, double *out);
/* d_a += k (a - b), d_b -= k (a - b); ops {a, b, d_a, d_b}, either adjoint NULL. */
void adcu_k_mse_pb(adt_dtype dt, void *const *ops, const adcu_geom *g, double k);

/* The ops, checked with the CPU ops' shared checks (internal.h); fn names the op. */
adt_tensor *adcu_softmax(const char *fn, const adt_tensor *a, int dim, int take_log);
void adcu_softmax_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret,
                     int take_log);
/* The labels' values are checked on the device; the first bad one is
 * reported as on the CPU. */
double adcu_cross_entropy(const adt_tensor *logits, const adt_tensor *labels);
void adcu_cross_entropy_pb(const adt_tensor *logits, adt_tensor *d_logits, const adt_tensor *labels,
                           adt_tensor *d_labels, double d_ret);
double adcu_mse_loss(const adt_tensor *a, const adt_tensor *b);
void adcu_mse_loss_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, double d_ret);
/* max (as_index 0) or argmax (as_index 1) along dim, and max's pullback. */
adt_tensor *adcu_max(const char *fn, const adt_tensor *a, int dim, int keepdim, int as_index);
void adcu_max_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret);
/* bmm on cuBLAS (cublasSgemmStridedBatched / cublasDgemmStridedBatched). */
adt_tensor *adcu_bmm(const adt_tensor *a, const adt_tensor *b);
void adcu_bmm_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret);

#ifdef __cplusplus
}
#endif


/* ---- what every .cu file's kernels and launchers share ---- */
#ifdef __CUDACC__
#include <cuda_runtime.h>

#define ADCU_THREADS 256
#define ADCU_MAX_BLOCKS 4096

/* A grid-stride loop: i runs over 0 .. n-1 across the whole grid. */
#define ADCU_GRID_STRIDE(i, n)                                                                                  \
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < (n); i += (int64_t)gridDim.x * blockDim.x)

/* The operands' element offsets of element i of the geometry g. */
template <int NOPS>
__device__ inline void adcu_offsets(const adcu_geom &g, int64_t i, int64_t *off)
{
    for (int k = 0; k < NOPS; k++)
        off[k] = 0;
    for (int d = g.ndim - 1; d >= 0; d--) {
        int64_t idx = i % g.shape[d];
        i /= g.shape[d];
        for (int k = 0; k < NOPS; k++)
            off[k] += idx * g.stride[k][d];
    }
}

/* Blocks of ADCU_THREADS for n grid-stride iterations: at least 1, at most ADCU_MAX_BLOCKS. */
static inline int adcu_blocks_for(int64_t n)
{
    int64_t b = (n + ADCU_THREADS - 1) / ADCU_THREADS;
    return (int)(b < 1 ? 1 : b > ADCU_MAX_BLOCKS ? ADCU_MAX_BLOCKS : b);
}

/* adt_error("<what>: ...") when the last launch failed. */
static inline void adcu_check_launch(const char *what)
{
    adcu_check(what, (int)cudaGetLastError());
}
#endif

#endif
