/* adt_second_nn.c: second-order rules (the forward rules <op>_pb_pf of the
 * pullbacks, as adt_second.c explains) of softmax, log_softmax, the losses,
 * concatenation, convolution, pooling and the dropout mask. Each one runs
 * the pullback, the pullback again seeded with the seed's tangent into the
 * tangents of the adjoints, and the term from the tangents of the inputs,
 * written with the runtime's own ops. */
#include "internal.h"

/* The tangent of softmax(a, dim) along t_a, a new tensor (y, too, when asked). */
static adt_tensor *softmax_tangent(adti_temps *k, const adt_tensor *a, const adt_tensor *t_a, int dim,
                                   adt_tensor **y)
{
    adt_tensor *t_y = NULL;
    adt_tensor *p = adti_keep(k, adt_softmax_pf(a, t_a, dim, &t_y));
    if (y)
        *y = p;
    return adti_keep(k, t_y);
}

/* softmax: d_a += y (g - sum_dim g y). Along t_a, with t_y = softmax's tangent:
 * t_d_a += t_y (g - sum_dim g y) - y sum_dim g t_y. */
void adt_softmax_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                       const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_softmax_pb_pf", "t_a", t_a, "a", a);
    adt_softmax_pb(a, d_a, dim, d_ret);
    if (t_d_a && t_d_ret)
        adt_softmax_pb(a, t_d_a, dim, t_d_ret);
    if (!t_d_a || !t_a)
        return;
    adti_temps k = {0};
    adt_tensor *y;
    adt_tensor *t_y = softmax_tangent(&k, a, t_a, dim, &y);
    adt_tensor *gy = adti_keep(&k, adt_sum(adti_keep(&k, adt_mul(d_ret, y)), dim, 1));
    adt_tensor *centred = adti_keep(&k, adt_sub(d_ret, gy));
    adti_acc_opt(t_d_a, adti_keep(&k, adt_mul(t_y, centred)));
    adt_tensor *gt = adti_keep(&k, adt_sum(adti_keep(&k, adt_mul(d_ret, t_y)), dim, 1));
    adti_acc_opt(t_d_a, adti_keep(&k, adt_neg(adti_keep(&k, adt_mul(y, gt)))));
    adti_release(&k);
}

/* log_softmax: d_a += g - p sum_dim g, p = softmax(a); t_d_a += -t_p sum_dim g */
void adt_log_softmax_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a, int dim,
                           const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_log_softmax_pb_pf", "t_a", t_a, "a", a);
    adt_log_softmax_pb(a, d_a, dim, d_ret);
    if (t_d_a && t_d_ret)
        adt_log_softmax_pb(a, t_d_a, dim, t_d_ret);
    if (!t_d_a || !t_a)
        return;
    adti_temps k = {0};
    adt_tensor *t_p = softmax_tangent(&k, a, t_a, dim, NULL);
    adt_tensor *gs = adti_keep(&k, adt_sum(d_ret, dim, 1));
    adti_acc_opt(t_d_a, adti_keep(&k, adt_neg(adti_keep(&k, adt_mul(t_p, gs)))));
    adti_release(&k);
}

/* cross entropy over logits [n, c]: d_logits += g/n (softmax(logits) - onehot);
 * t_d_logits += g/n t_p, t_p the tangent of softmax along the classes. */
void adt_cross_entropy_pb_pf(const adt_tensor *logits, const adt_tensor *t_logits, adt_tensor *d_logits,
                             adt_tensor *t_d_logits, const adt_tensor *labels, const adt_tensor *t_labels,
                             adt_tensor *d_labels, adt_tensor *t_d_labels, double d_ret, double t_d_ret)
{
    adti_check_tangent("adt_cross_entropy_pb_pf", "t_logits", t_logits, "logits", logits);
    (void)t_labels;
    adt_cross_entropy_pb(logits, d_logits, labels, d_labels, d_ret);
    if ((t_d_logits || t_d_labels) && t_d_ret != 0)
        adt_cross_entropy_pb(logits, t_d_logits, labels, t_d_labels, t_d_ret);
    if (!t_d_logits || !t_logits || d_ret == 0)
        return;
    adti_temps k = {0};
    adt_tensor *t_p = softmax_tangent(&k, logits, t_logits, 1, NULL);
    adt_axpy_(t_d_logits, d_ret / (double)logits->shape[0], t_p);
    adti_release(&k);
}

/* mse: d_a += k (a - b), d_b -= k (a - b), k = 2 g / N: linear in (a, b),
 * so the term from the tangents is the pullback at (t_a, t_b) */
void adt_mse_loss_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                        const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b, double d_ret,
                        double t_d_ret)
{
    adti_check_tangent("adt_mse_loss_pb_pf", "t_a", t_a, "a", a);
    adti_check_tangent("adt_mse_loss_pb_pf", "t_b", t_b, "b", b);
    adt_mse_loss_pb(a, d_a, b, d_b, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret != 0)
        adt_mse_loss_pb(a, t_d_a, b, t_d_b, t_d_ret);
    if ((!t_d_a && !t_d_b) || (!t_a && !t_b) || d_ret == 0)
        return;
    adti_temps k = {0};
    const adt_tensor *u = t_a ? t_a : adti_keep(&k, adt_zeros_like(a));
    const adt_tensor *v = t_b ? t_b : adti_keep(&k, adt_zeros_like(b));
    adt_mse_loss_pb(u, t_d_a, v, t_d_b, d_ret);
    adti_release(&k);
}

void adt_cat_pb_pf(const adt_tensor *a, const adt_tensor *t_a, adt_tensor *d_a, adt_tensor *t_d_a,
                   const adt_tensor *b, const adt_tensor *t_b, adt_tensor *d_b, adt_tensor *t_d_b, int dim,
                   const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_a, (void)t_b;
    adt_cat_pb(a, d_a, b, d_b, dim, d_ret);
    if ((t_d_a || t_d_b) && t_d_ret)
        adt_cat_pb(a, t_d_a, b, t_d_b, dim, t_d_ret);
}

/* conv2d: bilinear in (x, w), linear in bias */
void adt_conv2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x,
                      const adt_tensor *w, const adt_tensor *t_w, adt_tensor *d_w, adt_tensor *t_d_w,
                      const adt_tensor *bias, const adt_tensor *t_bias, adt_tensor *d_bias, adt_tensor *t_d_bias,
                      int stride, int padding, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    adti_check_tangent("adt_conv2d_pb_pf", "t_x", t_x, "x", x);
    adti_check_tangent("adt_conv2d_pb_pf", "t_w", t_w, "w", w);
    (void)t_bias;
    adt_conv2d_pb(x, d_x, w, d_w, bias, d_bias, stride, padding, d_ret);
    if ((t_d_x || t_d_w || t_d_bias) && t_d_ret)
        adt_conv2d_pb(x, t_d_x, w, t_d_w, bias, t_d_bias, stride, padding, t_d_ret);
    if (t_d_x && t_w)
        adt_conv2d_pb(x, t_d_x, t_w, NULL, bias, NULL, stride, padding, d_ret);
    if (t_d_w && t_x)
        adt_conv2d_pb(t_x, NULL, w, t_d_w, bias, NULL, stride, padding, d_ret);
}

/* each window's seed goes to its first maximum: piecewise linear */
void adt_max_pool2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x, int k,
                          int stride, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_x;
    adt_max_pool2d_pb(x, d_x, k, stride, d_ret);
    if (t_d_x && t_d_ret)
        adt_max_pool2d_pb(x, t_d_x, k, stride, t_d_ret);
}

void adt_avg_pool2d_pb_pf(const adt_tensor *x, const adt_tensor *t_x, adt_tensor *d_x, adt_tensor *t_d_x, int k,
                          int stride, const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_x;
    adt_avg_pool2d_pb(x, d_x, k, stride, d_ret);
    if (t_d_x && t_d_ret)
        adt_avg_pool2d_pb(x, t_d_x, k, stride, t_d_ret);
}

/* the mask gives like nothing and refuses d_p: so do its tangents */
void adt_dropout_mask_pb_pf(adt_rng *rng, const adt_tensor *like, const adt_tensor *t_like, adt_tensor *d_like,
                            adt_tensor *t_d_like, double p, double t_p, double *d_p, double *t_d_p,
                            const adt_tensor *d_ret, const adt_tensor *t_d_ret)
{
    (void)t_like, (void)t_p;
    adt_dropout_mask_pb(rng, like, d_like, p, d_p, d_ret);
    if ((t_d_like || t_d_p) && t_d_ret)
        adt_dropout_mask_pb(rng, like, t_d_like, p, t_d_p, t_d_ret);
}
