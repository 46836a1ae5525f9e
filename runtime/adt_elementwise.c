/* adt_elementwise.c: the unary and scalar elementwise ops and their reverse
 * and forward rules (the broadcasting binary ops are in adt_binary.c). The
 * math of each op and its derivative is written once per dtype; loops are
 * specialised per op by inlining. */
#include "internal.h"

#include <math.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* ---- unary ops: the rule table ----
 * Each op with its parameters; the derivative beside the value. */
/* sync: adcu_unary_op in cuda/adt_cuda.h (same order) */
typedef enum {
    UN_NEG,     /* -x               d = -1 */
    UN_EXP,     /* e^x              d = e^x */
    UN_LOG,     /* log x            d = 1/x */
    UN_SQRT,    /* sqrt x           d = 1/(2 sqrt x) */
    UN_TANH,    /* tanh x           d = 1 - tanh^2 x */
    UN_SIGMOID, /* 1/(1+e^-x)       d = s (1 - s) */
    UN_RELU,    /* max(x, 0)        d = [x > 0] */
    UN_ADD_S,   /* x + s            d = 1,             ds = 1 */
    UN_MUL_S,   /* x s              d = s,             ds = x */
    UN_POW_S,   /* x^p              d = p x^(p-1),     dp = x^p log x */
    UN_CLAMP,   /* min(max(x,lo),hi) d = [lo <= x <= hi], dlo = [x < lo], dhi = [x > hi] */
} UnaryOp;

typedef struct {
    UnaryOp op;
    double s;      /* the scalar of add/mul/pow */
    double lo, hi; /* clamp's bounds */
} Unary;

static ALWAYS_INLINE double unary_f64(UnaryOp op, const Unary *u, double x)
{
    switch (op) {
    case UN_NEG: return -x;
    case UN_EXP: return exp(x);
    case UN_LOG: return log(x);
    case UN_SQRT: return sqrt(x);
    case UN_TANH: return tanh(x);
    case UN_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case UN_RELU: return x > 0 ? x : 0.0;
    case UN_ADD_S: return x + u->s;
    case UN_MUL_S: return x * u->s;
    case UN_POW_S: return u->s == 2 ? x * x : pow(x, u->s);
    case UN_CLAMP: return x < u->lo ? u->lo : x > u->hi ? u->hi : x;
    }
    return 0;
}

/* d op(x) / dx; pow's 0 exponent has derivative 0 even at x = 0. */
static ALWAYS_INLINE double unary_grad_f64(UnaryOp op, const Unary *u, double x)
{
    switch (op) {
    case UN_NEG: return -1.0;
    case UN_EXP: return exp(x);
    case UN_LOG: return 1.0 / x;
    case UN_SQRT: return 0.5 / sqrt(x);
    case UN_TANH: { double t = tanh(x); return 1.0 - t * t; }
    case UN_SIGMOID: { double s = 1.0 / (1.0 + exp(-x)); return s * (1.0 - s); }
    case UN_RELU: return x > 0 ? 1.0 : 0.0;
    case UN_ADD_S: return 1.0;
    case UN_MUL_S: return u->s;
    case UN_POW_S: return u->s == 0 ? 0.0 : u->s == 2 ? 2.0 * x : u->s * pow(x, u->s - 1.0);
    case UN_CLAMP: return x >= u->lo && x <= u->hi ? 1.0 : 0.0;
    }
    return 0;
}

static ALWAYS_INLINE float unary_f32(UnaryOp op, const Unary *u, float x)
{
    switch (op) {
    case UN_NEG: return -x;
    case UN_EXP: return expf(x);
    case UN_LOG: return logf(x);
    case UN_SQRT: return sqrtf(x);
    case UN_TANH: return tanhf(x);
    case UN_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case UN_RELU: return x > 0 ? x : 0.0f;
    case UN_ADD_S: return x + (float)u->s;
    case UN_MUL_S: return x * (float)u->s;
    case UN_POW_S: return u->s == 2 ? x * x : powf(x, (float)u->s);
    case UN_CLAMP: return x < (float)u->lo ? (float)u->lo : x > (float)u->hi ? (float)u->hi : x;
    }
    return 0;
}

static ALWAYS_INLINE float unary_grad_f32(UnaryOp op, const Unary *u, float x)
{
    switch (op) {
    case UN_NEG: return -1.0f;
    case UN_EXP: return expf(x);
    case UN_LOG: return 1.0f / x;
    case UN_SQRT: return 0.5f / sqrtf(x);
    case UN_TANH: { float t = tanhf(x); return 1.0f - t * t; }
    case UN_SIGMOID: { float s = 1.0f / (1.0f + expf(-x)); return s * (1.0f - s); }
    case UN_RELU: return x > 0 ? 1.0f : 0.0f;
    case UN_ADD_S: return 1.0f;
    case UN_MUL_S: return (float)u->s;
    case UN_POW_S:
        return u->s == 0 ? 0.0f : u->s == 2 ? 2.0f * x : (float)u->s * powf(x, (float)(u->s - 1.0));
    case UN_CLAMP: return x >= (float)u->lo && x <= (float)u->hi ? 1.0f : 0.0f;
    }
    return 0;
}

/* d op(x) / d(parameter k) for the scalar parameters: s (k = 0) or clamp's
 * lo (k = 0) and hi (k = 1). pow: x^p log x, taken as 0 at x = 0 for p >= 0. */
static double unary_param_grad(const Unary *u, int k, double x)
{
    switch (u->op) {
    case UN_ADD_S: return 1.0;
    case UN_MUL_S: return x;
    case UN_POW_S: return x == 0 && u->s >= 0 ? 0.0 : pow(x, u->s) * log(x);
    case UN_CLAMP: return k == 0 ? (x < u->lo ? 1.0 : 0.0) : (x > u->hi ? 1.0 : 0.0);
    case UN_NEG: case UN_EXP: case UN_LOG: case UN_SQRT: case UN_TANH: case UN_SIGMOID: case UN_RELU:
        break;
    }
    return 0;
}

/* ---- unary loops: o[i] = op(a[i sa]) (o is a fresh contiguous row) ---- */

static ALWAYS_INLINE void unary_loop_f64(UnaryOp op, const Unary *u, double *restrict o, const double *restrict a,
                                         int64_t sa, int64_t n)
{
    if (sa == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = unary_f64(op, u, a[i]);
    else
        for (int64_t i = 0; i < n; i++)
            o[i] = unary_f64(op, u, a[i * sa]);
}

static ALWAYS_INLINE void unary_loop_f32(UnaryOp op, const Unary *u, float *restrict o, const float *restrict a,
                                         int64_t sa, int64_t n)
{
    if (sa == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = unary_f32(op, u, a[i]);
    else
        for (int64_t i = 0; i < n; i++)
            o[i] = unary_f32(op, u, a[i * sa]);
}

/* One case per op so each loop is compiled with its op known. */
static void unary_row_f64(const Unary *u, double *o, const double *a, int64_t sa, int64_t n)
{
    switch (u->op) {
    case UN_NEG: unary_loop_f64(UN_NEG, u, o, a, sa, n); break;
    case UN_EXP: unary_loop_f64(UN_EXP, u, o, a, sa, n); break;
    case UN_LOG: unary_loop_f64(UN_LOG, u, o, a, sa, n); break;
    case UN_SQRT: unary_loop_f64(UN_SQRT, u, o, a, sa, n); break;
    case UN_TANH: unary_loop_f64(UN_TANH, u, o, a, sa, n); break;
    case UN_SIGMOID: unary_loop_f64(UN_SIGMOID, u, o, a, sa, n); break;
    case UN_RELU: unary_loop_f64(UN_RELU, u, o, a, sa, n); break;
    case UN_ADD_S: unary_loop_f64(UN_ADD_S, u, o, a, sa, n); break;
    case UN_MUL_S: unary_loop_f64(UN_MUL_S, u, o, a, sa, n); break;
    case UN_POW_S: unary_loop_f64(UN_POW_S, u, o, a, sa, n); break;
    case UN_CLAMP: unary_loop_f64(UN_CLAMP, u, o, a, sa, n); break;
    }
}

static void unary_row_f32(const Unary *u, float *o, const float *a, int64_t sa, int64_t n)
{
    switch (u->op) {
    case UN_NEG: unary_loop_f32(UN_NEG, u, o, a, sa, n); break;
    case UN_EXP: unary_loop_f32(UN_EXP, u, o, a, sa, n); break;
    case UN_LOG: unary_loop_f32(UN_LOG, u, o, a, sa, n); break;
    case UN_SQRT: unary_loop_f32(UN_SQRT, u, o, a, sa, n); break;
    case UN_TANH: unary_loop_f32(UN_TANH, u, o, a, sa, n); break;
    case UN_SIGMOID: unary_loop_f32(UN_SIGMOID, u, o, a, sa, n); break;
    case UN_RELU: unary_loop_f32(UN_RELU, u, o, a, sa, n); break;
    case UN_ADD_S: unary_loop_f32(UN_ADD_S, u, o, a, sa, n); break;
    case UN_MUL_S: unary_loop_f32(UN_MUL_S, u, o, a, sa, n); break;
    case UN_POW_S: unary_loop_f32(UN_POW_S, u, o, a, sa, n); break;
    case UN_CLAMP: unary_loop_f32(UN_CLAMP, u, o, a, sa, n); break;
    }
}

/* ---- unary rule loops: d[i sd] += g[i sg] op'(a[i sa]) ---- */

static ALWAYS_INLINE void unary_pb_loop_f64(UnaryOp op, const Unary *u, double *restrict d, int64_t sd,
                                            const double *restrict a, int64_t sa, const double *restrict g,
                                            int64_t sg, int64_t n)
{
    if (sd == 1 && sa == 1 && sg == 1)
        for (int64_t i = 0; i < n; i++)
            d[i] += g[i] * unary_grad_f64(op, u, a[i]);
    else
        for (int64_t i = 0; i < n; i++)
            d[i * sd] += g[i * sg] * unary_grad_f64(op, u, a[i * sa]);
}

static ALWAYS_INLINE void unary_pb_loop_f32(UnaryOp op, const Unary *u, float *restrict d, int64_t sd,
                                            const float *restrict a, int64_t sa, const float *restrict g,
                                            int64_t sg, int64_t n)
{
    if (sd == 1 && sa == 1 && sg == 1)
        for (int64_t i = 0; i < n; i++)
            d[i] += g[i] * unary_grad_f32(op, u, a[i]);
    else
        for (int64_t i = 0; i < n; i++)
            d[i * sd] += g[i * sg] * unary_grad_f32(op, u, a[i * sa]);
}

static void unary_pb_row_f64(const Unary *u, double *d, int64_t sd, const double *a, int64_t sa, const double *g,
                             int64_t sg, int64_t n)
{
    switch (u->op) {
    case UN_NEG: unary_pb_loop_f64(UN_NEG, u, d, sd, a, sa, g, sg, n); break;
    case UN_EXP: unary_pb_loop_f64(UN_EXP, u, d, sd, a, sa, g, sg, n); break;
    case UN_LOG: unary_pb_loop_f64(UN_LOG, u, d, sd, a, sa, g, sg, n); break;
    case UN_SQRT: unary_pb_loop_f64(UN_SQRT, u, d, sd, a, sa, g, sg, n); break;
    case UN_TANH: unary_pb_loop_f64(UN_TANH, u, d, sd, a, sa, g, sg, n); break;
    case UN_SIGMOID: unary_pb_loop_f64(UN_SIGMOID, u, d, sd, a, sa, g, sg, n); break;
    case UN_RELU: unary_pb_loop_f64(UN_RELU, u, d, sd, a, sa, g, sg, n); break;
    case UN_ADD_S: unary_pb_loop_f64(UN_ADD_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_MUL_S: unary_pb_loop_f64(UN_MUL_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_POW_S: unary_pb_loop_f64(UN_POW_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_CLAMP: unary_pb_loop_f64(UN_CLAMP, u, d, sd, a, sa, g, sg, n); break;
    }
}

static void unary_pb_row_f32(const Unary *u, float *d, int64_t sd, const float *a, int64_t sa, const float *g,
                             int64_t sg, int64_t n)
{
    switch (u->op) {
    case UN_NEG: unary_pb_loop_f32(UN_NEG, u, d, sd, a, sa, g, sg, n); break;
    case UN_EXP: unary_pb_loop_f32(UN_EXP, u, d, sd, a, sa, g, sg, n); break;
    case UN_LOG: unary_pb_loop_f32(UN_LOG, u, d, sd, a, sa, g, sg, n); break;
    case UN_SQRT: unary_pb_loop_f32(UN_SQRT, u, d, sd, a, sa, g, sg, n); break;
    case UN_TANH: unary_pb_loop_f32(UN_TANH, u, d, sd, a, sa, g, sg, n); break;
    case UN_SIGMOID: unary_pb_loop_f32(UN_SIGMOID, u, d, sd, a, sa, g, sg, n); break;
    case UN_RELU: unary_pb_loop_f32(UN_RELU, u, d, sd, a, sa, g, sg, n); break;
    case UN_ADD_S: unary_pb_loop_f32(UN_ADD_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_MUL_S: unary_pb_loop_f32(UN_MUL_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_POW_S: unary_pb_loop_f32(UN_POW_S, u, d, sd, a, sa, g, sg, n); break;
    case UN_CLAMP: unary_pb_loop_f32(UN_CLAMP, u, d, sd, a, sa, g, sg, n); break;
    }
}

/* ---- unary drivers ---- */

static void unary_rows(const Unary *u, adt_tensor *out, const adt_tensor *a, int64_t off_out, int64_t off_a,
                       int64_t step_a, int64_t n)
{
    switch (a->dtype) {
    case ADT_F32:
        unary_row_f32(u, adt_f32(out) + off_out, adt_f32(a) + off_a, step_a, n);
        break;
    case ADT_F64:
        unary_row_f64(u, adt_f64(out) + off_out, adt_f64(a) + off_a, step_a, n);
        break;
    }
}

static adt_tensor *unary_apply(const char *fn, const Unary *u, const adt_tensor *a)
{
    ADTI_CUDA_RETURN(adcu_unary(fn, (adcu_unary_op)u->op, a, u->s, u->lo, u->hi), fn, 1, a);
    adti_check_tensor(fn, "a", a);
    adt_tensor *out = adti_new(fn, a->dtype, a->ndim, a->shape, 0);
    if (adt_is_contiguous(a)) { /* the fast path: one row of numel */
        unary_rows(u, out, a, 0, 0, 1, adti_numel(a->ndim, a->shape));
        return out;
    }
    adti_iter it;
    adti_iter_init(&it, a->ndim, a->shape, 2, (const adt_tensor *[]){out, a});
    while (adti_iter_next(&it))
        unary_rows(u, out, a, it.off[0], it.off[1], it.step[1], it.n);
    return out;
}

/* sum over the elements of g op_k'(a), for a scalar parameter's adjoint. */
static double unary_param_sum(const Unary *u, int k, const adt_tensor *a, const adt_tensor *g)
{
    double sum = 0;
    adti_iter it;
    adti_iter_init(&it, a->ndim, a->shape, 2, (const adt_tensor *[]){a, g});
    while (adti_iter_next(&it))
        for (int64_t i = 0; i < it.n; i++) {
            double gi = adti_read(g, it.off[1] + i * it.step[1]);
            if (gi != 0)
                sum += gi * unary_param_grad(u, k, adti_read(a, it.off[0] + i * it.step[0]));
        }
    return sum;
}

/* d += g op'(a) elementwise, all three of a's shape: the reverse rule with
 * g the seed, and (the Jacobian being diagonal) the forward rule with g the
 * tangent. */
static void unary_rule_acc(const Unary *u, adt_tensor *d, const adt_tensor *a, const adt_tensor *g)
{
    adti_iter it;
    adti_iter_init(&it, a->ndim, a->shape, 3, (const adt_tensor *[]){d, a, g});
    while (adti_iter_next(&it)) {
        switch (a->dtype) {
        case ADT_F32:
            unary_pb_row_f32(u, adt_f32(d) + it.off[0], it.step[0], adt_f32(a) + it.off[1], it.step[1],
                             adt_f32(g) + it.off[2], it.step[2], it.n);
            break;
        case ADT_F64:
            unary_pb_row_f64(u, adt_f64(d) + it.off[0], it.step[0], adt_f64(a) + it.off[1], it.step[1],
                             adt_f64(g) + it.off[2], it.step[2], it.n);
            break;
        }
    }
}

/* A rule's tensor argument x (d_a or t_a), when given, is shaped and typed as a. */
static void check_like_a(const char *fn, const char *arg, const adt_tensor *x, const adt_tensor *a)
{
    if (!x)
        return;
    adti_check_tensor(fn, arg, x);
    adti_check_same_dtype(fn, arg, x, "a", a);
    adti_check_shape_is(fn, arg, x, "a has shape", a->ndim, a->shape);
}

/* d_a += d_ret op'(a); d_p0, d_p1 += sum(d_ret dop/dp) for the parameters. */
static void unary_pullback(const char *fn, const Unary *u, const adt_tensor *a, adt_tensor *d_a, double *d_p0,
                           double *d_p1, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_unary_pb(fn, (adcu_unary_op)u->op, a, d_a, d_p0, d_p1, d_ret, u->s, u->lo, u->hi), fn, 3, a,
                 d_a, d_ret);
    adti_check_tensor(fn, "a", a);
    adti_check_tensor(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    adti_check_shape_is(fn, "d_ret", d_ret, "a has shape", a->ndim, a->shape);
    check_like_a(fn, "d_a", d_a, a);
    if (d_a)
        unary_rule_acc(u, d_a, a, d_ret);
    if (d_p0)
        *d_p0 += unary_param_sum(u, 0, a, d_ret);
    if (d_p1)
        *d_p1 += unary_param_sum(u, 1, a, d_ret);
}

/* t (contiguous, a's shape) += t_p dop/dp_k(a), for a scalar parameter's tangent. */
static void unary_param_acc(const Unary *u, int k, double t_p, adt_tensor *t, const adt_tensor *a)
{
    adti_iter it;
    adti_iter_init(&it, a->ndim, a->shape, 2, (const adt_tensor *[]){t, a});
    while (adti_iter_next(&it))
        for (int64_t i = 0; i < it.n; i++) {
            int64_t at = it.off[0] + i * it.step[0];
            double x = adti_read(a, it.off[1] + i * it.step[1]);
            adti_write(t, at, adti_read(t, at) + t_p * unary_param_grad(u, k, x));
        }
}

/* Forward rule: returns op(a) and sets *t_ret to t_a op'(a) + t_p0 dop/dp0
 * + t_p1 dop/dp1 (a NULL t_a or a zero t_p adds nothing). */
static adt_tensor *unary_pushforward(const char *fn, const Unary *u, const adt_tensor *a, const adt_tensor *t_a,
                                     double t_p0, double t_p1, adt_tensor **t_ret)
{
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adcu_unary_pf(fn, (adcu_unary_op)u->op, a, t_a, t_p0, t_p1, t_ret, u->s, u->lo, u->hi), fn, 2, a,
                     t_a);
    adti_check_tensor(fn, "a", a);
    check_like_a(fn, "t_a", t_a, a);
    adt_tensor *y = unary_apply(fn, u, a);
    adt_tensor *t = adti_new(fn, a->dtype, a->ndim, a->shape, 1);
    if (t_a)
        unary_rule_acc(u, t, a, t_a);
    if (t_p0 != 0)
        unary_param_acc(u, 0, t_p0, t, a);
    if (t_p1 != 0)
        unary_param_acc(u, 1, t_p1, t, a);
    *t_ret = t;
    return y;
}

/* ---- unary ops and their rules ---- */

adt_tensor *adt_neg(const adt_tensor *a) { return unary_apply("adt_neg", &(Unary){.op = UN_NEG}, a); }
adt_tensor *adt_exp(const adt_tensor *a) { return unary_apply("adt_exp", &(Unary){.op = UN_EXP}, a); }
adt_tensor *adt_log(const adt_tensor *a) { return unary_apply("adt_log", &(Unary){.op = UN_LOG}, a); }
adt_tensor *adt_sqrt(const adt_tensor *a) { return unary_apply("adt_sqrt", &(Unary){.op = UN_SQRT}, a); }
adt_tensor *adt_tanh(const adt_tensor *a) { return unary_apply("adt_tanh", &(Unary){.op = UN_TANH}, a); }
adt_tensor *adt_sigmoid(const adt_tensor *a) { return unary_apply("adt_sigmoid", &(Unary){.op = UN_SIGMOID}, a); }
adt_tensor *adt_relu(const adt_tensor *a) { return unary_apply("adt_relu", &(Unary){.op = UN_RELU}, a); }

adt_tensor *adt_add_scalar(const adt_tensor *a, double s)
{
    return unary_apply("adt_add_scalar", &(Unary){.op = UN_ADD_S, .s = s}, a);
}

adt_tensor *adt_mul_scalar(const adt_tensor *a, double s)
{
    return unary_apply("adt_mul_scalar", &(Unary){.op = UN_MUL_S, .s = s}, a);
}

adt_tensor *adt_pow_scalar(const adt_tensor *a, double p)
{
    return unary_apply("adt_pow_scalar", &(Unary){.op = UN_POW_S, .s = p}, a);
}

static void check_clamp(const char *fn, double lo, double hi)
{
    if (isnan(lo) || isnan(hi) || lo > hi)
        adt_error("%s: bounds lo = %g and hi = %g do not satisfy lo <= hi", fn, lo, hi);
}

adt_tensor *adt_clamp(const adt_tensor *a, double lo, double hi)
{
    check_clamp("adt_clamp", lo, hi);
    return unary_apply("adt_clamp", &(Unary){.op = UN_CLAMP, .lo = lo, .hi = hi}, a);
}

void adt_neg_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_neg_pb", &(Unary){.op = UN_NEG}, a, d_a, NULL, NULL, d_ret);
}

void adt_exp_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_exp_pb", &(Unary){.op = UN_EXP}, a, d_a, NULL, NULL, d_ret);
}

void adt_log_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_log_pb", &(Unary){.op = UN_LOG}, a, d_a, NULL, NULL, d_ret);
}

void adt_sqrt_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_sqrt_pb", &(Unary){.op = UN_SQRT}, a, d_a, NULL, NULL, d_ret);
}

void adt_tanh_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_tanh_pb", &(Unary){.op = UN_TANH}, a, d_a, NULL, NULL, d_ret);
}

void adt_sigmoid_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_sigmoid_pb", &(Unary){.op = UN_SIGMOID}, a, d_a, NULL, NULL, d_ret);
}

void adt_relu_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *d_ret)
{
    unary_pullback("adt_relu_pb", &(Unary){.op = UN_RELU}, a, d_a, NULL, NULL, d_ret);
}

void adt_add_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double s, double *d_s, const adt_tensor *d_ret)
{
    unary_pullback("adt_add_scalar_pb", &(Unary){.op = UN_ADD_S, .s = s}, a, d_a, d_s, NULL, d_ret);
}

void adt_mul_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double s, double *d_s, const adt_tensor *d_ret)
{
    unary_pullback("adt_mul_scalar_pb", &(Unary){.op = UN_MUL_S, .s = s}, a, d_a, d_s, NULL, d_ret);
}

void adt_pow_scalar_pb(const adt_tensor *a, adt_tensor *d_a, double p, double *d_p, const adt_tensor *d_ret)
{
    unary_pullback("adt_pow_scalar_pb", &(Unary){.op = UN_POW_S, .s = p}, a, d_a, d_p, NULL, d_ret);
}

void adt_clamp_pb(const adt_tensor *a, adt_tensor *d_a, double lo, double *d_lo, double hi, double *d_hi,
                  const adt_tensor *d_ret)
{
    check_clamp("adt_clamp_pb", lo, hi);
    unary_pullback("adt_clamp_pb", &(Unary){.op = UN_CLAMP, .lo = lo, .hi = hi}, a, d_a, d_lo, d_hi, d_ret);
}

/* ---- forward rules: t_ret = t_a op'(a) (+ t_p dop/dp), as in the table above ---- */

adt_tensor *adt_neg_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_neg_pf", &(Unary){.op = UN_NEG}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_exp_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_exp_pf", &(Unary){.op = UN_EXP}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_log_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_log_pf", &(Unary){.op = UN_LOG}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_sqrt_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_sqrt_pf", &(Unary){.op = UN_SQRT}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_tanh_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_tanh_pf", &(Unary){.op = UN_TANH}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_sigmoid_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_sigmoid_pf", &(Unary){.op = UN_SIGMOID}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_relu_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor **t_ret)
{
    return unary_pushforward("adt_relu_pf", &(Unary){.op = UN_RELU}, a, t_a, 0, 0, t_ret);
}

adt_tensor *adt_add_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double s, double t_s, adt_tensor **t_ret)
{
    return unary_pushforward("adt_add_scalar_pf", &(Unary){.op = UN_ADD_S, .s = s}, a, t_a, t_s, 0, t_ret);
}

adt_tensor *adt_mul_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double s, double t_s, adt_tensor **t_ret)
{
    return unary_pushforward("adt_mul_scalar_pf", &(Unary){.op = UN_MUL_S, .s = s}, a, t_a, t_s, 0, t_ret);
}

adt_tensor *adt_pow_scalar_pf(const adt_tensor *a, const adt_tensor *t_a, double p, double t_p, adt_tensor **t_ret)
{
    return unary_pushforward("adt_pow_scalar_pf", &(Unary){.op = UN_POW_S, .s = p}, a, t_a, t_p, 0, t_ret);
}

adt_tensor *adt_clamp_pf(const adt_tensor *a, const adt_tensor *t_a, double lo, double t_lo, double hi, double t_hi,
                         adt_tensor **t_ret)
{
    check_clamp("adt_clamp_pf", lo, hi);
    return unary_pushforward("adt_clamp_pf", &(Unary){.op = UN_CLAMP, .lo = lo, .hi = hi}, a, t_a, t_lo, t_hi,
                             t_ret);
}
