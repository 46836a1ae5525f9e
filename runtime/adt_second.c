/* adt_second.c: second-order rules, the forward rule <op>_pb_pf of each
 * pullback of the views, the elementwise ops, the reductions and linear
 * algebra; f_hvp calls them where f_grad calls the pullbacks (the softmax,
 * loss, convolution, pooling, concatenation and dropout rules are in
 * adt_second_nn.c).
 *
 * A pullback accumulates d_x += J(x)^T g. Its forward rule does the same,
 * and carries the tangents t_x of the op's inputs and t_g of the seed
 * through it:
 *     t_d_x += J(x)^T t_g + (d/dx (J(x)^T g)) t_x.
 * The first term is the pullback again, seeded with t_g, accumulating into
 * the tangents of the adjoints. The second is zero for ops that are linear
 * (views, add, sums) or piecewise linear (relu, clamp, max); for bilinear
 * ops (mul, matmul, linear) it is the pullback again with one operand
 * replaced by its tangent; for the others it is written out with the
 * runtime's own ops, as Torch writes its double backward with
 * differentiable ops. Conventions are those of every rule: a NULL adjoint,
 * or a NULL tangent of an adjoint, is not wanted; a NULL tangent of an
 * input or of the seed is zero. Being made of ops, the rules run on the
 * CUDA device wherever the ops they call do. */
#include "internal.h"

#include <stdbool.h>

/* ---- temporaries of one rule, released together ---- */

adt_tensor *adti_keep(adti_temps *k, adt_tensor *t)
{
    if (k->n == ADTI_MAX_TEMPS)
        adt_error("second-order rule: more than %d temporaries", ADTI_MAX_TEMPS);
    k->t[k->n++] = t;
    return t;
}

void adti_release(adti_temps *k)
{
    for (int i = 0; i < k->n; i++)
        adt_free(k->t[i]);
    k->n = 0;
}

/* dst += src (src summed down to dst's shape); nothing when either is NULL */
void adti_acc_opt(adt_tensor *dst, const adt_tensor *src)
{
    if (dst && src)
        adt_accumulate(dst, src);
}

void adti_check_tangent(const char *fn, const char *arg, const adt_tensor *t, const char *of, const adt_tensor *x)
{
    if (!t)
        return;
    adti_check_meta(fn, arg, t);
    adti_device_of(fn, 2, t, x);
    adti_check_same_dtype(fn, arg, t, of, x);
    adti_check_shape_is(fn, arg, t, of, x->ndim, x->shape);
}

/* dst += -src */
static void acc_neg(adti_temps *k, adt_tensor *dst, const adt_tensor *src)
{
    if (dst && src)
        adti_acc_opt(dst, adti_keep(k, adt_neg(src)));
}

/* ---- views, sums and the piecewise-linear ops: the first term only ---- */

void adt_select_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim,
                      int64_t index, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_select_pb(t, d_t, dim, index, d_ret);
    if (t_d_t && t_d_ret)
        adt_select_pb(t, t_d_t, dim, index, t_d_ret);
}

void adt_narrow_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim,
                      int64_t start, int64_t length, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_narrow_pb(t, d_t, dim, start, length, d_ret);
    if (t_d_t && t_d_ret)
        adt_narrow_pb(t, t_d_t, dim, start, length, t_d_ret);
}

void adt_transpose_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int dim0,
                         int dim1, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_transpose_pb(t, d_t, dim0, dim1, d_ret);
    if (t_d_t && t_d_ret)
        adt_transpose_pb(t, t_d_t, dim0, dim1, t_d_ret);
}

void adt_permute_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t,
                       const int *dims, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_permute_pb(t, d_t, dims, d_ret);
    if (t_d_t && t_d_ret)
        adt_permute_pb(t, t_d_t, dims, t_d_ret);
}

void adt_view_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int ndim,
                    const int64_t *shape, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_view_pb(t, d_t, ndim, shape, d_ret);
    if (t_d_t && t_d_ret)
        adt_view_pb(t, t_d_t, ndim, shape, t_d_ret);
}

void adt_reshape_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t, int ndim,
                       const int64_t *shape, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_reshape_pb(t, d_t, ndim, shape, d_ret);
    if (t_d_t && t_d_ret)
        adt_reshape_pb(t, t_d_t, ndim, shape, t_d_ret);
}

void adt_contiguous_pb_pf(const adt_tensor *t, const adt_tensor *t_t, adt_tensor *d_t, adt_tensor *t_d_t,
                          const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_t;
    adt_contiguous_pb(t, d_t, d_ret);
    if (t_d_t && t_d_ret)
        adt_contiguous_pb(t, t_d_t, t_d_ret);
}

void adt_add_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a, (void)t_b;
    adt_add_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_add_pb(a, t_d_a, b, t_d_b, t_d_ret);
}

void adt_sub_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a, (void)t_b;
    adt_sub_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_sub_pb(a, t_d_a, b, t_d_b, t_d_ret);
}

void adt_add_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double s,
                          double t_s, double *d_s, double *t_d_s, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a, (void)t_s;
    adt_add_scalar_pb(a, d_a, s, d_s, d_ret);
    if ((t_d_a || t_d_s) && t_d_ret)
        adt_add_scalar_pb(a, t_d_a, s, t_d_s, t_d_ret);
}

void adt_neg_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a;
    adt_neg_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_neg_pb(a, t_d_a, t_d_ret);
}

/* relu's derivative is a step: its own derivative is zero almost everywhere */
void adt_relu_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a;
    adt_relu_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_relu_pb(a, t_d_a, t_d_ret);
}

/* as relu: the derivatives in a, lo and hi are indicators */
void adt_clamp_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double lo,
                     double t_lo, double *d_lo, double *t_d_lo, double hi, double t_hi, double *d_hi, double *t_d_hi,
                     const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a, (void)t_lo, (void)t_hi;
    adt_clamp_pb(a, d_a, lo, d_lo, hi, d_hi, d_ret);
    if ((t_d_a || t_d_lo || t_d_hi) && t_d_ret)
        adt_clamp_pb(a, t_d_a, lo, t_d_lo, hi, t_d_hi, t_d_ret);
}

void adt_sum_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                   int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a;
    adt_sum_pb(a, d_a, dim, keepdim, d_ret);
    if (t_d_a && t_d_ret)
        adt_sum_pb(a, t_d_a, dim, keepdim, t_d_ret);
}

void adt_mean_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                    int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a;
    adt_mean_pb(a, d_a, dim, keepdim, d_ret);
    if (t_d_a && t_d_ret)
        adt_mean_pb(a, t_d_a, dim, keepdim, t_d_ret);
}

/* the seed goes to the first maximum, wherever a moves by a small step */
void adt_max_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                   int keepdim, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a;
    adt_max_pb(a, d_a, dim, keepdim, d_ret);
    if (t_d_a && t_d_ret)
        adt_max_pb(a, t_d_a, dim, keepdim, t_d_ret);
}

void adt_sum_all_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double d_ret,
                       double t_d_ret)
{
    (void)t_a;
    adt_sum_all_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret != 0)
        adt_sum_all_pb(a, t_d_a, t_d_ret);
}

void adt_mean_all_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double d_ret,
                        double t_d_ret)
{
    (void)t_a;
    adt_mean_all_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret != 0)
        adt_mean_all_pb(a, t_d_a, t_d_ret);
}

/* ---- bilinear ops: the pullback with an operand replaced by its tangent ---- */

/* mul: d_a += g b, d_b += g a; so t_d_a += g t_b and t_d_b += g t_a */
void adt_mul_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_mul_pb_pf", "t_a", t_a, "a", a);
    adti_check_tangent("adt_mul_pb_pf", "t_b", t_b, "b", b);
    adt_mul_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_mul_pb(a, t_d_a, b, t_d_b, t_d_ret);
    if (t_d_a && t_b)
        adt_mul_pb(a, t_d_a, t_b, NULL, d_ret);
    if (t_d_b && t_a)
        adt_mul_pb(t_a, NULL, b, t_d_b, d_ret);
}

/* mul_scalar: d_a += s g, d_s += <a, g> */
void adt_mul_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double s,
                          double t_s, double *d_s, double *t_d_s, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_mul_scalar_pb_pf", "t_a", t_a, "a", a);
    adt_mul_scalar_pb(a, d_a, s, d_s, d_ret);
    if ((t_d_a || t_d_s) && t_d_ret)
        adt_mul_scalar_pb(a, t_d_a, s, t_d_s, t_d_ret);
    if (t_d_a && t_s != 0)
        adt_mul_scalar_pb(a, t_d_a, t_s, NULL, d_ret);
    if (t_d_s && t_a)
        adt_mul_scalar_pb(t_a, NULL, s, t_d_s, d_ret);
}

void adt_matmul_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                      const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                      const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_matmul_pb_pf", "t_a", t_a, "a", a);
    adti_check_tangent("adt_matmul_pb_pf", "t_b", t_b, "b", b);
    adt_matmul_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_matmul_pb(a, t_d_a, b, t_d_b, t_d_ret);
    if (t_d_a && t_b)
        adt_matmul_pb(a, t_d_a, t_b, NULL, d_ret);
    if (t_d_b && t_a)
        adt_matmul_pb(t_a, NULL, b, t_d_b, d_ret);
}

void adt_bmm_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_bmm_pb_pf", "t_a", t_a, "a", a);
    adti_check_tangent("adt_bmm_pb_pf", "t_b", t_b, "b", b);
    adt_bmm_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_bmm_pb(a, t_d_a, b, t_d_b, t_d_ret);
    if (t_d_a && t_b)
        adt_bmm_pb(a, t_d_a, t_b, NULL, d_ret);
    if (t_d_b && t_a)
        adt_bmm_pb(t_a, NULL, b, t_d_b, d_ret);
}

/* linear: bilinear in (x, w), linear in bias */
void adt_linear_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x,
                      const adt_tensor *w, const adt_tensor *t_w, adt_tensor *d_w, adt_tensor *t_d_w,
                      const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor *d_bias, adt_tensor *t_d_bias,
                      const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_linear_pb_pf", "t_x", t_x, "x", x);
    adti_check_tangent("adt_linear_pb_pf", "t_w", t_w, "w", w);
    (void)t_bias;
    adt_linear_pb(x, d_x, w, d_w, bias, d_bias, d_ret);
    if ((t_d_x || t_d_w || t_d_bias) && t_d_ret)
        adt_linear_pb(x, t_d_x, w, t_d_w, bias, t_d_bias, t_d_ret);
    if (t_d_x && t_w)
        adt_linear_pb(x, t_d_x, t_w, NULL, bias, NULL, d_ret);
    if (t_d_w && t_x)
        adt_linear_pb(t_x, NULL, w, t_d_w, bias, NULL, d_ret);
}

/* ---- the other elementwise ops: t_d_a += g f''(a) t_a ---- */

/* f''(a) of one unary op, a new tensor */
typedef adt_tensor *(*SecondDerivative)(adti_temps *k, const adt_tensor *a);

static void unary_second(const char *fn, const adt_tensor *a, const adt_tensor *t_a, adt_tensor *t_d_a,
                         const adt_tensor *d_ret, SecondDerivative f2)
{
    adti_check_tangent(fn, "t_a", t_a, "a", a);
    if (!t_d_a || !t_a)
        return;
    adti_temps k = {0};
    adt_tensor *h = f2(&k, a);
    adti_acc_opt(t_d_a, adti_keep(&k, adt_mul(adti_keep(&k, adt_mul(d_ret, h)), t_a)));
    adti_release(&k);
}

static adt_tensor *exp_second(adti_temps *k, const adt_tensor *a)
{
    return adti_keep(k, adt_exp(a));
}

/* log: -1 / a^2 */
static adt_tensor *log_second(adti_temps *k, const adt_tensor *a)
{
    return adti_keep(k, adt_mul_scalar(adti_keep(k, adt_pow_scalar(a, -2.0)), -1.0));
}

/* sqrt: -a^(-3/2) / 4 */
static adt_tensor *sqrt_second(adti_temps *k, const adt_tensor *a)
{
    return adti_keep(k, adt_mul_scalar(adti_keep(k, adt_pow_scalar(a, -1.5)), -0.25));
}

/* tanh: -2 y (1 - y^2) = 2 (y^3 - y), y = tanh(a) */
static adt_tensor *tanh_second(adti_temps *k, const adt_tensor *a)
{
    adt_tensor *y = adti_keep(k, adt_tanh(a));
    adt_tensor *y3 = adti_keep(k, adt_pow_scalar(y, 3.0));
    return adti_keep(k, adt_mul_scalar(adti_keep(k, adt_sub(y3, y)), 2.0));
}

/* sigmoid: s (1 - s) (1 - 2 s), s = sigmoid(a) */
static adt_tensor *sigmoid_second(adti_temps *k, const adt_tensor *a)
{
    adt_tensor *s = adti_keep(k, adt_sigmoid(a));
    adt_tensor *s1 = adti_keep(k, adt_sub(s, adti_keep(k, adt_mul(s, s))));
    adt_tensor *s2 = adti_keep(k, adt_add_scalar(adti_keep(k, adt_mul_scalar(s, -2.0)), 1.0));
    return adti_keep(k, adt_mul(s1, s2));
}

void adt_exp_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adt_exp_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_exp_pb(a, t_d_a, t_d_ret);
    unary_second("adt_exp_pb_pf", a, t_a, t_d_a, d_ret, exp_second);
}

void adt_log_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adt_log_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_log_pb(a, t_d_a, t_d_ret);
    unary_second("adt_log_pb_pf", a, t_a, t_d_a, d_ret, log_second);
}

void adt_sqrt_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adt_sqrt_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_sqrt_pb(a, t_d_a, t_d_ret);
    unary_second("adt_sqrt_pb_pf", a, t_a, t_d_a, d_ret, sqrt_second);
}

void adt_tanh_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                    const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adt_tanh_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_tanh_pb(a, t_d_a, t_d_ret);
    unary_second("adt_tanh_pb_pf", a, t_a, t_d_a, d_ret, tanh_second);
}

void adt_sigmoid_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                       const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adt_sigmoid_pb(a, d_a, d_ret);
    if (t_d_a && t_d_ret)
        adt_sigmoid_pb(a, t_d_a, t_d_ret);
    unary_second("adt_sigmoid_pb_pf", a, t_a, t_d_a, d_ret, sigmoid_second);
}

/* div, y = a / b: d_a += g / b, d_b += -g a / b^2. With r = g / b^2:
 * t_d_a += -r t_b, t_d_b += -r t_a + 2 r a t_b / b (all broadcast, then
 * summed down to each operand's shape). */
void adt_div_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_div_pb_pf", "t_a", t_a, "a", a);
    adti_check_tangent("adt_div_pb_pf", "t_b", t_b, "b", b);
    adt_div_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_div_pb(a, t_d_a, b, t_d_b, t_d_ret);
    if (!(t_d_a && t_b) && !(t_d_b && (t_a || t_b)))
        return;
    adti_temps k = {0};
    adt_tensor *r = adti_keep(&k, adt_div(adti_keep(&k, adt_div(d_ret, b)), b));
    if (t_b) {
        adt_tensor *rt = adti_keep(&k, adt_mul(r, t_b));
        acc_neg(&k, t_d_a, rt);
        if (t_d_b) {
            adt_tensor *q = adti_keep(&k, adt_div(adti_keep(&k, adt_mul(rt, a)), b));
            adti_acc_opt(t_d_b, adti_keep(&k, adt_mul_scalar(q, 2.0)));
        }
    }
    if (t_d_b && t_a)
        acc_neg(&k, t_d_b, adti_keep(&k, adt_mul(r, t_a)));
    adti_release(&k);
}

/* pow_scalar, y = a^p: d_a += g p a^(p-1), d_p += sum g a^p log a.
 *   t_d_a += g (p (p-1) a^(p-2) t_a + m t_p)
 *   t_d_p += sum g (m t_a + a^p log^2 a t_p),   m = a^(p-1) (1 + p log a).
 * The log terms are formed only when p carries a tangent or an adjoint. */
void adt_pow_scalar_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, double p,
                          double t_p, double *d_p, double *t_d_p, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_pow_scalar_pb_pf", "t_a", t_a, "a", a);
    adt_pow_scalar_pb(a, d_a, p, d_p, d_ret);
    if ((t_d_a || t_d_p) && t_d_ret)
        adt_pow_scalar_pb(a, t_d_a, p, t_d_p, t_d_ret);
    adti_temps k = {0};
    if (t_d_a && t_a && p * (p - 1) != 0) {
        adt_tensor *h = adti_keep(&k, adt_mul_scalar(adti_keep(&k, adt_pow_scalar(a, p - 2)), p * (p - 1)));
        adti_acc_opt(t_d_a, adti_keep(&k, adt_mul(adti_keep(&k, adt_mul(d_ret, h)), t_a)));
    }
    bool mixed = (t_d_a && t_p != 0) || (t_d_p && t_a);
    if (mixed || (t_d_p && t_p != 0)) {
        adt_tensor *lg = adti_keep(&k, adt_log(a));
        adt_tensor *ga = adti_keep(&k, adt_mul(d_ret, adti_keep(&k, adt_pow_scalar(a, p - 1))));
        /* g m = g a^(p-1) (1 + p log a) */
        adt_tensor *gm = adti_keep(&k, adt_mul(ga, adti_keep(&k, adt_add_scalar(adti_keep(&k, adt_mul_scalar(lg, p)),
                                                                              1.0))));
        if (t_d_a && t_p != 0)
            adt_axpy_(t_d_a, t_p, gm);
        if (t_d_p && t_a)
            *t_d_p += adt_sum_all(adti_keep(&k, adt_mul(gm, t_a)));
        if (t_d_p && t_p != 0) {
            /* g a^p log^2 a = (g a^(p-1)) a log^2 a */
            adt_tensor *l2 = adti_keep(&k, adt_mul(lg, lg));
            *t_d_p += t_p * adt_sum_all(adti_keep(&k, adt_mul(adti_keep(&k, adt_mul(ga, a)), l2)));
        }
    }
    adti_release(&k);
}
