/* adcu_train.cu: the kernels a training loop runs on the device beside
 * the ops: the optimisers' updates (PyTorch's formulas, as adt_optim.c
 * computes them on the CPU, in the parameter's own precision) and the batch
 * loader's epoch gather (adt_loader.c). Launchers for adcu_train.c. */
#include "adt_cuda.h"

/* ---- SGD: g = grad + wd p; with momentum buf = mu buf + g, g = buf; p -= lr g ---- */

template <typename T>
__global__ void sgd_kernel(adcu_geom geo, T *p, const T *g, T *buf, T lr, T mu, T wd)
{
    int64_t off[3];
    ADCU_GRID_STRIDE(i, geo.numel) {
        adcu_offsets<3>(geo, i, off);
        T gi = g[off[1]] + wd * p[off[0]];
        if (buf) {
            buf[off[2]] = mu * buf[off[2]] + gi;
            gi = buf[off[2]];
        }
        p[off[0]] -= lr * gi;
    }
}

extern "C" void adcu_k_sgd(adt_dtype dt, void *const *ops, const adcu_geom *geo, double lr, double mu, double wd)
{
    int blocks = adcu_blocks_for(geo->numel);
    switch (dt) {
    case ADT_F32:
        sgd_kernel<float><<<blocks, ADCU_THREADS>>>(*geo, (float *)ops[0], (const float *)ops[1], (float *)ops[2],
                                                    (float)lr, (float)mu, (float)wd);
        break;
    case ADT_F64:
        sgd_kernel<double><<<blocks, ADCU_THREADS>>>(*geo, (double *)ops[0], (const double *)ops[1],
                                                     (double *)ops[2], lr, mu, wd);
        break;
    }
    adcu_check_launch("adt_optim_step");
}

/* ---- Adam: g = grad + wd p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= step m / (sqrt(v) inv_sqrt_c2 + eps) ---- */

template <typename T>
struct AdamArgs {
    T b1, b2, c1, c2, eps, wd, step, inv_sqrt_c2; /* c_k = 1 - b_k, computed in double */
};

template <typename T>
__global__ void adam_kernel(adcu_geom geo, AdamArgs<T> a, T *p, const T *g, T *m, T *v)
{
    int64_t off[4];
    ADCU_GRID_STRIDE(i, geo.numel) {
        adcu_offsets<4>(geo, i, off);
        T gi = g[off[1]] + a.wd * p[off[0]];
        T mi = a.b1 * m[off[2]] + a.c1 * gi;
        T vi = a.b2 * v[off[3]] + a.c2 * gi * gi;
        m[off[2]] = mi;
        v[off[3]] = vi;
        p[off[0]] -= a.step * mi / (sqrt(vi) * a.inv_sqrt_c2 + a.eps);
    }
}

template <typename T>
static void adam_launch(const adcu_geom *geo, void *const *ops, const adcu_adam *h)
{
    AdamArgs<T> a = {(T)h->beta1, (T)h->beta2, (T)(1 - h->beta1), (T)(1 - h->beta2),
                     (T)h->eps, (T)h->weight_decay, (T)h->step_size, (T)h->inv_sqrt_c2};
    adam_kernel<T><<<adcu_blocks_for(geo->numel), ADCU_THREADS>>>(*geo, a, (T *)ops[0], (const T *)ops[1],
                                                                  (T *)ops[2], (T *)ops[3]);
}

extern "C" void adcu_k_adam(adt_dtype dt, void *const *ops, const adcu_geom *geo, const adcu_adam *h)
{
    switch (dt) {
    case ADT_F32: adam_launch<float>(geo, ops, h); break;
    case ADT_F64: adam_launch<double>(geo, ops, h); break;
    }
    adcu_check_launch("adt_optim_step");
}

/* ---- the loader's gather: row i of dst = row perm[i] of src ----
 * Rows are copied as 32-bit words (every row is a whole number of them). */

__global__ void gather_rows_kernel(uint32_t *dst, const uint32_t *src, const int64_t *perm, int64_t n, int64_t words)
{
    ADCU_GRID_STRIDE(k, n * words) {
        int64_t i = k / words, j = k % words;
        dst[k] = src[perm[i] * words + j];
    }
}

extern "C" void adcu_k_gather_rows(void *dst, const void *src, const int64_t *perm, int64_t n, size_t row_bytes)
{
    int64_t words = (int64_t)(row_bytes / 4);
    if (n == 0 || words == 0)
        return;
    gather_rows_kernel<<<adcu_blocks_for(n * words), ADCU_THREADS>>>((uint32_t *)dst, (const uint32_t *)src, perm,
                                                                      n, words);
    adcu_check_launch("adt_loader_next");
}
