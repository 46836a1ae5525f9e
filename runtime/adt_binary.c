/* adt_binary.c: the numpy-broadcasting binary ops (add, sub, mul, div) and
 * their reverse and forward rules; the unary and scalar ops live in
 * adt_elementwise.c. Loops are specialised per op by inlining. */
#include "internal.h"

#include <stdio.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* ---- binary ops: o[i] = a[i sa] op b[i sb] over the broadcast shape ---- */
/* sync: adcu_binary_op in cuda/adt_cuda.h (same order) */
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
    ADTI_CUDA_RETURN(adcu_binary(fn, (adcu_binary_op)op, a, b), fn, 2, a, b);
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

/* d += rule(g, a, b) over the broadcast shape of a and b, which is the
 * shape of `over`: d is summed down to its own shape where it was
 * broadcast (reverse: g the seed, over the seed), or is the full result
 * (forward: g a tangent, broadcast like its operand; over d itself). */
static void rule_apply(BinaryRule r, adt_tensor *d, const adt_tensor *g, const adt_tensor *a, const adt_tensor *b,
                       const adt_tensor *over)
{
    const adt_tensor *ops[4] = {d, g, a, b};
    int all_same = 1;
    for (int k = 0; k < 4; k++)
        all_same = all_same && adt_same_shape(ops[k], over) && adt_is_contiguous(ops[k]);
    if (all_same) { /* the fast path: one row of numel */
        rule_rows(r, ops, (const int64_t[]){0, 0, 0, 0}, (const int64_t[]){1, 1, 1, 1}, adt_numel(over));
        return;
    }
    adti_iter it;
    adti_iter_init(&it, over->ndim, over->shape, 4, ops);
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
    ADTI_CUDA_DO(adcu_binary_pb("adt_add_pb", ADCU_ADD, a, d_a, b, d_b, d_ret), "adt_add_pb", 5, a, d_a, b, d_b, d_ret);
    check_binary_pb("adt_add_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        adti_acc("adt_add_pb", d_a, 1.0, d_ret);
    if (d_b)
        adti_acc("adt_add_pb", d_b, 1.0, d_ret);
}

/* d(a - b) = (d_ret, -d_ret) */
void adt_sub_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_binary_pb("adt_sub_pb", ADCU_SUB, a, d_a, b, d_b, d_ret), "adt_sub_pb", 5, a, d_a, b, d_b, d_ret);
    check_binary_pb("adt_sub_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        adti_acc("adt_sub_pb", d_a, 1.0, d_ret);
    if (d_b)
        adti_acc("adt_sub_pb", d_b, -1.0, d_ret);
}

/* d(a b) = (d_ret b, d_ret a) */
void adt_mul_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_binary_pb("adt_mul_pb", ADCU_MUL, a, d_a, b, d_b, d_ret), "adt_mul_pb", 5, a, d_a, b, d_b, d_ret);
    check_binary_pb("adt_mul_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        rule_apply(RULE_MUL_DA, d_a, d_ret, a, b, d_ret);
    if (d_b)
        rule_apply(RULE_MUL_DB, d_b, d_ret, a, b, d_ret);
}

/* d(a / b) = (d_ret / b, -d_ret a / b^2) */
void adt_div_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_binary_pb("adt_div_pb", ADCU_DIV, a, d_a, b, d_b, d_ret), "adt_div_pb", 5, a, d_a, b, d_b, d_ret);
    check_binary_pb("adt_div_pb", a, d_a, b, d_b, d_ret);
    if (d_a)
        rule_apply(RULE_DIV_DA, d_a, d_ret, a, b, d_ret);
    if (d_b)
        rule_apply(RULE_DIV_DB, d_b, d_ret, a, b, d_ret);
}

/* ---- forward rules ----
 * The tangent has the result's (broadcast) shape; each operand's tangent
 * is broadcast like its operand. */

static adt_tensor *binary_pushforward(const char *fn, BinaryOp op, const adt_tensor *a, const adt_tensor *t_a,
                                      const adt_tensor *b, const adt_tensor *t_b, adt_tensor **t_ret)
{
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adcu_binary_pf(fn, (adcu_binary_op)op, a, t_a, b, t_b, t_ret), fn, 4, a, t_a, b, t_b);
    check_binary(fn, a, b, &ndim, shape);
    check_adjoint(fn, "t_a", t_a, "a", a);
    check_adjoint(fn, "t_b", t_b, "b", b);
    adt_tensor *y = binary_apply(fn, op, a, b), *t = NULL;
    switch (op) {
    case BIN_ADD: /* t_a + t_b */
    case BIN_SUB: /* t_a - t_b */
        if (t_a && t_b) {
            t = binary_apply(fn, op, t_a, t_b);
            break;
        }
        t = adti_new(fn, a->dtype, ndim, shape, 1);
        if (t_a)
            adti_acc(fn, t, 1.0, t_a);
        if (t_b)
            adti_acc(fn, t, op == BIN_SUB ? -1.0 : 1.0, t_b);
        break;
    case BIN_MUL: /* t_a b + a t_b */
        t = t_a ? binary_apply(fn, BIN_MUL, t_a, b) : adti_new(fn, a->dtype, ndim, shape, 1);
        if (t_b)
            rule_apply(RULE_MUL_DB, t, t_b, a, b, t);
        break;
    case BIN_DIV: /* t_a / b - t_b a / b^2 */
        t = t_a ? binary_apply(fn, BIN_DIV, t_a, b) : adti_new(fn, a->dtype, ndim, shape, 1);
        if (t_b)
            rule_apply(RULE_DIV_DB, t, t_b, a, b, t);
        break;
    }
    *t_ret = t;
    return y;
}

adt_tensor *adt_add_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret)
{
    return binary_pushforward("adt_add_pf", BIN_ADD, a, t_a, b, t_b, t_ret);
}

adt_tensor *adt_sub_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret)
{
    return binary_pushforward("adt_sub_pf", BIN_SUB, a, t_a, b, t_b, t_ret);
}

adt_tensor *adt_mul_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret)
{
    return binary_pushforward("adt_mul_pf", BIN_MUL, a, t_a, b, t_b, t_ret);
}

adt_tensor *adt_div_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       adt_tensor **t_ret)
{
    return binary_pushforward("adt_div_pf", BIN_DIV, a, t_a, b, t_b, t_ret);
}
