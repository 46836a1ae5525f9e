/* adcu_loss.c: softmax and log_softmax, the cross-entropy and
 * mean-squared-error losses, and max and argmax on the CUDA device, with
 * their pullbacks. Each checks its arguments with the CPU op's own check
 * (internal.h, with adti_check_meta) and launches the line kernels of
 * adcu_rows.cu over the lines along the op's dimension. The losses' values
 * are copied back to the host, which synchronises with the device; the
 * labels of the cross entropy are checked on the device and the first bad
 * one is reported as the CPU reports it. */
#include "internal.h"

#include <cuda_runtime_api.h>
#include <limits.h>

static void *ptr(const adt_tensor *t)
{
    return adti_data(t); /* address arithmetic only: nothing is read on the host */
}

/* The lines along dim of nops tensors that have a's sizes in every other
 * dimension (operand k's strides from ops[k]). */
static adcu_lines lines_along(const adt_tensor *a, int dim, int nops, const adt_tensor *const *ops)
{
    _Static_assert(ADCU_MAX_OPS <= ADTI_ITER_MAX, "a line's operands fit adti_lines");
    adti_lines s;
    adcu_lines l;
    adti_lines_of(&s, a, dim, nops, ops);
    memset(&l, 0, sizeof l);
    l.outer = adcu_geom_of_strides(s.ndim, s.shape, nops, (const int64_t(*)[ADT_MAX_DIMS])s.stride);
    l.len = s.len;
    memcpy(l.step, s.step, sizeof l.step);
    return l;
}

/* ---- softmax, log_softmax ---- */

adt_tensor *adcu_softmax(const char *fn, const adt_tensor *a, int dim, int take_log)
{
    adti_check_meta(fn, "a", a);
    dim = adti_check_dim(fn, a, dim);
    adt_tensor *y = adcu_new(fn, a->dtype, a->ndim, a->shape, 0);
    adcu_lines l = lines_along(a, dim, 2, (const adt_tensor *[]){y, a});
    adcu_k_softmax(a->dtype, (void *[]){ptr(y), ptr(a)}, &l, take_log);
    return y;
}

void adcu_softmax_pb(const char *fn, const adt_tensor *a, adt_tensor *d_a, int dim, const adt_tensor *d_ret,
                     int take_log)
{
    dim = adti_check_softmax_pb(fn, adti_check_meta, a, d_a, dim, d_ret);
    if (!d_a)
        return;
    adcu_lines l = lines_along(a, dim, 3, (const adt_tensor *[]){d_a, a, d_ret});
    adcu_k_softmax_pb(a->dtype, (void *[]){ptr(d_a), ptr(a), ptr(d_ret)}, &l, take_log);
}

/* ---- cross entropy: mean_i (log sum_j exp x_ij - x_i,label_i) ---- */

static adcu_labels labels_of(const adt_tensor *labels)
{
    adcu_labels lb = {ptr(labels), labels->dtype, labels->stride[0]};
    return lb;
}

/* Element off (in elements from t's first) of a device tensor, copied back. */
static double element(const adt_tensor *t, int64_t off)
{
    switch (t->dtype) {
    case ADT_F32: {
        float f;
        adcu_copy_to_host(&f, (const float *)ptr(t) + off, sizeof f);
        return f;
    }
    case ADT_F64: {
        double v;
        adcu_copy_to_host(&v, (const double *)ptr(t) + off, sizeof v);
        return v;
    }
    }
    return 0;
}

/* The CPU's error for labels[i], which the device found bad: its value is
 * copied back and checked on the host. */
static void report_label(const char *fn, const adt_tensor *labels, int64_t i, int64_t classes)
{
    double v = element(labels, i * labels->stride[0]);
    adti_check_label(fn, i, v, classes);
    adt_error("%s: labels[%lld] = %g was rejected on the device", fn, (long long)i, v); /* not reached */
}

/* No bad label: the first bad one's index starts as this. */
#define NO_BAD_LABEL ULLONG_MAX

/* Every label checked on the device before any work starts, as on the CPU. */
static void check_labels(const char *fn, const adt_tensor *labels, int64_t classes)
{
    unsigned long long bad = NO_BAD_LABEL;
    adcu_labels lb = labels_of(labels);
    unsigned long long *flag = adcu_alloc(fn, sizeof bad);
    adcu_copy_to_device(flag, &bad, sizeof bad);
    adcu_k_labels(&lb, labels->shape[0], classes, flag);
    adcu_copy_to_host(&bad, flag, sizeof bad);
    adcu_free(flag, sizeof bad);
    if (bad != NO_BAD_LABEL)
        report_label(fn, labels, (int64_t)bad, classes);
}

/* The loss's device scratch: the first bad label and the total, copied
 * back together, then each row's loss. */
typedef struct CeResult {
    unsigned long long bad;
    double total;
} CeResult;

double adcu_cross_entropy(const adt_tensor *logits, const adt_tensor *labels)
{
    const char *fn = "adt_cross_entropy";
    adti_check_cross_entropy(fn, adti_check_meta, logits, labels);
    int64_t n = logits->shape[0], c = logits->shape[1];
    size_t nbytes = sizeof(CeResult) + adti_mul_size(fn, (size_t)n, sizeof(double));
    CeResult r = {NO_BAD_LABEL, 0};
    char *scratch = adcu_alloc(fn, nbytes);
    CeResult *dr = (CeResult *)scratch;
    double *loss = (double *)(scratch + sizeof(CeResult));
    adcu_copy_to_device(dr, &r, sizeof r);
    adcu_labels lb = labels_of(labels);
    adcu_k_labels(&lb, n, c, &dr->bad);
    adcu_lines l = lines_along(logits, 1, 1, (const adt_tensor *[]){logits});
    adcu_k_ce_rows(logits->dtype, ptr(logits), &l, &lb, loss);
    adcu_k_sum_f64(loss, n, &dr->total);
    adcu_copy_to_host(&r, dr, sizeof r);
    adcu_free(scratch, nbytes);
    if (r.bad != NO_BAD_LABEL)
        report_label(fn, labels, (int64_t)r.bad, c);
    return r.total / (double)n; /* an empty batch: NaN, as 0/0 on the CPU */
}

/* d_logits += d_ret / n (softmax(logits) - onehot(labels)); labels get nothing. */
void adcu_cross_entropy_pb(const adt_tensor *logits, adt_tensor *d_logits, const adt_tensor *labels,
                           adt_tensor *d_labels, double d_ret)
{
    const char *fn = "adt_cross_entropy_pb";
    adti_check_cross_entropy(fn, adti_check_meta, logits, labels);
    check_labels(fn, labels, logits->shape[1]);
    if (d_labels)
        adti_check_shape_is(fn, "d_labels", d_labels, "labels", 1, labels->shape);
    if (!d_logits)
        return;
    adti_check_same_dtype(fn, "d_logits", d_logits, "logits", logits);
    adti_check_shape_is(fn, "d_logits", d_logits, "logits", 2, logits->shape);
    adcu_labels lb = labels_of(labels);
    adcu_lines l = lines_along(logits, 1, 2, (const adt_tensor *[]){d_logits, logits});
    adcu_k_ce_pb(logits->dtype, (void *[]){ptr(d_logits), ptr(logits)}, &l, &lb,
                 d_ret / (double)logits->shape[0]);
}

/* ---- mean squared error: mean (a - b)^2 ---- */

double adcu_mse_loss(const adt_tensor *a, const adt_tensor *b)
{
    const char *fn = "adt_mse_loss";
    adti_check_mse(fn, adti_check_meta, a, NULL, b, NULL);
    size_t nbytes = (ADCU_PARTIALS + 1) * sizeof(double);
    double total, *sums = adcu_alloc(fn, nbytes); /* the total, then the partial sums */
    adcu_geom g = adcu_geom_of(a->ndim, a->shape, 2, (const adt_tensor *[]){a, b});
    adcu_k_sq_diff_sum(a->dtype, (void *[]){ptr(a), ptr(b)}, &g, sums + 1, sums);
    adcu_copy_to_host(&total, sums, sizeof total);
    adcu_free(sums, nbytes);
    return total / (double)adt_numel(a);
}

/* d a += k (a - b),  d b -= k (a - b),  k = 2 d_ret / N */
void adcu_mse_loss_pb(const adt_tensor *a, adt_tensor *d_a, const adt_tensor *b, adt_tensor *d_b, double d_ret)
{
    adti_check_mse("adt_mse_loss_pb", adti_check_meta, a, d_a, b, d_b);
    if (!d_a && !d_b)
        return;
    /* a stands in for a missing adjoint; its pointer is NULL */
    adcu_geom g = adcu_geom_of(a->ndim, a->shape, 4, (const adt_tensor *[]){a, b, d_a ? d_a : a, d_b ? d_b : a});
    adcu_k_mse_pb(a->dtype, (void *[]){ptr(a), ptr(b), d_a ? ptr(d_a) : NULL, d_b ? ptr(d_b) : NULL}, &g,
                  2 * d_ret / (double)adt_numel(a));
}

/* ---- max, argmax: the first maximum along dim (a NaN counts as the max) ---- */

adt_tensor *adcu_max(const char *fn, const adt_tensor *a, int dim, int keepdim, int as_index)
{
    int64_t shape[ADT_MAX_DIMS];
    int d = adti_check_max(fn, adti_check_meta, a, dim);
    adt_tensor *r = adcu_new(fn, a->dtype, adti_reduced_shape(a, d, keepdim, shape), shape, 0);
    adt_tensor v = adti_keepdim_view(r, d, keepdim);
    adcu_lines l = lines_along(a, d, 2, (const adt_tensor *[]){&v, a});
    adcu_k_max(as_index ? ADCU_MAX_INDEX : ADCU_MAX_VALUE, a->dtype, (void *[]){ptr(r), ptr(a), NULL}, &l);
    return r;
}

/* d max(a, dim) = the seed routed to the first maximum along dim */
void adcu_max_pb(const adt_tensor *a, adt_tensor *d_a, int dim, int keepdim, const adt_tensor *d_ret)
{
    const char *fn = "adt_max_pb";
    int d = adti_check_reduce_pb(fn, adti_check_meta, a, d_a, dim, keepdim, d_ret);
    adti_check_max(fn, adti_check_meta, a, d);
    if (!d_a)
        return;
    adt_tensor g = adti_keepdim_view(d_ret, d, keepdim);
    adcu_lines l = lines_along(a, d, 3, (const adt_tensor *[]){&g, a, d_a});
    adcu_k_max(ADCU_MAX_GRAD, a->dtype, (void *[]){ptr(d_ret), ptr(a), ptr(d_a)}, &l);
}
