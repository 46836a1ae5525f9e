/* adt_loss.c: softmax and log_softmax over one dimension, the cross-entropy
 * and mean-squared-error losses, and their reverse and forward rules. Every
 * softmax subtracts the line's maximum first; reverse rules recompute what
 * they need, forward rules use the primal they compute. The ops and their
 * reverse rules run on the CUDA device too (cuda/adcu_loss.c, through the
 * ADTI_CUDA hooks, with the argument checks shared here). */
#include "internal.h"

#include <math.h>

/* Scratch of up to this many elements lives on the stack. */
#define STACK_SCRATCH 512

/* ---- lines along one dimension ----
 * Walks every position of the other dimensions; for each, off[k] is where
 * operand k's line starts and step[k] its stride along the line. */
typedef struct Lines {
    adti_iter it;
    int64_t len;
    int64_t step[ADTI_ITER_MAX];
} Lines;

static void lines_init(Lines *l, int dim, int nops, const adt_tensor *const *ops)
{
    adti_lines s;
    adti_lines_of(&s, ops[0], dim, nops, ops);
    memcpy(l->step, s.step, sizeof l->step);
    l->len = s.len;
    adti_iter_init_strides(&l->it, s.ndim, s.shape, nops, (const int64_t(*)[ADT_MAX_DIMS])s.stride);
}

/* Scratch for n elements of dt: buf (STACK_SCRATCH doubles) when it fits,
 * else the heap (release with scratch_free). */
static void *scratch(double *buf, int64_t n, adt_dtype dt)
{
    if (n <= STACK_SCRATCH)
        return buf;
    return adti_alloc(adti_mul_size("adt_softmax", (size_t)n, adti_dtype_size(dt)));
}

static void scratch_free(void *p, const double *buf)
{
    if (p != buf)
        adti_free(p);
}

/* ---- softmax and log_softmax: line kernels ----
 * softmax:      y_i = e_i / s,  e_i = exp(x_i - max x),  s = sum e_i
 * log_softmax:  y_i = (x_i - max x) - log s  (x_i - max x is exact) */

static void softmax_line_f32(const float *x, int64_t xs, float *y, int64_t ys, int64_t n, int take_log)
{
    float m = -INFINITY, s = 0;
    for (int64_t i = 0; i < n; i++)
        m = fmaxf(m, x[i * xs]);
    if (take_log) {
        for (int64_t i = 0; i < n; i++)
            s += expf(x[i * xs] - m);
        float ls = logf(s);
        for (int64_t i = 0; i < n; i++)
            y[i * ys] = (x[i * xs] - m) - ls;
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        float e = expf(x[i * xs] - m);
        y[i * ys] = e;
        s += e;
    }
    float r = 1 / s;
    for (int64_t i = 0; i < n; i++)
        y[i * ys] *= r;
}

static void softmax_line_f64(const double *x, int64_t xs, double *y, int64_t ys, int64_t n, int take_log)
{
    double m = -INFINITY, s = 0;
    for (int64_t i = 0; i < n; i++)
        m = fmax(m, x[i * xs]);
    if (take_log) {
        for (int64_t i = 0; i < n; i++)
            s += exp(x[i * xs] - m);
        double ls = log(s);
        for (int64_t i = 0; i < n; i++)
            y[i * ys] = (x[i * xs] - m) - ls;
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        double e = exp(x[i * xs] - m);
        y[i * ys] = e;
        s += e;
    }
    double r = 1 / s;
    for (int64_t i = 0; i < n; i++)
        y[i * ys] *= r;
}

/* Reverse, with p = softmax(x) recomputed into e (n elements of scratch):
 * softmax:      d x_i += p_i (g_i - sum_j g_j p_j)
 * log_softmax:  d x_i += g_i - p_i sum_j g_j */
static void softmax_pb_line_f32(const float *x, int64_t xs, float *d, int64_t ds, const float *g, int64_t gs,
                                int64_t n, int take_log, float *e)
{
    float m = -INFINITY, s = 0, acc = 0;
    for (int64_t i = 0; i < n; i++)
        m = fmaxf(m, x[i * xs]);
    for (int64_t i = 0; i < n; i++) {
        e[i] = expf(x[i * xs] - m);
        s += e[i];
    }
    float r = 1 / s;
    for (int64_t i = 0; i < n; i++) {
        e[i] *= r;
        acc += take_log ? g[i * gs] : g[i * gs] * e[i];
    }
    for (int64_t i = 0; i < n; i++)
        d[i * ds] += take_log ? g[i * gs] - e[i] * acc : e[i] * (g[i * gs] - acc);
}

static void softmax_pb_line_f64(const double *x, int64_t xs, double *d, int64_t ds, const double *g, int64_t gs,
                                int64_t n, int take_log, double *e)
{
    double m = -INFINITY, s = 0, acc = 0;
    for (int64_t i = 0; i < n; i++)
        m = fmax(m, x[i * xs]);
    for (int64_t i = 0; i < n; i++) {
        e[i] = exp(x[i * xs] - m);
        s += e[i];
    }
    double r = 1 / s;
    for (int64_t i = 0; i < n; i++) {
        e[i] *= r;
        acc += take_log ? g[i * gs] : g[i * gs] * e[i];
    }
    for (int64_t i = 0; i < n; i++)
        d[i * ds] += take_log ? g[i * gs] - e[i] * acc : e[i] * (g[i * gs] - acc);
}

/* ---- softmax and log_softmax: ops ---- */

static adt_tensor *softmax_forward(const char *fn, const adt_tensor *a, int dim, int take_log)
{
    adti_check_tensor(fn, "a", a);
    dim = adti_check_dim(fn, a, dim);
    adt_tensor *y = adti_new(fn, a->dtype, a->ndim, a->shape, 0);
    Lines l;
    lines_init(&l, dim, 2, (const adt_tensor *[]){a, y});
    while (adti_iter_next(&l.it)) {
        for (int64_t i = 0; i < l.it.n; i++) {
            int64_t oa = l.it.off[0] + i * l.it.step[0], oy = l.it.off[1] + i * l.it.step[1];
            switch (a->dtype) {
            case ADT_F32:
                softmax_line_f32(adt_f32(a) + oa, l.step[0], adt_f32(y) + oy, l.step[1], l.len, take_log);
                break;
            case ADT_F64:
                softmax_line_f64(adt_f64(a) + oa, l.step[0], adt_f64(y) + oy, l.step[1], l.len, take_log);
                break;
            }
        }
    }
    return y;
}

int adti_check_softmax_pb(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                          int dim, const adt_tensor *d_ret)
{
    check(fn, "a", a);
    dim = adti_check_dim(fn, a, dim);
    check(fn, "d_ret", d_ret);
    adti_check_same_dtype(fn, "d_ret", d_ret, "a", a);
    adti_check_shape_is(fn, "d_ret", d_ret, "a", a->ndim, a->shape);
    if (d_a) {
        adti_check_same_dtype(fn, "d_a", d_a, "a", a);
        adti_check_shape_is(fn, "d_a", d_a, "a", a->ndim, a->shape);
    }
    return dim;
}

static void softmax_backward(const char *fn, const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret,
                             int take_log)
{
    double buf[STACK_SCRATCH];
    dim = adti_check_softmax_pb(fn, adti_check_tensor, a, d_a, dim, d_ret);
    if (!d_a)
        return;
    Lines l;
    lines_init(&l, dim, 3, (const adt_tensor *[]){a, d_a, d_ret});
    void *e = scratch(buf, l.len, a->dtype);
    while (adti_iter_next(&l.it)) {
        for (int64_t i = 0; i < l.it.n; i++) {
            int64_t oa = l.it.off[0] + i * l.it.step[0], od = l.it.off[1] + i * l.it.step[1];
            int64_t og = l.it.off[2] + i * l.it.step[2];
            switch (a->dtype) {
            case ADT_F32:
                softmax_pb_line_f32(adt_f32(a) + oa, l.step[0], adt_f32(d_a) + od, l.step[1], adt_f32(d_ret) + og,
                                    l.step[2], l.len, take_log, e);
                break;
            case ADT_F64:
                softmax_pb_line_f64(adt_f64(a) + oa, l.step[0], adt_f64(d_a) + od, l.step[1], adt_f64(d_ret) + og,
                                    l.step[2], l.len, take_log, e);
                break;
            }
        }
    }
    scratch_free(e, buf);
}

/* Forward, from the primal output y and the tangent u of x:
 * softmax:      t_i = y_i (u_i - sum_j y_j u_j)
 * log_softmax:  t_i = u_i - sum_j exp(y_j) u_j */
static void softmax_pf_line_f32(const float *y, int64_t ys, const float *u, int64_t us, float *t, int64_t ts,
                                int64_t n, int take_log)
{
    float acc = 0;
    for (int64_t i = 0; i < n; i++)
        acc += (take_log ? expf(y[i * ys]) : y[i * ys]) * u[i * us];
    for (int64_t i = 0; i < n; i++)
        t[i * ts] = take_log ? u[i * us] - acc : y[i * ys] * (u[i * us] - acc);
}

static void softmax_pf_line_f64(const double *y, int64_t ys, const double *u, int64_t us, double *t, int64_t ts,
                                int64_t n, int take_log)
{
    double acc = 0;
    for (int64_t i = 0; i < n; i++)
        acc += (take_log ? exp(y[i * ys]) : y[i * ys]) * u[i * us];
    for (int64_t i = 0; i < n; i++)
        t[i * ts] = take_log ? u[i * us] - acc : y[i * ys] * (u[i * us] - acc);
}

static adt_tensor *softmax_pushforward(const char *fn, const adt_tensor *a, const adt_tensor *t_a, int dim,
                                       adt_tensor **t_ret, int take_log)
{
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adti_softmax_pf_ops(fn, a, t_a, dim, t_ret, take_log), fn, 2, a, t_a);
    adti_check_tensor(fn, "a", a);
    dim = adti_check_dim(fn, a, dim);
    if (t_a) {
        adti_check_tensor(fn, "t_a", t_a);
        adti_check_same_dtype(fn, "t_a", t_a, "a", a);
        adti_check_shape_is(fn, "t_a", t_a, "a", a->ndim, a->shape);
    }
    adt_tensor *y = softmax_forward(fn, a, dim, take_log);
    adt_tensor *t = adti_new(fn, a->dtype, a->ndim, a->shape, !t_a);
    *t_ret = t;
    if (!t_a)
        return y;
    Lines l;
    lines_init(&l, dim, 3, (const adt_tensor *[]){y, t_a, t});
    while (adti_iter_next(&l.it)) {
        for (int64_t i = 0; i < l.it.n; i++) {
            int64_t oy = l.it.off[0] + i * l.it.step[0], ou = l.it.off[1] + i * l.it.step[1];
            int64_t ot = l.it.off[2] + i * l.it.step[2];
            switch (a->dtype) {
            case ADT_F32:
                softmax_pf_line_f32(adt_f32(y) + oy, l.step[0], adt_f32(t_a) + ou, l.step[1], adt_f32(t) + ot,
                                    l.step[2], l.len, take_log);
                break;
            case ADT_F64:
                softmax_pf_line_f64(adt_f64(y) + oy, l.step[0], adt_f64(t_a) + ou, l.step[1], adt_f64(t) + ot,
                                    l.step[2], l.len, take_log);
                break;
            }
        }
    }
    return y;
}

adt_tensor *adt_softmax(const adt_tensor *a, int dim)
{
    ADTI_CUDA_RETURN(adcu_softmax("adt_softmax", a, dim, 0), "adt_softmax", 1, a);
    return softmax_forward("adt_softmax", a, dim, 0);
}

adt_tensor *adt_log_softmax(const adt_tensor *a, int dim)
{
    ADTI_CUDA_RETURN(adcu_softmax("adt_log_softmax", a, dim, 1), "adt_log_softmax", 1, a);
    return softmax_forward("adt_log_softmax", a, dim, 1);
}

void adt_softmax_pb(const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_softmax_pb("adt_softmax_pb", a, d_a, dim, d_ret, 0), "adt_softmax_pb", 3, a, d_a, d_ret);
    softmax_backward("adt_softmax_pb", a, d_a, dim, d_ret, 0);
}

void adt_log_softmax_pb(const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret)
{
    ADTI_CUDA_DO(adcu_softmax_pb("adt_log_softmax_pb", a, d_a, dim, d_ret, 1), "adt_log_softmax_pb", 3, a, d_a,
                 d_ret);
    softmax_backward("adt_log_softmax_pb", a, d_a, dim, d_ret, 1);
}

adt_tensor *adt_softmax_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, adt_tensor **t_ret)
{
    return softmax_pushforward("adt_softmax_pf", a, t_a, dim, t_ret, 0);
}

adt_tensor *adt_log_softmax_pf(const adt_tensor *a, const adt_tensor *t_a, int dim, adt_tensor **t_ret)
{
    return softmax_pushforward("adt_log_softmax_pf", a, t_a, dim, t_ret, 1);
}

/* ---- cross entropy: mean_i (log sum_j exp x_ij - x_i,label_i) ---- */

void adti_check_cross_entropy(const char *fn, adti_tensor_check check, const adt_tensor *logits,
                              const adt_tensor *labels)
{
    char s[ADTI_SHAPE_STR];
    check(fn, "logits", logits);
    check(fn, "labels", labels);
    if (logits->ndim != 2)
        adt_error("%s: logits must have 2 dimensions [n, classes], got shape %s", fn,
                  adti_shape_str(s, logits->ndim, logits->shape));
    adti_check_shape_is(fn, "labels", labels, "logits' batch", 1, logits->shape);
}

void adti_check_label(const char *fn, int64_t i, double v, int64_t classes)
{
    if (!(v >= 0 && v < (double)classes))
        adt_error("%s: labels[%lld] = %g is out of range for %lld classes", fn, (long long)i, v, (long long)classes);
    if (v != floor(v))
        adt_error("%s: labels[%lld] = %g is not a class index", fn, (long long)i, v);
}

/* logits [n, c] and labels [n] of integral values in [0, c) (labels may
 * have either dtype). Every label is checked before any work starts. */
static void check_cross_entropy(const char *fn, const adt_tensor *logits, const adt_tensor *labels)
{
    adti_check_cross_entropy(fn, adti_check_tensor, logits, labels);
    for (int64_t i = 0; i < labels->shape[0]; i++)
        adti_check_label(fn, i, adti_read(labels, i * labels->stride[0]), logits->shape[1]);
}

static int64_t label_at(const adt_tensor *labels, int64_t i)
{
    return (int64_t)adti_read(labels, i * labels->stride[0]);
}

/* log sum_j exp x_j - x_label for one row; when u (the row's tangent,
 * stride us) is given, *t also gets the tangent sum_j softmax(x)_j u_j - u_label
 * from the same exponentials. */
static double ce_row_f32(const float *x, int64_t xs, int64_t c, int64_t label, const float *u, int64_t us,
                         double *t)
{
    float m = -INFINITY, s = 0, su = 0;
    for (int64_t j = 0; j < c; j++)
        m = fmaxf(m, x[j * xs]);
    if (u) {
        for (int64_t j = 0; j < c; j++) {
            float e = expf(x[j * xs] - m);
            s += e;
            su += e * u[j * us];
        }
        *t = (double)(su / s - u[label * us]);
    } else {
        for (int64_t j = 0; j < c; j++)
            s += expf(x[j * xs] - m);
    }
    return log((double)s) - (double)(x[label * xs] - m);
}

static double ce_row_f64(const double *x, int64_t xs, int64_t c, int64_t label, const double *u, int64_t us,
                         double *t)
{
    double m = -INFINITY, s = 0, su = 0;
    for (int64_t j = 0; j < c; j++)
        m = fmax(m, x[j * xs]);
    if (u) {
        for (int64_t j = 0; j < c; j++) {
            double e = exp(x[j * xs] - m);
            s += e;
            su += e * u[j * us];
        }
        *t = su / s - u[label * us];
    } else {
        for (int64_t j = 0; j < c; j++)
            s += exp(x[j * xs] - m);
    }
    return log(s) - (x[label * xs] - m);
}

/* The mean loss over the batch; with u (the tangent of logits) given, *t
 * gets the mean tangent. Arguments are checked. */
static double cross_entropy(const adt_tensor *logits, const adt_tensor *labels, const adt_tensor *u, double *t)
{
    int64_t n = logits->shape[0], c = logits->shape[1], rs = logits->stride[0], cs = logits->stride[1];
    int64_t urs = u ? u->stride[0] : 0, ucs = u ? u->stride[1] : 0;
    double total = 0, t_total = 0, ti = 0;
    for (int64_t i = 0; i < n; i++) {
        switch (logits->dtype) {
        case ADT_F32:
            total += ce_row_f32(adt_f32(logits) + i * rs, cs, c, label_at(labels, i), u ? adt_f32(u) + i * urs : NULL,
                                ucs, &ti);
            break;
        case ADT_F64:
            total += ce_row_f64(adt_f64(logits) + i * rs, cs, c, label_at(labels, i), u ? adt_f64(u) + i * urs : NULL,
                                ucs, &ti);
            break;
        }
        t_total += ti;
    }
    if (t)
        *t = t_total / (double)n;
    return total / (double)n;
}

double adt_cross_entropy(const adt_tensor *logits, const adt_tensor *labels)
{
    ADTI_CUDA_RETURN(adcu_cross_entropy(logits, labels), "adt_cross_entropy", 2, logits, labels);
    check_cross_entropy("adt_cross_entropy", logits, labels);
    return cross_entropy(logits, labels, NULL, NULL);
}

/* t_ret = mean_i (sum_j softmax(x_i)_j t_ij - t_i,label_i); labels are class
 * indices: t_labels (checked when given) adds nothing. */
double adt_cross_entropy_pf(const adt_tensor *logits, const adt_tensor *t_logits, const adt_tensor *labels,
                            const adt_tensor *t_labels, double *t_ret)
{
    const char *fn = "adt_cross_entropy_pf";
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adti_cross_entropy_pf_ops(fn, logits, t_logits, labels, t_labels, t_ret), fn, 4, logits,
                     t_logits, labels, t_labels);
    check_cross_entropy(fn, logits, labels);
    if (t_labels) {
        adti_check_tensor(fn, "t_labels", t_labels);
        adti_check_shape_is(fn, "t_labels", t_labels, "labels", 1, labels->shape);
    }
    if (t_logits) {
        adti_check_tensor(fn, "t_logits", t_logits);
        adti_check_same_dtype(fn, "t_logits", t_logits, "logits", logits);
        adti_check_shape_is(fn, "t_logits", t_logits, "logits", 2, logits->shape);
    }
    *t_ret = 0;
    return cross_entropy(logits, labels, t_logits, t_logits ? t_ret : NULL);
}

/* d x_j += scale (softmax(x)_j - [j = label]), scale = d_ret / n; e holds
 * the c exponentials. */
static void ce_pb_row_f32(const float *x, int64_t xs, float *d, int64_t ds, int64_t c, int64_t label, float scale,
                          float *e)
{
    float m = -INFINITY, s = 0;
    for (int64_t j = 0; j < c; j++)
        m = fmaxf(m, x[j * xs]);
    for (int64_t j = 0; j < c; j++) {
        e[j] = expf(x[j * xs] - m);
        s += e[j];
    }
    float r = scale / s;
    for (int64_t j = 0; j < c; j++)
        d[j * ds] += e[j] * r;
    d[label * ds] -= scale;
}

static void ce_pb_row_f64(const double *x, int64_t xs, double *d, int64_t ds, int64_t c, int64_t label,
                          double scale, double *e)
{
    double m = -INFINITY, s = 0;
    for (int64_t j = 0; j < c; j++)
        m = fmax(m, x[j * xs]);
    for (int64_t j = 0; j < c; j++) {
        e[j] = exp(x[j * xs] - m);
        s += e[j];
    }
    double r = scale / s;
    for (int64_t j = 0; j < c; j++)
        d[j * ds] += e[j] * r;
    d[label * ds] -= scale;
}

/* Labels are class indices: their adjoint gets nothing. */
void adt_cross_entropy_pb(const adt_tensor *logits, adt_tensor *d_logits, const adt_tensor *labels,
                          adt_tensor *d_labels, double d_ret)
{
    ADTI_CUDA_DO(adcu_cross_entropy_pb(logits, d_logits, labels, d_labels, d_ret), "adt_cross_entropy_pb", 4, logits,
                 d_logits, labels, d_labels);
    const char *fn = "adt_cross_entropy_pb";
    double buf[STACK_SCRATCH];
    check_cross_entropy(fn, logits, labels);
    if (d_labels)
        adti_check_shape_is(fn, "d_labels", d_labels, "labels", 1, labels->shape);
    if (!d_logits)
        return;
    adti_check_same_dtype(fn, "d_logits", d_logits, "logits", logits);
    adti_check_shape_is(fn, "d_logits", d_logits, "logits", 2, logits->shape);
    int64_t n = logits->shape[0], c = logits->shape[1], rs = logits->stride[0], cs = logits->stride[1];
    int64_t drs = d_logits->stride[0], dcs = d_logits->stride[1];
    double scale = d_ret / (double)n;
    void *e = scratch(buf, c, logits->dtype);
    for (int64_t i = 0; i < n; i++) {
        switch (logits->dtype) {
        case ADT_F32:
            ce_pb_row_f32(adt_f32(logits) + i * rs, cs, adt_f32(d_logits) + i * drs, dcs, c, label_at(labels, i),
                          (float)scale, e);
            break;
        case ADT_F64:
            ce_pb_row_f64(adt_f64(logits) + i * rs, cs, adt_f64(d_logits) + i * drs, dcs, c, label_at(labels, i),
                          scale, e);
            break;
        }
    }
    scratch_free(e, buf);
}

/* ---- mean squared error: mean (a - b)^2 over all elements ---- */

void adti_check_mse(const char *fn, adti_tensor_check check, const adt_tensor *a, const adt_tensor *d_a,
                    const adt_tensor *b, const adt_tensor *d_b)
{
    char sa[ADTI_SHAPE_STR], sb[ADTI_SHAPE_STR];
    check(fn, "a", a);
    check(fn, "b", b);
    adti_check_same_dtype(fn, "a", a, "b", b);
    if (!adt_same_shape(a, b))
        adt_error("%s: shapes %s and %s differ", fn, adti_shape_str(sa, a->ndim, a->shape),
                  adti_shape_str(sb, b->ndim, b->shape));
    adti_check_like(fn, "d_a", d_a, "a", a, a->ndim, a->shape);
    adti_check_like(fn, "d_b", d_b, "b", b, b->ndim, b->shape);
}

static void check_mse(const char *fn, const adt_tensor *a, const adt_tensor *b)
{
    adti_check_mse(fn, adti_check_tensor, a, NULL, b, NULL);
}

/* sum (a - b)^2 over one row, in double */
static double mse_row_f32(const adti_iter *it, const float *a, const float *b)
{
    double sum = 0;
    for (int64_t i = 0; i < it->n; i++) {
        double u = (double)a[it->off[0] + i * it->step[0]] - (double)b[it->off[1] + i * it->step[1]];
        sum += u * u;
    }
    return sum;
}

static double mse_row_f64(const adti_iter *it, const double *a, const double *b)
{
    double sum = 0;
    for (int64_t i = 0; i < it->n; i++) {
        double u = a[it->off[0] + i * it->step[0]] - b[it->off[1] + i * it->step[1]];
        sum += u * u;
    }
    return sum;
}

double adt_mse_loss(const adt_tensor *a, const adt_tensor *b)
{
    ADTI_CUDA_RETURN(adcu_mse_loss(a, b), "adt_mse_loss", 2, a, b);
    check_mse("adt_mse_loss", a, b);
    adti_iter it;
    double total = 0;
    adti_iter_init(&it, a->ndim, a->shape, 2, (const adt_tensor *[]){a, b});
    while (adti_iter_next(&it)) {
        switch (a->dtype) {
        case ADT_F32: total += mse_row_f32(&it, adt_f32(a), adt_f32(b)); break;
        case ADT_F64: total += mse_row_f64(&it, adt_f64(a), adt_f64(b)); break;
        }
    }
    return total / (double)adt_numel(a);
}

/* d a += k (a - b),  d b -= k (a - b),  k = 2 d_ret / N, over one row. */
static void mse_pb_row_f32(const adti_iter *it, const float *a, const float *b, float *da, float *db, float k)
{
    for (int64_t i = 0; i < it->n; i++) {
        float u = k * (a[it->off[0] + i * it->step[0]] - b[it->off[1] + i * it->step[1]]);
        if (da)
            da[it->off[2] + i * it->step[2]] += u;
        if (db)
            db[it->off[3] + i * it->step[3]] -= u;
    }
}

static void mse_pb_row_f64(const adti_iter *it, const double *a, const double *b, double *da, double *db, double k)
{
    for (int64_t i = 0; i < it->n; i++) {
        double u = k * (a[it->off[0] + i * it->step[0]] - b[it->off[1] + i * it->step[1]]);
        if (da)
            da[it->off[2] + i * it->step[2]] += u;
        if (db)
            db[it->off[3] + i * it->step[3]] -= u;
    }
}

void adt_mse_loss_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, double d_ret)
{
    ADTI_CUDA_DO(adcu_mse_loss_pb(a, d_a, b, d_b, d_ret), "adt_mse_loss_pb", 4, a, d_a, b, d_b);
    const char *fn = "adt_mse_loss_pb";
    adti_check_mse(fn, adti_check_tensor, a, d_a, b, d_b);
    if (!d_a && !d_b)
        return;
    double k = 2 * d_ret / (double)adt_numel(a);
    adti_iter it;
    /* a stands in for a missing adjoint; its pointer below is NULL */
    adti_iter_init(&it, a->ndim, a->shape, 4, (const adt_tensor *[]){a, b, d_a ? d_a : a, d_b ? d_b : a});
    while (adti_iter_next(&it)) {
        switch (a->dtype) {
        case ADT_F32:
            mse_pb_row_f32(&it, adt_f32(a), adt_f32(b), d_a ? adt_f32(d_a) : NULL, d_b ? adt_f32(d_b) : NULL,
                           (float)k);
            break;
        case ADT_F64:
            mse_pb_row_f64(&it, adt_f64(a), adt_f64(b), d_a ? adt_f64(d_a) : NULL, d_b ? adt_f64(d_b) : NULL, k);
            break;
        }
    }
}

/* sum (a - b)(u - v) over one row, in double; u or v NULL counts as 0.
 * Operands as the iterator's: a, b, u, v. */
static double mse_pf_row_f32(const adti_iter *it, const float *a, const float *b, const float *u, const float *v)
{
    double sum = 0;
    for (int64_t i = 0; i < it->n; i++) {
        double e = (double)a[it->off[0] + i * it->step[0]] - (double)b[it->off[1] + i * it->step[1]];
        double du = u ? (double)u[it->off[2] + i * it->step[2]] : 0.0;
        double dv = v ? (double)v[it->off[3] + i * it->step[3]] : 0.0;
        sum += e * (du - dv);
    }
    return sum;
}

static double mse_pf_row_f64(const adti_iter *it, const double *a, const double *b, const double *u,
                             const double *v)
{
    double sum = 0;
    for (int64_t i = 0; i < it->n; i++) {
        double e = a[it->off[0] + i * it->step[0]] - b[it->off[1] + i * it->step[1]];
        double du = u ? u[it->off[2] + i * it->step[2]] : 0.0;
        double dv = v ? v[it->off[3] + i * it->step[3]] : 0.0;
        sum += e * (du - dv);
    }
    return sum;
}

/* t_ret = 2/N sum (a - b)(t_a - t_b) */
double adt_mse_loss_pf(const adt_tensor *a, const adt_tensor *t_a, const adt_tensor *b, const adt_tensor *t_b,
                       double *t_ret)
{
    const char *fn = "adt_mse_loss_pf";
    if (!t_ret)
        adt_error("%s: t_ret is NULL", fn);
    ADTI_CUDA_RETURN(adti_mse_loss_pf_ops(fn, a, t_a, b, t_b, t_ret), fn, 4, a, t_a, b, t_b);
    check_mse(fn, a, b);
    if (t_a) {
        adti_check_tensor(fn, "t_a", t_a);
        adti_check_same_dtype(fn, "t_a", t_a, "a", a);
        adti_check_shape_is(fn, "t_a", t_a, "a", a->ndim, a->shape);
    }
    if (t_b) {
        adti_check_tensor(fn, "t_b", t_b);
        adti_check_same_dtype(fn, "t_b", t_b, "b", b);
        adti_check_shape_is(fn, "t_b", t_b, "b", b->ndim, b->shape);
    }
    double total = 0;
    if (t_a || t_b) {
        adti_iter it;
        /* a stands in for a missing tangent; its pointer below is NULL */
        adti_iter_init(&it, a->ndim, a->shape, 4, (const adt_tensor *[]){a, b, t_a ? t_a : a, t_b ? t_b : a});
        while (adti_iter_next(&it)) {
            switch (a->dtype) {
            case ADT_F32:
                total += mse_pf_row_f32(&it, adt_f32(a), adt_f32(b), t_a ? adt_f32(t_a) : NULL,
                                        t_b ? adt_f32(t_b) : NULL);
                break;
            case ADT_F64:
                total += mse_pf_row_f64(&it, adt_f64(a), adt_f64(b), t_a ? adt_f64(t_a) : NULL,
                                        t_b ? adt_f64(t_b) : NULL);
                break;
            }
        }
    }
    *t_ret = t_a || t_b ? 2 * total / (double)adt_numel(a) : 0.0;
    return adt_mse_loss(a, b);
}
