/* adt_random.c: random numbers (xoshiro256** seeded through splitmix64),
 * uniform and normal tensors, and dropout masks. Deterministic for a given
 * seed on every platform; not for cryptography. A dropout mask for a
 * tensor on the CUDA device is drawn on the host and copied there. */
#include "internal.h"

#include <math.h>

/* ---- the generator ---- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void adt_rng_seed(adt_rng *rng, uint64_t seed)
{
    if (!rng)
        adt_error("adt_rng_seed: rng is NULL");
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&seed); /* a bijection of distinct states: at most one word is 0 */
}

uint64_t adt_rng_next(adt_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* The top 53 bits as a multiple of 2^-53. */
double adt_rng_uniform(adt_rng *rng)
{
    return (double)(adt_rng_next(rng) >> 11) * 0x1p-53;
}

/* The top 24 bits: a float in [0, 1) that never rounds up to 1. */
static float uniform_f32(adt_rng *rng)
{
    return (float)(adt_rng_next(rng) >> 40) * 0x1p-24f;
}

/* Box-Muller: one pair of independent N(0, 1) values from two uniforms. */
static void normal_pair(adt_rng *rng, double *z0, double *z1)
{
    double u1 = 1.0 - adt_rng_uniform(rng); /* (0, 1]: log is finite */
    double u2 = adt_rng_uniform(rng);
    double r = sqrt(-2.0 * log(u1)), theta = 6.283185307179586476925 * u2; /* 2 pi u2 */
    *z0 = r * cos(theta);
    *z1 = r * sin(theta);
}

double adt_rng_normal(adt_rng *rng)
{
    double z0, z1;
    normal_pair(rng, &z0, &z1);
    return z0;
}

adt_rng *adt_default_rng(void)
{
    static adt_rng rng;
    static int seeded;
    if (!seeded) {
        adt_rng_seed(&rng, 0);
        seeded = 1;
    }
    return &rng;
}

/* ---- tensors ---- */

adt_tensor *adt_rand(adt_rng *rng, adt_dtype dt, int ndim, const int64_t *shape)
{
    adt_tensor *t = adti_new("adt_rand", dt, ndim, shape, 0);
    int64_t n = adti_numel(ndim, shape);
    if (!rng)
        rng = adt_default_rng();
    switch (dt) {
    case ADT_F32: {
        float *p = adti_data(t);
        for (int64_t i = 0; i < n; i++)
            p[i] = uniform_f32(rng);
        break;
    }
    case ADT_F64: {
        double *p = adti_data(t);
        for (int64_t i = 0; i < n; i++)
            p[i] = adt_rng_uniform(rng);
        break;
    }
    }
    return t;
}

/* Fills p[0..n) with normal values, both of each Box-Muller pair used. */
static void fill_normal_f64(adt_rng *rng, double *p, int64_t n)
{
    double z0, z1;
    for (int64_t i = 0; i < n; i += 2) {
        normal_pair(rng, &z0, &z1);
        p[i] = z0;
        if (i + 1 < n)
            p[i + 1] = z1;
    }
}

static void fill_normal_f32(adt_rng *rng, float *p, int64_t n)
{
    double z0, z1;
    for (int64_t i = 0; i < n; i += 2) {
        normal_pair(rng, &z0, &z1);
        p[i] = (float)z0;
        if (i + 1 < n)
            p[i + 1] = (float)z1;
    }
}

adt_tensor *adt_randn(adt_rng *rng, adt_dtype dt, int ndim, const int64_t *shape)
{
    adt_tensor *t = adti_new("adt_randn", dt, ndim, shape, 0);
    int64_t n = adti_numel(ndim, shape);
    if (!rng)
        rng = adt_default_rng();
    switch (dt) {
    case ADT_F32:
        fill_normal_f32(rng, adti_data(t), n);
        break;
    case ADT_F64:
        fill_normal_f64(rng, adti_data(t), n);
        break;
    }
    return t;
}

/* ---- dropout ---- */

static void check_dropout_p(const char *fn, double p)
{
    if (!(p >= 0 && p <= 1))
        adt_error("%s: probability p = %g is not in [0, 1]", fn, p);
}

/* Each element is kept (1/(1-p)) with probability 1-p, else 0; p = 1
 * drops everything. Contiguous, with like's shape and dtype, on the host. */
static adt_tensor *host_mask(adt_rng *rng, const adt_tensor *like, double p)
{
    adt_tensor *m = adti_new("adt_dropout_mask", like->dtype, like->ndim, like->shape, 0);
    int64_t n = adti_numel(like->ndim, like->shape);
    double keep = p < 1 ? 1.0 / (1.0 - p) : 0.0;
    if (!rng)
        rng = adt_default_rng();
    switch (m->dtype) {
    case ADT_F32: {
        float *q = adti_data(m);
        for (int64_t i = 0; i < n; i++)
            q[i] = adt_rng_uniform(rng) >= p ? (float)keep : 0.0f;
        break;
    }
    case ADT_F64: {
        double *q = adti_data(m);
        for (int64_t i = 0; i < n; i++)
            q[i] = adt_rng_uniform(rng) >= p ? keep : 0.0;
        break;
    }
    }
    return m;
}

/* The mask on like's device: for a tensor on the CUDA device, the host's
 * mask (the same draws as on the CPU) copied there. */
adt_tensor *adt_dropout_mask(adt_rng *rng, const adt_tensor *like, double p)
{
    adti_check_meta("adt_dropout_mask", "like", like);
    check_dropout_p("adt_dropout_mask", p);
    adt_tensor *m = host_mask(rng, like, p);
    adt_tensor *r = adt_to(m, adt_device_of(like)); /* m itself, retained, on the CPU */
    adt_free(m);
    return r;
}

/* The mask does not depend on like's values: d_like gets nothing. Its
 * kept values 1/(1-p) do depend on p, but which elements were kept is not
 * known here (the mask is not an argument), so d_p is refused rather than
 * left silently zero: p must be inactive (a constant) in differentiated code. */
void adt_dropout_mask_pb(adt_rng *rng, const adt_tensor *like, adt_tensor *d_like, double p, double *d_p,
                         const adt_tensor *d_ret)
{
    (void)rng;
    adti_check_meta("adt_dropout_mask_pb", "like", like);
    adti_check_meta("adt_dropout_mask_pb", "d_ret", d_ret);
    adti_device_of("adt_dropout_mask_pb", 3, like, d_like, d_ret);
    check_dropout_p("adt_dropout_mask_pb", p);
    if (d_like)
        adti_check_shape_is("adt_dropout_mask_pb", "d_like", d_like, "like has shape", like->ndim, like->shape);
    adti_check_shape_is("adt_dropout_mask_pb", "d_ret", d_ret, "like has shape", like->ndim, like->shape);
    if (d_p)
        adt_error("adt_dropout_mask_pb: no derivative with respect to p (pass NULL for d_p: p must be a "
                  "constant of the differentiated code)");
}

/* The forward rule: like's tangent adds nothing (the mask does not depend
 * on like's values). Here the mask is known, so p's tangent is exact: a kept
 * element is 1/(1-p), with derivative 1/(1-p)^2 = mask / (1-p); with the
 * same rng state the mask is the one adt_dropout_mask draws. t_like is
 * checked when given. */
adt_tensor *adt_dropout_mask_pf(adt_rng *rng, const adt_tensor *like, const adt_tensor *t_like, double p, double t_p,
                                adt_tensor **t_ret)
{
    const char *fn = "adt_dropout_mask_pf";
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    adti_check_meta(fn, "like", like);
    adti_device_of(fn, 2, like, t_like);
    check_dropout_p(fn, p);
    if (t_like) {
        adti_check_meta(fn, "t_like", t_like);
        adti_check_shape_is(fn, "t_like", t_like, "like has shape", like->ndim, like->shape);
    }
    adt_tensor *m = adt_dropout_mask(rng, like, p);
    if (t_p == 0 || p >= 1) {
        *t_ret = adt_zeros_like(m);
        return m;
    }
    *t_ret = adt_mul_scalar(m, t_p / (1.0 - p));
    return m;
}
