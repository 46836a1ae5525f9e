/* adcu_pool.cu: the kernels of max and average pooling on the CUDA device
 * and their launchers (adt_cuda.h; adcu_conv.c checks the arguments).
 * Forward: one thread per result element. Backward: one thread per input
 * element, which adds the seeds of the windows containing it to its
 * adjoint, in the CPU's order (windows row by row) and without atomics, so
 * the result is deterministic and matches runtime/adt_conv.c's. Max pooling
 * routes a window's seed to its first maximum in row-major order, a NaN
 * counting as the maximum (the first NaN wins), as the CPU does; the
 * backward pass recomputes each window's maximum instead of storing it. */
#include "adt_cuda.h"

/* Offset in elements of element (s, c, y, x) of operand k (adcu_pool_geom). */
__device__ inline int64_t pool_at(const adcu_pool_geom &g, int k, int64_t s, int64_t c, int64_t y, int64_t x)
{
    return s * g.stride[k][0] + c * g.stride[k][1] + y * g.stride[k][2] + x * g.stride[k][3];
}

/* a b rounded once, never fused into a following add (the CPU's rounding). */
__device__ inline float mul_rn(float a, float b)
{
    return __fmul_rn(a, b);
}

__device__ inline double mul_rn(double a, double b)
{
    return __dmul_rn(a, b);
}

/* The window whose first element is win (xs: x's strides): its first
 * maximum in row-major order, a NaN counting as the maximum, as i k + j
 * (runtime/adt_conv.c's argmax_f32/argmax_f64). */
template <typename T>
__device__ inline int64_t window_argmax(const T *win, const int64_t *xs, int64_t k)
{
    int64_t best = 0;
    T m = win[0];
    for (int64_t i = 0; i < k; i++) {
        for (int64_t j = 0; j < k; j++) {
            T v = win[i * xs[2] + j * xs[3]];
            if (v > m || (isnan(v) && !isnan(m))) {
                m = v;
                best = i * k + j;
            }
        }
    }
    return best;
}

/* The window's mean: summed in T in row-major order, times 1 / k^2. */
template <typename T>
__device__ inline T window_mean(const T *win, const int64_t *xs, int64_t k)
{
    T sum = 0;
    for (int64_t i = 0; i < k; i++)
        for (int64_t j = 0; j < k; j++)
            sum += win[i * xs[2] + j * xs[3]];
    return mul_rn(sum, (T)1 / (T)(k * k));
}

/* ---- forward: y[s, c, oy, ox] = max or mean of its window ---- */

template <typename T>
__global__ void pool_kernel(adcu_pool_op op, adcu_pool_geom g, T *y, const T *x)
{
    const int64_t *xs = g.stride[0];
    ADCU_GRID_STRIDE(i, g.n * g.c * g.oh * g.ow) {
        int64_t ox = i % g.ow, r = i / g.ow;
        int64_t oy = r % g.oh;
        r /= g.oh;
        int64_t c = r % g.c, s = r / g.c;
        const T *win = x + pool_at(g, 0, s, c, oy * g.step, ox * g.step);
        T v = 0;
        switch (op) {
        case ADCU_POOL_MAX: {
            int64_t best = window_argmax(win, xs, g.k);
            v = win[best / g.k * xs[2] + best % g.k * xs[3]];
            break;
        }
        case ADCU_POOL_AVG:
            v = window_mean(win, xs, g.k);
            break;
        }
        y[pool_at(g, 1, s, c, oy, ox)] = v;
    }
}

extern "C" void adcu_k_pool(adcu_pool_op op, adt_dtype dt, const adcu_pool_geom *g, void *y, const void *x)
{
    int64_t n = g->n * g->c * g->oh * g->ow;
    if (n == 0)
        return;
    switch (dt) {
    case ADT_F32:
        pool_kernel<float><<<adcu_blocks_for(n), ADCU_THREADS>>>(op, *g, (float *)y, (const float *)x);
        break;
    case ADT_F64:
        pool_kernel<double><<<adcu_blocks_for(n), ADCU_THREADS>>>(op, *g, (double *)y, (const double *)x);
        break;
    }
    adcu_check_launch("adcu_k_pool");
}

/* ---- max pooling's forward rule: y as above, t = t_x at the window's
 * first maximum (operand 2 is t_x; t has y's strides) ---- */

template <typename T>
__global__ void max_pool_pf_kernel(adcu_pool_geom g, T *y, const T *x, T *t, const T *tx)
{
    const int64_t *xs = g.stride[0], *ts = g.stride[2];
    ADCU_GRID_STRIDE(i, g.n * g.c * g.oh * g.ow) {
        int64_t ox = i % g.ow, r = i / g.ow;
        int64_t oy = r % g.oh;
        r /= g.oh;
        int64_t c = r % g.c, s = r / g.c;
        int64_t y0 = oy * g.step, x0 = ox * g.step;
        const T *win = x + pool_at(g, 0, s, c, y0, x0);
        int64_t best = window_argmax(win, xs, g.k), bi = best / g.k, bj = best % g.k;
        int64_t at = pool_at(g, 1, s, c, oy, ox);
        y[at] = win[bi * xs[2] + bj * xs[3]];
        t[at] = tx[pool_at(g, 2, s, c, y0, x0) + bi * ts[2] + bj * ts[3]];
    }
}

extern "C" void adcu_k_max_pool_pf(adt_dtype dt, const adcu_pool_geom *g, void *y, const void *x, void *t,
                                   const void *t_x)
{
    int64_t n = g->n * g->c * g->oh * g->ow;
    if (n == 0)
        return;
    switch (dt) {
    case ADT_F32:
        max_pool_pf_kernel<float><<<adcu_blocks_for(n), ADCU_THREADS>>>(*g, (float *)y, (const float *)x,
                                                                         (float *)t, (const float *)t_x);
        break;
    case ADT_F64:
        max_pool_pf_kernel<double><<<adcu_blocks_for(n), ADCU_THREADS>>>(*g, (double *)y, (const double *)x,
                                                                          (double *)t, (const double *)t_x);
        break;
    }
    adcu_check_launch("adcu_k_max_pool_pf");
}

/* ---- backward: d_x[s, c, iy, ix] += the seeds of the windows containing it ---- */

/* The windows o (0 <= o < n, covering o step .. o step + k - 1) that
 * contain position p: o from *lo to *hi (none when *lo > *hi). */
__device__ inline void windows_of(int64_t p, int64_t k, int64_t step, int64_t n, int64_t *lo, int64_t *hi)
{
    int64_t first = p - k + 1; /* o step >= first, rounded up */
    *lo = first <= 0 ? 0 : (first + step - 1) / step;
    *hi = p / step < n - 1 ? p / step : n - 1;
}

template <typename T>
__global__ void pool_grad_kernel(adcu_pool_op op, adcu_pool_geom g, T *d, const T *x, const T *gr)
{
    const int64_t *xs = g.stride[0], *gs = g.stride[2];
    const T inv = (T)1 / (T)(g.k * g.k);
    ADCU_GRID_STRIDE(i, g.n * g.c * g.h * g.w) {
        int64_t ix = i % g.w, r = i / g.w;
        int64_t iy = r % g.h;
        r /= g.h;
        int64_t c = r % g.c, s = r / g.c;
        int64_t oy0, oy1, ox0, ox1;
        windows_of(iy, g.k, g.step, g.oh, &oy0, &oy1);
        windows_of(ix, g.k, g.step, g.ow, &ox0, &ox1);
        const T *xp = x + pool_at(g, 0, s, c, 0, 0), *gp = gr + pool_at(g, 2, s, c, 0, 0);
        T *dp = d + pool_at(g, 1, s, c, iy, ix);
        T acc = *dp;
        for (int64_t oy = oy0; oy <= oy1; oy++) {
            for (int64_t ox = ox0; ox <= ox1; ox++) {
                T seed = gp[oy * gs[2] + ox * gs[3]];
                int64_t y0 = oy * g.step, x0 = ox * g.step;
                switch (op) {
                case ADCU_POOL_MAX: {
                    int64_t best = window_argmax(xp + y0 * xs[2] + x0 * xs[3], xs, g.k);
                    if (y0 + best / g.k == iy && x0 + best % g.k == ix)
                        acc += seed;
                    break;
                }
                case ADCU_POOL_AVG:
                    acc += mul_rn(seed, inv);
                    break;
                }
            }
        }
        *dp = acc;
    }
}

extern "C" void adcu_k_pool_grad(adcu_pool_op op, adt_dtype dt, const adcu_pool_geom *g, void *d_x, const void *x,
                                 const void *d_ret)
{
    int64_t n = g->n * g->c * g->h * g->w;
    if (n == 0)
        return;
    switch (dt) {
    case ADT_F32:
        pool_grad_kernel<float><<<adcu_blocks_for(n), ADCU_THREADS>>>(op, *g, (float *)d_x, (const float *)x,
                                                                       (const float *)d_ret);
        break;
    case ADT_F64:
        pool_grad_kernel<double><<<adcu_blocks_for(n), ADCU_THREADS>>>(op, *g, (double *)d_x, (const double *)x,
                                                                        (const double *)d_ret);
        break;
    }
    adcu_check_launch("adcu_k_pool_grad");
}
