/* adcu_kernels.cu: the CUDA kernels of the tensor runtime's elementwise ops
 * and reductions, and their launchers (adt_cuda.h). Each kernel is a
 * grid-stride loop over a strided geometry (adcu_geom): element i's offset
 * in each operand comes from i's index in the shape, so broadcast (stride
 * 0) and non-contiguous operands need no copies. The math of each op is
 * the CPU's (runtime/adt_elementwise.c, adt_binary.c), per dtype. What the
 * ops mean and which shapes they take is adcu_ops.c's business. */
#include "adt_cuda.h"

/* ---- unary ops: value, derivative, derivative in the parameters ---- */

struct UnaryArgs {
    adcu_unary_op op;
    double s, lo, hi;
};

template <typename T>
__device__ inline T unary_value(const UnaryArgs &u, T x)
{
    switch (u.op) {
    case ADCU_NEG: return -x;
    case ADCU_EXP: return exp(x);
    case ADCU_LOG: return log(x);
    case ADCU_SQRT: return sqrt(x);
    case ADCU_TANH: return tanh(x);
    case ADCU_SIGMOID: return (T)1 / ((T)1 + exp(-x));
    case ADCU_RELU: return x > 0 ? x : (T)0;
    case ADCU_ADD_S: return x + (T)u.s;
    case ADCU_MUL_S: return x * (T)u.s;
    case ADCU_POW_S: return u.s == 2 ? x * x : pow(x, (T)u.s);
    case ADCU_CLAMP: return x < (T)u.lo ? (T)u.lo : x > (T)u.hi ? (T)u.hi : x;
    }
    return 0;
}

/* d op(x) / dx; pow's 0 exponent has derivative 0 even at x = 0. */
template <typename T>
__device__ inline T unary_grad(const UnaryArgs &u, T x)
{
    switch (u.op) {
    case ADCU_NEG: return (T)-1;
    case ADCU_EXP: return exp(x);
    case ADCU_LOG: return (T)1 / x;
    case ADCU_SQRT: return (T)0.5 / sqrt(x);
    case ADCU_TANH: { T t = tanh(x); return (T)1 - t * t; }
    case ADCU_SIGMOID: { T s = (T)1 / ((T)1 + exp(-x)); return s * ((T)1 - s); }
    case ADCU_RELU: return x > 0 ? (T)1 : (T)0;
    case ADCU_ADD_S: return (T)1;
    case ADCU_MUL_S: return (T)u.s;
    case ADCU_POW_S: return u.s == 0 ? (T)0 : u.s == 2 ? (T)2 * x : (T)u.s * pow(x, (T)(u.s - 1.0));
    case ADCU_CLAMP: return x >= (T)u.lo && x <= (T)u.hi ? (T)1 : (T)0;
    }
    return 0;
}

/* d op(x) / d(parameter k), in double as on the CPU; pow: x^p log x, 0 at
 * x = 0 for p >= 0. */
__device__ inline double unary_param(const UnaryArgs &u, int k, double x)
{
    switch (u.op) {
    case ADCU_ADD_S: return 1.0;
    case ADCU_MUL_S: return x;
    case ADCU_POW_S: return x == 0 && u.s >= 0 ? 0.0 : pow(x, u.s) * log(x);
    case ADCU_CLAMP: return k == 0 ? (x < u.lo ? 1.0 : 0.0) : (x > u.hi ? 1.0 : 0.0);
    case ADCU_NEG: case ADCU_EXP: case ADCU_LOG: case ADCU_SQRT: case ADCU_TANH: case ADCU_SIGMOID:
    case ADCU_RELU:
        break;
    }
    return 0;
}

template <typename T>
__global__ void unary_kernel(UnaryArgs u, adcu_geom g, T *o, const T *a)
{
    int64_t off[2];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<2>(g, i, off);
        o[off[0]] = unary_value(u, a[off[1]]);
    }
}

template <typename T>
__global__ void unary_grad_kernel(UnaryArgs u, adcu_geom g, T *d, const T *a, const T *gr)
{
    int64_t off[3];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<3>(g, i, off);
        d[off[0]] += gr[off[2]] * unary_grad(u, a[off[1]]);
    }
}

template <typename T>
__global__ void unary_param_kernel(UnaryArgs u, int k, adcu_geom g, T *o, const T *a, const T *gr)
{
    int64_t off[3];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<3>(g, i, off);
        double gi = (double)gr[off[2]];
        o[off[0]] = gi != 0 ? (T)(gi * unary_param(u, k, (double)a[off[1]])) : (T)0;
    }
}

extern "C" void adcu_k_unary(adcu_unary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g, double s,
                             double lo, double hi)
{
    UnaryArgs u = {op, s, lo, hi};
    switch (dt) {
    case ADT_F32:
        unary_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, *g, (float *)ops[0], (const float *)ops[1]);
        break;
    case ADT_F64:
        unary_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, *g, (double *)ops[0], (const double *)ops[1]);
        break;
    }
    adcu_check_launch("adcu_k_unary");
}

extern "C" void adcu_k_unary_grad(adcu_unary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g, double s,
                                  double lo, double hi)
{
    UnaryArgs u = {op, s, lo, hi};
    switch (dt) {
    case ADT_F32:
        unary_grad_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, *g, (float *)ops[0], (const float *)ops[1],
                                                                   (const float *)ops[2]);
        break;
    case ADT_F64:
        unary_grad_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, *g, (double *)ops[0],
                                                                    (const double *)ops[1], (const double *)ops[2]);
        break;
    }
    adcu_check_launch("adcu_k_unary_grad");
}

extern "C" void adcu_k_unary_param(adcu_unary_op op, int k, adt_dtype dt, void *const *ops, const adcu_geom *g,
                                   double s, double lo, double hi)
{
    UnaryArgs u = {op, s, lo, hi};
    switch (dt) {
    case ADT_F32:
        unary_param_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, k, *g, (float *)ops[0],
                                                                    (const float *)ops[1], (const float *)ops[2]);
        break;
    case ADT_F64:
        unary_param_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(u, k, *g, (double *)ops[0],
                                                                     (const double *)ops[1], (const double *)ops[2]);
        break;
    }
    adcu_check_launch("adcu_k_unary_param");
}

/* ---- binary ops and their rules ---- */

template <typename T>
__device__ inline T binary_value(adcu_binary_op op, T x, T y)
{
    switch (op) {
    case ADCU_ADD: return x + y;
    case ADCU_SUB: return x - y;
    case ADCU_MUL: return x * y;
    case ADCU_DIV: return x / y;
    }
    return 0;
}

template <typename T>
__device__ inline T rule_value(adcu_rule r, T g, T a, T b)
{
    switch (r) {
    case ADCU_MUL_DA: return g * b;
    case ADCU_MUL_DB: return g * a;
    case ADCU_DIV_DA: return g / b;
    case ADCU_DIV_DB: return -g * a / (b * b);
    }
    return 0;
}

template <typename T>
__global__ void binary_kernel(adcu_binary_op op, adcu_geom g, T *o, const T *a, const T *b)
{
    int64_t off[3];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<3>(g, i, off);
        o[off[0]] = binary_value(op, a[off[1]], b[off[2]]);
    }
}

template <typename T>
__global__ void rule_kernel(adcu_rule r, int accumulate, adcu_geom g, T *d, const T *gr, const T *a, const T *b)
{
    int64_t off[4];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<4>(g, i, off);
        T v = rule_value(r, gr[off[1]], a[off[2]], b[off[3]]);
        d[off[0]] = accumulate ? d[off[0]] + v : v;
    }
}

extern "C" void adcu_k_binary(adcu_binary_op op, adt_dtype dt, void *const *ops, const adcu_geom *g)
{
    switch (dt) {
    case ADT_F32:
        binary_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(op, *g, (float *)ops[0], (const float *)ops[1],
                                                               (const float *)ops[2]);
        break;
    case ADT_F64:
        binary_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(op, *g, (double *)ops[0], (const double *)ops[1],
                                                                (const double *)ops[2]);
        break;
    }
    adcu_check_launch("adcu_k_binary");
}

extern "C" void adcu_k_rule(adcu_rule r, adt_dtype dt, void *const *ops, const adcu_geom *g, int accumulate)
{
    switch (dt) {
    case ADT_F32:
        rule_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(r, accumulate, *g, (float *)ops[0],
                                                             (const float *)ops[1], (const float *)ops[2],
                                                             (const float *)ops[3]);
        break;
    case ADT_F64:
        rule_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(r, accumulate, *g, (double *)ops[0],
                                                              (const double *)ops[1], (const double *)ops[2],
                                                              (const double *)ops[3]);
        break;
    }
    adcu_check_launch("adcu_k_rule");
}

/* ---- copies, accumulation, fill ---- */

template <typename T>
__global__ void axpby_kernel(adcu_geom g, T *y, const T *x, T alpha, T beta)
{
    int64_t off[2];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<2>(g, i, off);
        T v = alpha * x[off[1]];
        y[off[0]] = beta != 0 ? beta * y[off[0]] + v : v;
    }
}

/* y = x rounded to (or widened into) y's dtype, as a C cast does on the CPU. */
template <typename D, typename S>
__global__ void convert_kernel(adcu_geom g, D *y, const S *x)
{
    int64_t off[2];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<2>(g, i, off);
        y[off[0]] = (D)x[off[1]];
    }
}

template <typename T>
__global__ void fill_kernel(adcu_geom g, T *y, T v, int accumulate)
{
    int64_t off[1];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<1>(g, i, off);
        y[off[0]] = accumulate ? y[off[0]] + v : v;
    }
}

extern "C" void adcu_k_axpby(adt_dtype dt, void *const *ops, const adcu_geom *g, double alpha, double beta)
{
    switch (dt) {
    case ADT_F32:
        axpby_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(*g, (float *)ops[0], (const float *)ops[1],
                                                              (float)alpha, (float)beta);
        break;
    case ADT_F64:
        axpby_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(*g, (double *)ops[0], (const double *)ops[1],
                                                               alpha, beta);
        break;
    }
    adcu_check_launch("adcu_k_axpby");
}

extern "C" void adcu_k_convert(adt_dtype dst, adt_dtype src, void *const *ops, const adcu_geom *g)
{
    int blocks = adcu_blocks_for(g->numel);
    if (dst == ADT_F32 && src == ADT_F64)
        convert_kernel<float, double><<<blocks, ADCU_THREADS>>>(*g, (float *)ops[0], (const double *)ops[1]);
    else if (dst == ADT_F64 && src == ADT_F32)
        convert_kernel<double, float><<<blocks, ADCU_THREADS>>>(*g, (double *)ops[0], (const float *)ops[1]);
    else /* one dtype: a copy */
        adcu_k_axpby(dst, ops, g, 1.0, 0.0);
    adcu_check_launch("adcu_k_convert");
}

extern "C" void adcu_k_fill(adt_dtype dt, void *const *ops, const adcu_geom *g, double v, int accumulate)
{
    switch (dt) {
    case ADT_F32:
        fill_kernel<float><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(*g, (float *)ops[0], (float)v, accumulate);
        break;
    case ADT_F64:
        fill_kernel<double><<<adcu_blocks_for(g->numel), ADCU_THREADS>>>(*g, (double *)ops[0], v, accumulate);
        break;
    }
    adcu_check_launch("adcu_k_fill");
}

/* ---- reductions ----
 * Many inner elements: one block per outer element, its threads striding
 * over the inner ones, then a tree in shared memory. Few: one thread per
 * outer element, summing its inner elements in order. Sums are in double. */

template <typename T>
__device__ inline void reduce_store(T *out, int64_t at, double sum, double alpha, int accumulate)
{
    T v = (T)(alpha * sum);
    out[at] = accumulate ? out[at] + v : v;
}

template <typename T>
__global__ void reduce_block_kernel(adcu_geom outer, adcu_geom inner, T *out, const T *in, double alpha,
                                    int accumulate)
{
    __shared__ double part[ADCU_THREADS];
    for (int64_t o = blockIdx.x; o < outer.numel; o += gridDim.x) {
        int64_t ooff[2], ioff[2];
        adcu_offsets<2>(outer, o, ooff);
        double s = 0;
        for (int64_t r = threadIdx.x; r < inner.numel; r += blockDim.x) {
            adcu_offsets<2>(inner, r, ioff);
            s += (double)in[ooff[1] + ioff[1]];
        }
        part[threadIdx.x] = s;
        __syncthreads();
        for (int w = ADCU_THREADS / 2; w > 0; w /= 2) {
            if (threadIdx.x < w)
                part[threadIdx.x] += part[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0)
            reduce_store(out, ooff[0], part[0], alpha, accumulate);
        __syncthreads();
    }
}

template <typename T>
__global__ void reduce_thread_kernel(adcu_geom outer, adcu_geom inner, T *out, const T *in, double alpha,
                                     int accumulate)
{
    ADCU_GRID_STRIDE(o, outer.numel) {
        int64_t ooff[2], ioff[2];
        adcu_offsets<2>(outer, o, ooff);
        double s = 0;
        for (int64_t r = 0; r < inner.numel; r++) {
            adcu_offsets<2>(inner, r, ioff);
            s += (double)in[ooff[1] + ioff[1]];
        }
        reduce_store(out, ooff[0], s, alpha, accumulate);
    }
}

template <typename T>
static void reduce_launch(const adcu_geom *outer, const adcu_geom *inner, T *out, const T *in, double alpha,
                          int accumulate)
{
    if (inner->numel >= 64) {
        int blocks = (int)(outer->numel < ADCU_MAX_BLOCKS ? outer->numel : ADCU_MAX_BLOCKS);
        reduce_block_kernel<T><<<blocks, ADCU_THREADS>>>(*outer, *inner, out, in, alpha, accumulate);
    } else {
        reduce_thread_kernel<T><<<adcu_blocks_for(outer->numel), ADCU_THREADS>>>(*outer, *inner, out, in, alpha, accumulate);
    }
}

extern "C" void adcu_k_reduce(adt_dtype dt, void *out, const void *in, const adcu_geom *outer,
                              const adcu_geom *inner, double alpha, int accumulate)
{
    if (outer->numel == 0)
        return;
    switch (dt) {
    case ADT_F32:
        reduce_launch<float>(outer, inner, (float *)out, (const float *)in, alpha, accumulate);
        break;
    case ADT_F64:
        reduce_launch<double>(outer, inner, (double *)out, (const double *)in, alpha, accumulate);
        break;
    }
    adcu_check_launch("adcu_k_reduce");
}
