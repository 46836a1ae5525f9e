/* adt_loader.c: mini-batches over a dataset held in memory. Each epoch
 * gathers the samples in a fresh random order (Fisher-Yates with the
 * loader's own generator) into the loader's copy; batches are views of it.
 * A dataset on the CUDA device stays there: the order is drawn on the host
 * (the same order as on the CPU for the same seed) and the gather runs on
 * the device (cuda/adcu_train.c). */
#include "internal.h"

struct adt_loader {
    adt_tensor *x, *labels;   /* the dataset, contiguous (retained or copied) */
    adt_tensor *sx, *slabels; /* this epoch's order: the shuffled copies, or x and labels */
    int64_t n, batch;
    int64_t pos;              /* next sample of the epoch */
    int in_epoch;             /* 0 before the first batch of an epoch */
    int shuffle;
    int64_t *perm;            /* shuffle only */
    adt_rng rng;
};

static void check_loader(const char *fn, const adt_tensor *x, const adt_tensor *labels, int64_t batch)
{
    char sx[ADTI_SHAPE_STR], sl[ADTI_SHAPE_STR];
    adti_check_meta(fn, "x", x);
    adti_check_meta(fn, "labels", labels);
    adti_device_of(fn, 2, x, labels);
    if (x->ndim < 1)
        adt_error("%s: x must have a sample dimension, got shape %s", fn, adti_shape_str(sx, x->ndim, x->shape));
    if (labels->ndim != 1 || labels->shape[0] != x->shape[0])
        adt_error("%s: labels must have shape [%lld] (one per sample of x %s), got %s", fn, (long long)x->shape[0],
                  adti_shape_str(sx, x->ndim, x->shape), adti_shape_str(sl, labels->ndim, labels->shape));
    if (batch < 1)
        adt_error("%s: batch must be at least 1, got %lld", fn, (long long)batch);
}

adt_loader *adt_loader_new(const adt_tensor *x, const adt_tensor *labels, int64_t batch, int shuffle,
                           uint64_t seed)
{
    check_loader("adt_loader_new", x, labels, batch);
    adt_loader *ld = adti_alloc_zeroed(sizeof *ld);
    ld->x = adt_contiguous(x);
    ld->labels = adt_contiguous(labels);
    ld->n = x->shape[0];
    ld->batch = batch;
    ld->shuffle = shuffle != 0;
    adt_rng_seed(&ld->rng, seed);
    if (ld->shuffle) {
        ld->sx = adt_empty_like(ld->x);
        ld->slabels = adt_empty_like(ld->labels);
        ld->perm = adti_alloc(adti_mul_size("adt_loader_new", (size_t)(ld->n > 0 ? ld->n : 1), sizeof *ld->perm));
    } else {
        ld->sx = adt_retain(ld->x);
        ld->slabels = adt_retain(ld->labels);
    }
    return ld;
}

/* A uniform integer in [0, bound), bound >= 1, without modulo bias. */
static uint64_t uniform_below(adt_rng *rng, uint64_t bound)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound; /* a multiple of bound */
    uint64_t r;
    do
        r = adt_rng_next(rng);
    while (r >= limit);
    return r % bound;
}

/* perm = a uniformly random permutation of 0 .. n-1 (Fisher-Yates). */
static void shuffle_perm(adt_loader *ld)
{
    for (int64_t i = 0; i < ld->n; i++)
        ld->perm[i] = i;
    for (int64_t i = ld->n - 1; i > 0; i--) {
        int64_t j = (int64_t)uniform_below(&ld->rng, (uint64_t)i + 1);
        int64_t t = ld->perm[i];
        ld->perm[i] = ld->perm[j];
        ld->perm[j] = t;
    }
}

/* Row i of dst = row perm[i] of src (both contiguous, same shape). */
static void gather_rows(adt_tensor *dst, const adt_tensor *src, const int64_t *perm, int64_t n)
{
    ADTI_CUDA_DO(adcu_gather_rows(dst, src, perm, n), "adt_loader_next", 2, dst, src);
    size_t row = adti_dtype_size(src->dtype) * (size_t)(n > 0 ? adt_numel(src) / n : 0);
    const char *from = adti_data(src);
    char *to = adti_data(dst);
    for (int64_t i = 0; i < n; i++)
        memcpy(to + (size_t)i * row, from + (size_t)perm[i] * row, row);
}

static void start_epoch(adt_loader *ld)
{
    ld->pos = 0;
    ld->in_epoch = 1;
    if (!ld->shuffle)
        return;
    shuffle_perm(ld);
    gather_rows(ld->sx, ld->x, ld->perm, ld->n);
    gather_rows(ld->slabels, ld->labels, ld->perm, ld->n);
}

int adt_loader_next(adt_loader *ld, adt_tensor **x, adt_tensor **labels)
{
    const char *fn = "adt_loader_next";
    if (!ld || !x || !labels)
        adt_error("%s: argument %s is NULL", fn, !ld ? "ld" : !x ? "x" : "labels");
    if (!ld->in_epoch)
        start_epoch(ld);
    if (ld->pos >= ld->n) {
        ld->in_epoch = 0;
        return 0;
    }
    int64_t len = ld->n - ld->pos < ld->batch ? ld->n - ld->pos : ld->batch;
    *x = adt_narrow(ld->sx, 0, ld->pos, len);
    *labels = adt_narrow(ld->slabels, 0, ld->pos, len);
    ld->pos += len;
    return 1;
}

int64_t adt_loader_batches(const adt_loader *ld)
{
    if (!ld)
        adt_error("adt_loader_batches: argument ld is NULL");
    return (ld->n + ld->batch - 1) / ld->batch;
}

void adt_loader_free(adt_loader *ld)
{
    if (!ld)
        return;
    adt_free(ld->x);
    adt_free(ld->labels);
    adt_free(ld->sx);
    adt_free(ld->slabels);
    adti_free(ld->perm);
    adti_free(ld);
}
