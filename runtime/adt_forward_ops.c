/* adt_forward_ops.c: the forward rules (<op>_pf) of the reductions, the
 * matrix products, softmax and the losses for tensors on the CUDA device,
 * written with the runtime's own ops as the second-order rules are
 * (adt_second.c), so they run wherever those ops do. The CPU keeps its
 * fused versions; each of those starts with the hook that calls these.
 *   sum, mean         linear: the same reduction of the tangent
 *   max               the tangent at the first maximum: a one-hot mask from
 *                     max's own pullback (its tie and NaN rule), then a sum
 *   matmul, bmm,      bilinear: t_a b + a t_b (linear: + t_bias)
 *   linear
 *   softmax           s (t - sum(s t)); log-softmax: t - sum(s t)
 *   the losses        scalar: the gradient's inner product with the tangents
 * Conventions are the rules': a NULL tangent is zero; t_ret gets a new
 * tensor (or value). The arguments are checked first under the rule's own
 * name, with the checks the CPU rules use. */
#include "internal.h"

/* A tangent t (NULL: zero) of input x: x's shape, dtype and device. */
static void check_tangent(const char *fn, const char *arg, const adt_tensor *t, const char *of, const adt_tensor *x)
{
    adti_check_meta(fn, of, x);
    adti_check_tangent(fn, arg, t, of, x);
}

/* *t += part, then part is released. */
static void add_part(adt_tensor *t, adt_tensor *part)
{
    adt_accumulate(t, part);
    adt_free(part);
}

/* ---- reductions ---- */

adt_tensor *adti_sum_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim,
                            adt_tensor **t_ret, int mean)
{
    check_tangent(fn, "t_a", t_a, "a", a);
    adti_check_dim(fn, a, dim);
    adt_tensor *(*reduce)(const adt_tensor *, int, int) = mean ? adt_mean : adt_sum;
    adt_tensor *y = reduce(a, dim, keepdim);
    *t_ret = t_a ? reduce(t_a, dim, keepdim) : adt_zeros_like(y);
    return y;
}

double adti_sum_all_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, double *t_ret, int mean)
{
    check_tangent(fn, "t_a", t_a, "a", a);
    double (*reduce)(const adt_tensor *) = mean ? adt_mean_all : adt_sum_all;
    *t_ret = t_a ? reduce(t_a) : 0.0;
    return reduce(a);
}

adt_tensor *adti_max_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim, int keepdim,
                            adt_tensor **t_ret)
{
    check_tangent(fn, "t_a", t_a, "a", a);
    adti_check_max(fn, adti_check_meta, a, dim);
    adt_tensor *y = adt_max(a, dim, keepdim);
    if (!t_a) {
        *t_ret = adt_zeros_like(y);
        return y;
    }
    adt_tensor *ones = adt_zeros_like(y), *mask = adt_zeros_like(a);
    adt_fill_(ones, 1.0);
    adt_max_pb(a, mask, dim, keepdim, ones); /* 1 at each first maximum */
    adt_tensor *picked = adt_mul(mask, t_a);
    *t_ret = adt_sum(picked, dim, keepdim);
    adt_free(ones);
    adt_free(mask);
    adt_free(picked);
    return y;
}

/* ---- products ---- */

/* c = a b, *t_ret = t_a b + a t_b for matmul, or bmm when batched. */
adt_tensor *adti_product_pf_ops(const char *fn, int batched, const adt_tensor *a, const adt_tensor *t_a,
                                const adt_tensor *b, const adt_tensor *t_b, adt_tensor **t_ret)
{
    int64_t shape[3];
    if (batched)
        adti_check_bmm(fn, a, b, shape);
    else
        adti_check_matmul(fn, a, b, shape);
    check_tangent(fn, "t_a", t_a, "a", a);
    check_tangent(fn, "t_b", t_b, "b", b);
    adt_tensor *(*f)(const adt_tensor *, const adt_tensor *) = batched ? adt_bmm : adt_matmul;
    adt_tensor *c = f(a, b), *t = adt_zeros_like(c);
    if (t_a)
        add_part(t, f(t_a, b));
    if (t_b)
        add_part(t, f(a, t_b));
    *t_ret = t;
    return c;
}

adt_tensor *adti_linear_pf_ops(const char *fn, const adt_tensor *x, const adt_tensor *t_x, const adt_tensor *w,
                               const adt_tensor *t_w, const adt_tensor *bias, const adt_tensor *t_bias,
                               adt_tensor **t_ret)
{
    int64_t shape[2];
    adti_check_linear(fn, x, w, bias, shape);
    if (t_bias && !bias)
        adt_error("%s: t_bias is given but bias is NULL", fn);
    check_tangent(fn, "t_x", t_x, "x", x);
    check_tangent(fn, "t_w", t_w, "w", w);
    if (bias)
        check_tangent(fn, "t_bias", t_bias, "bias", bias);
    adt_tensor *y = adt_linear(x, w, bias), *t = adt_zeros_like(y);
    if (t_x)
        add_part(t, adt_linear(t_x, w, NULL));
    if (t_w)
        add_part(t, adt_linear(x, t_w, NULL));
    if (t_bias)
        adti_acc(fn, t, 1.0, t_bias); /* [out] broadcast over the rows */
    *t_ret = t;
    return y;
}

/* ---- softmax ---- */

adt_tensor *adti_softmax_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim,
                                adt_tensor **t_ret, int take_log)
{
    check_tangent(fn, "t_a", t_a, "a", a);
    adti_check_dim(fn, a, dim);
    adt_tensor *y = take_log ? adt_log_softmax(a, dim) : adt_softmax(a, dim);
    if (!t_a) {
        *t_ret = adt_zeros_like(y);
        return y;
    }
    adt_tensor *s = take_log ? adt_exp(y) : adt_retain(y);
    adt_tensor *st = adt_mul(s, t_a), *mean = adt_sum(st, dim, 1); /* sum_j s_j t_j, kept for broadcasting */
    adt_tensor *centred = adt_sub(t_a, mean);
    *t_ret = take_log ? adt_retain(centred) : adt_mul(s, centred);
    adt_free(s);
    adt_free(st);
    adt_free(mean);
    adt_free(centred);
    return y;
}

/* ---- losses: scalar, so t_ret = <gradient, tangent> ---- */

/* sum_all(g t) */
static double inner(const adt_tensor *g, const adt_tensor *t)
{
    adt_tensor *p = adt_mul(g, t);
    double v = adt_sum_all(p);
    adt_free(p);
    return v;
}

double adti_cross_entropy_pf_ops(const char *fn, const adt_tensor *logits, const adt_tensor *t_logits,
                                 const adt_tensor *labels, const adt_tensor *t_labels, double *t_ret)
{
    adti_check_cross_entropy(fn, adti_check_meta, logits, labels);
    check_tangent(fn, "t_logits", t_logits, "logits", logits);
    if (t_labels) { /* class indices: their tangent adds nothing */
        adti_check_meta(fn, "t_labels", t_labels);
        adti_check_shape_is(fn, "t_labels", t_labels, "labels", 1, labels->shape);
    }
    double loss = adt_cross_entropy(logits, labels);
    *t_ret = 0;
    if (t_logits) {
        adt_tensor *g = adt_zeros_like(logits);
        adt_cross_entropy_pb(logits, g, labels, NULL, 1.0);
        *t_ret = inner(g, t_logits);
        adt_free(g);
    }
    return loss;
}

double adti_mse_loss_pf_ops(const char *fn, const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b,
                            const adt_tensor *t_b, double *t_ret)
{
    adti_check_mse(fn, adti_check_meta, a, NULL, b, NULL);
    check_tangent(fn, "t_a", t_a, "a", a);
    check_tangent(fn, "t_b", t_b, "b", b);
    double loss = adt_mse_loss(a, b);
    adt_tensor *g_a = t_a ? adt_zeros_like(a) : NULL, *g_b = t_b ? adt_zeros_like(b) : NULL;
    if (g_a || g_b)
        adt_mse_loss_pb(a, g_a, b, g_b, 1.0);
    *t_ret = (g_a ? inner(g_a, t_a) : 0.0) + (g_b ? inner(g_b, t_b) : 0.0);
    adt_free(g_a);
    adt_free(g_b);
    return loss;
}
