/* adcu_rows.cu: the CUDA kernels that work along lines of a tensor (one
 * line per position of the other dimensions, adcu_lines): softmax and
 * log_softmax and their pullbacks, the first maximum (max, argmax, max's
 * pullback), the cross-entropy rows and their pullback, and the
 * mean-squared-error sums; with their launchers (adt_cuda.h). A short line
 * is one thread's work; a long one is a block's, whose threads stride over
 * it and combine their parts in shared memory. Sums are in double; the
 * math is the CPU's (runtime/adt_loss.c, adt_reduce.c). What the ops mean
 * and which shapes they take is adcu_loss.c's business. */
#include "adt_cuda.h"

#include <math_constants.h>

/* Lines at least this long get a block each. */
#define LONG_LINE 64

namespace {

/* ---- teams: who works on one line ---- */

/* Combines v over the block (a sum, or fmax when is_max); every thread
 * gets the result. sh holds ADCU_THREADS doubles. */
__device__ double block_reduce(double v, double *sh, bool is_max)
{
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int w = ADCU_THREADS / 2; w > 0; w /= 2) {
        if (threadIdx.x < w)
            sh[threadIdx.x] = is_max ? fmax(sh[threadIdx.x], sh[threadIdx.x + w])
                                     : sh[threadIdx.x] + sh[threadIdx.x + w];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads(); /* sh is reused by the next reduction */
    return r;
}

/* Whether the candidate (v, i) comes before (w, j) as a line's first
 * maximum: a NaN first (the earliest NaN), else the larger value, else the
 * earlier index. */
__device__ bool max_before(double v, int64_t i, double w, int64_t j)
{
    bool vn = isnan(v), wn = isnan(w);
    if (vn || wn)
        return vn && (!wn || i < j);
    return v > w || (v == w && i < j);
}

/* One line's workers: a thread (Block false) or a whole block. Lines go to
 * teams in a grid-stride loop; a block's threads all take the same line,
 * so the reductions' barriers are reached by every thread. */
template <bool Block>
struct Team {
    double *sh;   /* ADCU_THREADS doubles of shared memory (a block's) */
    int64_t *shi; /* ADCU_THREADS indices (first_max only) */

    __device__ int64_t lane() const { return Block ? (int64_t)threadIdx.x : 0; }
    __device__ int64_t size() const { return Block ? (int64_t)blockDim.x : 1; }
    __device__ int64_t first_line() const
    {
        return Block ? (int64_t)blockIdx.x : blockIdx.x * (int64_t)blockDim.x + threadIdx.x;
    }
    __device__ int64_t line_step() const
    {
        return Block ? (int64_t)gridDim.x : (int64_t)gridDim.x * blockDim.x;
    }
    __device__ double sum(double v) const { return Block ? block_reduce(v, sh, false) : v; }
    __device__ double max(double v) const { return Block ? block_reduce(v, sh, true) : v; }

    /* The team's first maximum from each member's candidate (i -1: none);
     * every member gets it. */
    __device__ void first_max(double *v, int64_t *i) const
    {
        if (!Block)
            return;
        int t = threadIdx.x;
        sh[t] = *v;
        shi[t] = *i;
        __syncthreads();
        for (int w = ADCU_THREADS / 2; w > 0; w /= 2) {
            if (t < w && shi[t + w] >= 0 && (shi[t] < 0 || max_before(sh[t + w], shi[t + w], sh[t], shi[t]))) {
                sh[t] = sh[t + w];
                shi[t] = shi[t + w];
            }
            __syncthreads();
        }
        *v = sh[0];
        *i = shi[0];
        __syncthreads();
    }
};

/* The maximum of a line (fmax: NaNs are skipped, as fmaxf on the CPU). */
template <typename T, bool Block>
__device__ double line_max(const Team<Block> &team, const T *x, int64_t step, int64_t len)
{
    double m = -CUDART_INF;
    for (int64_t i = team.lane(); i < len; i += team.size())
        m = fmax(m, (double)x[i * step]);
    return team.max(m);
}

/* sum_i exp(x_i - m) over a line, m its maximum. */
template <typename T, bool Block>
__device__ double line_exp_sum(const Team<Block> &team, const T *x, int64_t step, int64_t len, T m)
{
    double s = 0;
    for (int64_t i = team.lane(); i < len; i += team.size())
        s += (double)exp(x[i * step] - m);
    return team.sum(s);
}

/* Blocks for one block per line (at least 1, at most ADCU_MAX_BLOCKS). */
int line_blocks(const adcu_lines *l)
{
    int64_t n = l->outer.numel;
    return (int)(n < 1 ? 1 : n > ADCU_MAX_BLOCKS ? ADCU_MAX_BLOCKS : n);
}

/* ---- softmax, log_softmax ----
 * y_i = e_i / s or (x_i - m) - log s, with e_i = exp(x_i - m), s = sum e_i. */

template <typename T, bool Block>
__global__ void softmax_kernel(adcu_lines l, T *y, const T *x, int take_log)
{
    __shared__ double sh[ADCU_THREADS];
    Team<Block> team = {sh, nullptr};
    for (int64_t o = team.first_line(); o < l.outer.numel; o += team.line_step()) {
        int64_t off[2];
        adcu_offsets<2>(l.outer, o, off);
        T *yl = y + off[0];
        const T *xl = x + off[1];
        T m = (T)line_max(team, xl, l.step[1], l.len);
        double s = line_exp_sum(team, xl, l.step[1], l.len, m);
        double ls = log(s);
        for (int64_t i = team.lane(); i < l.len; i += team.size()) {
            T u = xl[i * l.step[1]] - m;
            yl[i * l.step[0]] = take_log ? (T)((double)u - ls) : (T)((double)exp(u) / s);
        }
    }
}

/* With p = softmax(x) recomputed:
 * softmax:      d_i += p_i (g_i - sum_j g_j p_j)
 * log_softmax:  d_i += g_i - p_i sum_j g_j */
template <typename T, bool Block>
__global__ void softmax_pb_kernel(adcu_lines l, T *d, const T *x, const T *g, int take_log)
{
    __shared__ double sh[ADCU_THREADS];
    Team<Block> team = {sh, nullptr};
    for (int64_t o = team.first_line(); o < l.outer.numel; o += team.line_step()) {
        int64_t off[3];
        adcu_offsets<3>(l.outer, o, off);
        T *dl = d + off[0];
        const T *xl = x + off[1], *gl = g + off[2];
        T m = (T)line_max(team, xl, l.step[1], l.len);
        double s = line_exp_sum(team, xl, l.step[1], l.len, m);
        double acc = 0;
        for (int64_t i = team.lane(); i < l.len; i += team.size()) {
            double gi = (double)gl[i * l.step[2]];
            acc += take_log ? gi : gi * ((double)exp(xl[i * l.step[1]] - m) / s);
        }
        acc = team.sum(acc);
        for (int64_t i = team.lane(); i < l.len; i += team.size()) {
            double p = (double)exp(xl[i * l.step[1]] - m) / s, gi = (double)gl[i * l.step[2]];
            dl[i * l.step[0]] += (T)(take_log ? gi - p * acc : p * (gi - acc));
        }
    }
}

template <typename T, bool Block>
void softmax_launch(int blocks, const adcu_lines *l, void *const *ops, int take_log, bool pb)
{
    if (pb)
        softmax_pb_kernel<T, Block><<<blocks, ADCU_THREADS>>>(*l, (T *)ops[0], (const T *)ops[1], (const T *)ops[2],
                                                              take_log);
    else
        softmax_kernel<T, Block><<<blocks, ADCU_THREADS>>>(*l, (T *)ops[0], (const T *)ops[1], take_log);
}

template <typename T>
void softmax_any(const adcu_lines *l, void *const *ops, int take_log, bool pb)
{
    if (l->len >= LONG_LINE)
        softmax_launch<T, true>(line_blocks(l), l, ops, take_log, pb);
    else
        softmax_launch<T, false>(adcu_blocks_for(l->outer.numel), l, ops, take_log, pb);
}

void softmax_dispatch(adt_dtype dt, const adcu_lines *l, void *const *ops, int take_log, bool pb)
{
    if (l->outer.numel == 0 || l->len == 0)
        return;
    switch (dt) {
    case ADT_F32:
        softmax_any<float>(l, ops, take_log, pb);
        break;
    case ADT_F64:
        softmax_any<double>(l, ops, take_log, pb);
        break;
    }
}

/* ---- the first maximum along a line ---- */

template <typename T, bool Block>
__global__ void max_kernel(adcu_max_mode mode, adcu_lines l, T *r, const T *a, T *d)
{
    __shared__ double sh[ADCU_THREADS];
    __shared__ int64_t shi[ADCU_THREADS];
    Team<Block> team = {sh, shi};
    for (int64_t o = team.first_line(); o < l.outer.numel; o += team.line_step()) {
        int64_t off[3];
        adcu_offsets<3>(l.outer, o, off);
        const T *al = a + off[1];
        double best = 0;
        int64_t at = -1;
        for (int64_t i = team.lane(); i < l.len; i += team.size()) {
            double v = (double)al[i * l.step[1]];
            if (at < 0 || max_before(v, i, best, at)) {
                best = v;
                at = i;
            }
        }
        team.first_max(&best, &at);
        if (team.lane() != 0 || at < 0)
            continue;
        switch (mode) {
        case ADCU_MAX_VALUE:
            r[off[0]] = al[at * l.step[1]];
            break;
        case ADCU_MAX_INDEX:
            r[off[0]] = (T)at;
            break;
        case ADCU_MAX_GRAD:
            d[off[2] + at * l.step[2]] += r[off[0]];
            break;
        }
    }
}

template <typename T>
void max_any(adcu_max_mode mode, const adcu_lines *l, void *const *ops)
{
    if (l->len >= LONG_LINE)
        max_kernel<T, true><<<line_blocks(l), ADCU_THREADS>>>(mode, *l, (T *)ops[0], (const T *)ops[1], (T *)ops[2]);
    else
        max_kernel<T, false><<<adcu_blocks_for(l->outer.numel), ADCU_THREADS>>>(mode, *l, (T *)ops[0],
                                                                               (const T *)ops[1], (T *)ops[2]);
}

/* ---- cross entropy ---- */

/* Label i as a class index in [0, classes), or -1 when it is none
 * (adti_check_label's test). */
__device__ int64_t label_at(const adcu_labels &lb, int64_t i, int64_t classes)
{
    double v = lb.dt == ADT_F32 ? (double)((const float *)lb.data)[i * lb.stride]
                                : ((const double *)lb.data)[i * lb.stride];
    return v >= 0 && v < (double)classes && v == floor(v) ? (int64_t)v : -1;
}

__global__ void labels_kernel(adcu_labels lb, int64_t n, int64_t classes, unsigned long long *bad)
{
    ADCU_GRID_STRIDE(i, n) {
        if (label_at(lb, i, classes) < 0)
            atomicMin(bad, (unsigned long long)i);
    }
}

/* loss = log sum_j exp(x_j - m) - (x_label - m) */
template <typename T, bool Block>
__global__ void ce_rows_kernel(adcu_lines l, const T *x, adcu_labels lb, double *loss)
{
    __shared__ double sh[ADCU_THREADS];
    Team<Block> team = {sh, nullptr};
    for (int64_t o = team.first_line(); o < l.outer.numel; o += team.line_step()) {
        int64_t off[1];
        adcu_offsets<1>(l.outer, o, off);
        const T *xl = x + off[0];
        T m = (T)line_max(team, xl, l.step[0], l.len);
        double s = line_exp_sum(team, xl, l.step[0], l.len, m);
        int64_t k = label_at(lb, o, l.len);
        if (team.lane() == 0)
            loss[o] = k < 0 ? 0.0 : log(s) - (double)(xl[k * l.step[0]] - m);
    }
}

/* d_j += scale softmax(x)_j, then d_label -= scale */
template <typename T, bool Block>
__global__ void ce_pb_kernel(adcu_lines l, T *d, const T *x, adcu_labels lb, double scale)
{
    __shared__ double sh[ADCU_THREADS];
    Team<Block> team = {sh, nullptr};
    for (int64_t o = team.first_line(); o < l.outer.numel; o += team.line_step()) {
        int64_t off[2];
        adcu_offsets<2>(l.outer, o, off);
        T *dl = d + off[0];
        const T *xl = x + off[1];
        T m = (T)line_max(team, xl, l.step[1], l.len);
        double r = scale / line_exp_sum(team, xl, l.step[1], l.len, m);
        int64_t k = label_at(lb, o, l.len);
        for (int64_t j = team.lane(); j < l.len; j += team.size()) {
            T v = dl[j * l.step[0]] + (T)((double)exp(xl[j * l.step[1]] - m) * r);
            if (j == k)
                v -= (T)scale;
            dl[j * l.step[0]] = v;
        }
    }
}

template <typename T>
void ce_rows_any(const adcu_lines *l, const void *x, const adcu_labels *lb, double *loss)
{
    if (l->len >= LONG_LINE)
        ce_rows_kernel<T, true><<<line_blocks(l), ADCU_THREADS>>>(*l, (const T *)x, *lb, loss);
    else
        ce_rows_kernel<T, false><<<adcu_blocks_for(l->outer.numel), ADCU_THREADS>>>(*l, (const T *)x, *lb, loss);
}

template <typename T>
void ce_pb_any(const adcu_lines *l, void *const *ops, const adcu_labels *lb, double scale)
{
    if (l->len >= LONG_LINE)
        ce_pb_kernel<T, true><<<line_blocks(l), ADCU_THREADS>>>(*l, (T *)ops[0], (const T *)ops[1], *lb, scale);
    else
        ce_pb_kernel<T, false><<<adcu_blocks_for(l->outer.numel), ADCU_THREADS>>>(*l, (T *)ops[0],
                                                                                 (const T *)ops[1], *lb, scale);
}

/* ---- sums: one block over n doubles; partial sums of (a - b)^2 ---- */

__global__ void sum_f64_kernel(const double *v, int64_t n, double *out)
{
    __shared__ double sh[ADCU_THREADS];
    double s = 0;
    for (int64_t i = threadIdx.x; i < n; i += blockDim.x)
        s += v[i];
    s = block_reduce(s, sh, false);
    if (threadIdx.x == 0)
        *out = s;
}

template <typename T>
__global__ void sq_diff_kernel(adcu_geom g, const T *a, const T *b, double *partial)
{
    __shared__ double sh[ADCU_THREADS];
    int64_t off[2];
    double s = 0;
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<2>(g, i, off);
        double u = (double)a[off[0]] - (double)b[off[1]];
        s += u * u;
    }
    s = block_reduce(s, sh, false);
    if (threadIdx.x == 0)
        partial[blockIdx.x] = s;
}

/* d_a += k (a - b), d_b -= k (a - b), in T as on the CPU */
template <typename T>
__global__ void mse_pb_kernel(adcu_geom g, const T *a, const T *b, T *da, T *db, T k)
{
    int64_t off[4];
    ADCU_GRID_STRIDE(i, g.numel) {
        adcu_offsets<4>(g, i, off);
        T u = k * (a[off[0]] - b[off[1]]);
        if (da)
            da[off[2]] += u;
        if (db)
            db[off[3]] -= u;
    }
}

} /* namespace */

/* ---- launchers ---- */

extern "C" void adcu_k_softmax(adt_dtype dt, void *const *ops, const adcu_lines *l, int take_log)
{
    softmax_dispatch(dt, l, ops, take_log, false);
    adcu_check_launch("adcu_k_softmax");
}

extern "C" void adcu_k_softmax_pb(adt_dtype dt, void *const *ops, const adcu_lines *l, int take_log)
{
    softmax_dispatch(dt, l, ops, take_log, true);
    adcu_check_launch("adcu_k_softmax_pb");
}

extern "C" void adcu_k_max(adcu_max_mode mode, adt_dtype dt, void *const *ops, const adcu_lines *l)
{
    if (l->outer.numel == 0 || l->len == 0)
        return;
    switch (dt) {
    case ADT_F32:
        max_any<float>(mode, l, ops);
        break;
    case ADT_F64:
        max_any<double>(mode, l, ops);
        break;
    }
    adcu_check_launch("adcu_k_max");
}

extern "C" void adcu_k_labels(const adcu_labels *lb, int64_t n, int64_t classes, unsigned long long *bad)
{
    if (n == 0)
        return;
    labels_kernel<<<adcu_blocks_for(n), ADCU_THREADS>>>(*lb, n, classes, bad);
    adcu_check_launch("adcu_k_labels");
}

extern "C" void adcu_k_ce_rows(adt_dtype dt, const void *x, const adcu_lines *l, const adcu_labels *lb, double *loss)
{
    if (l->outer.numel == 0)
        return;
    switch (dt) {
    case ADT_F32:
        ce_rows_any<float>(l, x, lb, loss);
        break;
    case ADT_F64:
        ce_rows_any<double>(l, x, lb, loss);
        break;
    }
    adcu_check_launch("adcu_k_ce_rows");
}

extern "C" void adcu_k_ce_pb(adt_dtype dt, void *const *ops, const adcu_lines *l, const adcu_labels *lb,
                             double scale)
{
    if (l->outer.numel == 0 || l->len == 0)
        return;
    switch (dt) {
    case ADT_F32:
        ce_pb_any<float>(l, ops, lb, scale);
        break;
    case ADT_F64:
        ce_pb_any<double>(l, ops, lb, scale);
        break;
    }
    adcu_check_launch("adcu_k_ce_pb");
}

extern "C" void adcu_k_sum_f64(const double *v, int64_t n, double *out)
{
    sum_f64_kernel<<<1, ADCU_THREADS>>>(v, n, out);
    adcu_check_launch("adcu_k_sum_f64");
}

extern "C" void adcu_k_sq_diff_sum(adt_dtype dt, void *const *ops, const adcu_geom *g, double *partial, double *out)
{
    int blocks = adcu_blocks_for(g->numel);
    if (blocks > ADCU_PARTIALS)
        blocks = ADCU_PARTIALS;
    switch (dt) {
    case ADT_F32:
        sq_diff_kernel<float><<<blocks, ADCU_THREADS>>>(*g, (const float *)ops[0], (const float *)ops[1], partial);
        break;
    case ADT_F64:
        sq_diff_kernel<double><<<blocks, ADCU_THREADS>>>(*g, (const double *)ops[0], (const double *)ops[1], partial);
        break;
    }
    adcu_check_launch("adcu_k_sq_diff_sum");
    adcu_k_sum_f64(partial, blocks, out);
}

extern "C" void adcu_k_mse_pb(adt_dtype dt, void *const *ops, const adcu_geom *g, double k)
{
    if (g->numel == 0)
        return;
    int blocks = adcu_blocks_for(g->numel);
    switch (dt) {
    case ADT_F32:
        mse_pb_kernel<float><<<blocks, ADCU_THREADS>>>(*g, (const float *)ops[0], (const float *)ops[1],
                                                       (float *)ops[2], (float *)ops[3], (float)k);
        break;
    case ADT_F64:
        mse_pb_kernel<double><<<blocks, ADCU_THREADS>>>(*g, (const double *)ops[0], (const double *)ops[1],
                                                        (double *)ops[2], (double *)ops[3], k);
        break;
    }
    adcu_check_launch("adcu_k_mse_pb");
}
