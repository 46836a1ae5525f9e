/* adt_elementwise.c: elementwise ops (unary, scalar and numpy-broadcasting
 * binary) and their reverse rules. The math of each op and its derivative
 * is written once per dtype; loops are specialised per op by inlining. */
#include "internal.h"

#include <math.h>
#include <stdio.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* ---- unary ops: the rule table ----
 * Each op with its parameters; the derivative beside the value. */
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

/* d_a += d_ret op'(a); d_p0, d_p1 += sum(d_ret dop/dp) for the parameters. */
static void unary_pullback(const char *fn, const Unary *u, const adt_tensor *a, adt_tensor *d_a, double *d_p0,
                           double *d_p1, const adt_tensor *d_ret)
{
    adti_check_tensor(fn, "a", a);
    adti_check_tensor(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    adti_check_shape_is(fn, "d_ret", d_ret, "a has shape", a->ndim, a->shape);
    if (d_a) {
        adti_check_tensor(fn, "d_a", d_a);
        adti_check_same_dtype(fn, "d_a", d_a, "a", a);
        adti_check_shape_is(fn, "d_a", d_a, "a has shape", a->ndim, a->shape);
        adti_iter it;
        adti_iter_init(&it, a->ndim, a->shape, 3, (const adt_tensor *[]){d_a, a, d_ret});
        while (adti_iter_next(&it)) {
            switch (a->dtype) {
            case ADT_F32:
                unary_pb_row_f32(u, adt_f32(d_a) + it.off[0], it.step[0], adt_f32(a) + it.off[1], it.step[1],
                                 adt_f32(d_ret) + it.off[2], it.step[2], it.n);
                break;
            case ADT_F64:
                unary_pb_row_f64(u, adt_f64(d_a) + it.off[0], it.step[0], adt_f64(a) + it.off[1], it.step[1],
                                 adt_f64(d_ret) + it.off[2], it.step[2], it.n);
                break;
            }
        }
    }
    if (d_p0)
        *d_p0 += unary_param_sum(u, 0, a, d_ret);
    if (d_p1)
        *d_p1 += unary_param_sum(u, 1, a, d_ret);
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

/* ---- binary ops: o[i] = a[i sa] op b[i sb] over the broadcast shape ---- */
typedef enum { BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV } BinaryOp;

static ALWAYS_INLINE double binary_f64(BinaryOp op, double x, double y)
{
    switch (op) {
    case BIN_ADD: return x + y;
    case BIN_SUB: return x - y;
    case BIN_MUL: return x * y;
    case BIN_DIV: return x / y;
    }
    return 0;
}

static ALWAYS_INLINE float binary_f32(BinaryOp op, float x, float y)
{
    switch (op) {
    case BIN_ADD: return x + y;
    case BIN_SUB: return x - y;
    case BIN_MUL: return x * y;
    case BIN_DIV: return x / y;
    }
    return 0;
}

/* The unit-stride and one-side-broadcast cases get loops of their own. */
static ALWAYS_INLINE void binary_loop_f64(BinaryOp op, double *restrict o, const double *restrict a, int64_t sa,
                                          const double *restrict b, int64_t sb, int64_t n)
{
    if (sa == 1 && sb == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f64(op, a[i], b[i]);
    else if (sa == 1 && sb == 0)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f64(op, a[i], b[0]);
    else if (sa == 0 && sb == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f64(op, a[0], b[i]);
    else
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f64(op, a[i * sa], b[i * sb]);
}

static ALWAYS_INLINE void binary_loop_f32(BinaryOp op, float *restrict o, const float *restrict a, int64_t sa,
                                          const float *restrict b, int64_t sb, int64_t n)
{
    if (sa == 1 && sb == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f32(op, a[i], b[i]);
    else if (sa == 1 && sb == 0)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f32(op, a[i], b[0]);
    else if (sa == 0 && sb == 1)
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f32(op, a[0], b[i]);
    else
        for (int64_t i = 0; i < n; i++)
            o[i] = binary_f32(op, a[i * sa], b[i * sb]);
}

static void binary_row_f64(BinaryOp op, double *o, const double *a, int64_t sa, const double *b, int64_t sb,
                           int64_t n)
{
    switch (op) {
    case BIN_ADD: binary_loop_f64(BIN_ADD, o, a, sa, b, sb, n); break;
    case BIN_SUB: binary_loop_f64(BIN_SUB, o, a, sa, b, sb, n); break;
    case BIN_MUL: binary_loop_f64(BIN_MUL, o, a, sa, b, sb, n); break;
    case BIN_DIV: binary_loop_f64(BIN_DIV, o, a, sa, b, sb, n); break;
    }
}

static void binary_row_f32(BinaryOp op, float *o, const float *a, int64_t sa, const float *b, int64_t sb,
                           int64_t n)
{
    switch (op) {
    case BIN_ADD: binary_loop_f32(BIN_ADD, o, a, sa, b, sb, n); break;
    case BIN_SUB: binary_loop_f32(BIN_SUB, o, a, sa, b, sb, n); break;
    case BIN_MUL: binary_loop_f32(BIN_MUL, o, a, sa, b, sb, n); break;
    case BIN_DIV: binary_loop_f32(BIN_DIV, o, a, sa, b, sb, n); break;
    }
}

static void binary_rows(BinaryOp op, adt_tensor *out, const adt_tensor *a, const adt_tensor *b, const adti_iter *it)
{
    switch (out->dtype) {
    case ADT_F32:
        binary_row_f32(op, adt_f32(out) + it->off[0], adt_f32(a) + it->off[1], it->step[1],
                       adt_f32(b) + it->off[2], it->step[2], it->n);
        break;
    case ADT_F64:
        binary_row_f64(op, adt_f64(out) + it->off[0], adt_f64(a) + it->off[1], it->step[1],
                       adt_f64(b) + it->off[2], it->step[2], it->n);
        break;
    }
}

/* Checks a and b and returns their broadcast shape in (*ndim, shape). */
static void check_binary(const char *fn, const adt_tensor *a, const adt_tensor *b, int *ndim, int64_t *shape)
{
    adti_check_tensor(fn, "a", a);
    adti_check_tensor(fn, "b", b);
    adti_check_same_dtype(fn, "a", a, "b", b);
    adti_broadcast_shape(fn, a->ndim, a->shape, b->ndim, b->shape, ndim, shape);
}

static adt_tensor *binary_apply(const char *fn, BinaryOp op, const adt_tensor *a, const adt_tensor *b)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    check_binary(fn, a, b, &ndim, shape);
    adt_tensor *out = adti_new(fn, a->dtype, ndim, shape, 0);
    adti_iter it;
    if (adt_same_shape(a, b) && adt_is_contiguous(a) && adt_is_contiguous(b)) { /* the fast path */
        it.n = adti_numel(ndim, shape);
        it.off[0] = it.off[1] = it.off[2] = 0;
        it.step[1] = it.step[2] = 1;
        binary_rows(op, out, a, b, &it);
        return out;
    }
    adti_iter_init(&it, ndim, shape, 3, (const adt_tensor *[]){out, a, b});
    while (adti_iter_next(&it))
        binary_rows(op, out, a, b, &it);
    return out;
}

adt_tensor *adt_add(const adt_tensor *a, const adt_tensor *b) { return binary_apply("adt_add", BIN_ADD, a, b); }
adt_tensor *adt_sub(const adt_tensor *a, const adt_tensor *b) { return binary_apply("adt_sub", BIN_SUB, a, b); }
adt_tensor *adt_mul(const adt_tensor *a, const adt_tensor *b) { return binary_apply("adt_mul", BIN_MUL, a, b); }
adt_tensor *adt_div(const adt_tensor *a, const adt_tensor *b) { return binary_apply("adt_div", BIN_DIV, a, b); }

/* ---- binary rules: d[i sd] += rule(g, a, b) over the broadcast shape ----
 * Add and sub need no operand values: their rules are adti_acc calls. */
typedef enum {
    RULE_MUL_DA, /* d(a b)/da = b */
    RULE_MUL_DB, /* d(a b)/db = a */
    RULE_DIV_DA, /* d(a/b)/da = 1/b */
    RULE_DIV_DB, /* d(a/b)/db = -a/b^2 */
} BinaryRule;

static ALWAYS_INLINE double rule_f64(BinaryRule r, double g, double a, double b)
{
    switch (r) {
    case RULE_MUL_DA: return g * b;
    case RULE_MUL_DB: return g * a;
    case RULE_DIV_DA: return g / b;
    case RULE_DIV_DB: return -g * a / (b * b);
    }
    return 0;
}

static ALWAYS_INLINE float rule_f32(BinaryRule r, float g, float a, float b)
{
    switch (r) {
    case RULE_MUL_DA: return g * b;
    case RULE_MUL_DB: return g * a;
    case RULE_DIV_DA: return g / b;
    case RULE_DIV_DB: return -g * a / (b * b);
    }
    return 0;
}

/* Operand order as the iterator's: d, g, a, b. sd == 0 sums the row. */
static ALWAYS_INLINE void rule_loop_f64(BinaryRule r, double *restrict d, const double *restrict g,
                                        const double *restrict a, const double *restrict b, const int64_t *st,
                                        int64_t n)
{
    if (st[0] == 1 && st[1] == 1 && st[2] == 1 && st[3] == 1) {
        for (int64_t i = 0; i < n; i++)
            d[i] += rule_f64(r, g[i], a[i], b[i]);
    } else if (st[0] == 0) {
        double sum = 0;
        for (int64_t i = 0; i < n; i++)
            sum += rule_f64(r, g[i * st[1]], a[i * st[2]], b[i * st[3]]);
        d[0] += sum;
    } else {
        for (int64_t i = 0; i < n; i++)
            d[i * st[0]] += rule_f64(r, g[i * st[1]], a[i * st[2]], b[i * st[3]]);
    }
}

static ALWAYS_INLINE void rule_loop_f32(BinaryRule r, float *restrict d, const float *restrict g,
                                        const float *restrict a, const float *restrict b, const int64_t *st,
                                        int64_t n)
{
    if (st[0] == 1 && st[1] == 1 && st[2] == 1 && st[3] == 1) {
        for (int64_t i = 0; i < n; i++)
            d[i] += rule_f32(r, g[i], a[i], b[i]);
    } else if (st[0] == 0) {
        double sum = 0;
        for (int64_t i = 0; i < n; i++)
            sum += rule_f32(r, g[i * st[1]], a[i * st[2]], b[i * st[3]]);
        d[0] += (float)sum;
    } else {
        for (int64_t i = 0; i < n; i++)
            d[i * st[0]] += rule_f32(r, g[i * st[1]], a[i * st[2]], b[i * st[3]]);
    }
}

static void rule_row_f64(BinaryRule r, double *d, const double *g, const double *a, const double *b,
                         const int64_t *st, int64_t n)
{
    switch (r) {
    case RULE_MUL_DA: rule_loop_f64(RULE_MUL_DA, d, g, a, b, st, n); break;
    case RULE_MUL_DB: rule_loop_f64(RULE_MUL_DB, d, g, a, b, st, n); break;
    case RULE_DIV_DA: rule_loop_f64(RULE_DIV_DA, d, g, a, b, st, n); break;
    case RULE_DIV_DB: rule_loop_f64(RULE_DIV_DB, d, g, a, b, st, n); break;
    }
}

static void rule_row_f32(BinaryRule r, float *d, const float *g, const float *a, const float *b,
                         const int64_t *st, int64_t n)
{
    switch (r) {
    case RULE_MUL_DA: rule_loop_f32(RULE_MUL_DA, d, g, a, b, st, n); break;
    case RULE_MUL_DB: rule_loop_f32(RULE_MUL_DB, d, g, a, b, st, n); break;
    case RULE_DIV_DA: rule_loop_f32(RULE_DIV_DA, d, g, a, b, st, n); break;
    case RULE_DIV_DB: rule_loop_f32(RULE_DIV_DB, d, g, a, b, st, n); break;
    }
}

/* ops = {d, g, a, b}; offsets and steps from an iterator over g's shape. */
static void rule_rows(BinaryRule r, const adt_tensor *const *ops, const int64_t *off, const int64_t *st,
                      int64_t n)
{
    switch (ops[0]->dtype) {
    case ADT_F32:
        rule_row_f32(r, adt_f32(ops[0]) + off[0], adt_f32(ops[1]) + off[1], adt_f32(ops[2]) + off[2],
                     adt_f32(ops[3]) + off[3], st, n);
        break;
    case ADT_F64:
        rule_row_f64(r, adt_f64(ops[0]) + off[0], adt_f64(ops[1]) + off[1], adt_f64(ops[2]) + off[2],
                     adt_f64(ops[3]) + off[3], st, n);
        break;
    }
}

/* d += rule(d_ret, a, b), d summed down to its own shape where it was broadcast. */
static void rule_apply(BinaryRule r, adt_tensor *d, const adt_tensor *a, const adt_tensor *b,
                       const adt_tensor *d_ret)
{
    const adt_tensor *ops[4] = {d, d_ret, a, b};
    int all_same = 1;
    for (int k = 0; k < 4; k++)
        all_same = all_same && adt_same_shape(ops[k], d_ret) && adt_is_contiguous(ops[k]);
    if (all_same) { /* the fast path: one row of numel */
        rule_rows(r, ops, (const int64_t[]){0, 0, 0, 0}, (const int64_t[]){1, 1, 1, 1}, adt_numel(d_ret));
        return;
    }
    adti_iter it;
    adti_iter_init(&it, d_ret->ndim, d_ret->shape, 4, ops);
    while (adti_iter_next(&it))
        rule_rows(r, ops, it.off, it.step, it.n);
}

/* An adjoint, when given, must be shaped and typed as its operand. */
static void check_adjoint(const char *fn, const char *arg, const adt_tensor *d, const char *what,
                          const adt_tensor *x)
{
    if (!d)
        return;
    adti_check_tensor(fn, arg, d);
    adti_check_same_dtype(fn, arg, d, what, x);
    char msg[32];
    snprintf(msg, sizeof msg, "%s has shape", what);
    adti_check_shape_is(fn, arg, d, msg, x->ndim, x->shape);
}

static void check_binary_pb(const char *fn, const adt_tensor *a, const adt_tensor *d_a, const adt_tensor *b,
                            const adt_tensor *d_b, const adt_tensor *d_ret)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    check_binary(fn, a, b, &ndim, shape);
    adti_check_tensor(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    adti_check_shape_is(fn, "d_ret", d_ret, "the result has shape", ndim, shape);
    check_adjoint(fn, "d_a", d_a, "a", a);
    check_adjoint(fn, "d_b", d_b, "b", b);
}

/* d(a + b) = (d_ret, d_ret), each summed to its operand's shape */
void adt_add_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    check_binary_pb("adt_add_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        adti_acc("adt_add_pb", d_a, 1.0, d_ret);
    if (d_b)
        adti_acc("adt_add_pb", d_b, 1.0, d_ret);
}

/* d(a - b) = (d_ret, -d_ret) */
void adt_sub_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    check_binary_pb("adt_sub_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        adti_acc("adt_sub_pb", d_a, 1.0, d_ret);
    if (d_b)
        adti_acc("adt_sub_pb", d_b, -1.0, d_ret);
}

/* d(a b) = (d_ret b, d_ret a) */
void adt_mul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    check_binary_pb("adt_mul_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        rule_apply(RULE_MUL_DA, d_a, a, b, d_ret);
    if (d_b)
        rule_apply(RULE_MUL_DB, d_b, a, b, d_ret);
}

/* d(a / b) = (d_ret / b, -d_ret a / b^2) */
void adt_div_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    check_binary_pb("adt_div_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        rule_apply(RULE_DIV_DA, d_a, a, b, d_ret);
    if (d_b)
        rule_apply(RULE_DIV_DB, d_b, a, b, d_ret);
}
