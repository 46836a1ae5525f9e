/* adcu_train.c: training on the CUDA device beside the ops: the
 * optimisers' update steps for parameters on the device (adt_optim.c
 * calls them) and the batch loader's shuffled gather of a dataset held on
 * the device (adt_loader.c). The kernels are adcu_train.cu's. */
#include "internal.h"

static void *ptr(const adt_tensor *t)
{
    return t ? adti_data(t) : NULL; /* address arithmetic only */
}

void adcu_sgd_step(adt_tensor *p, const adt_tensor *g, adt_tensor *buf, double lr, double mu, double wd)
{
    adcu_geom geo = adcu_geom_of(p->ndim, p->shape, 3, (const adt_tensor *[]){p, g, buf ? buf : p});
    if (geo.numel)
        adcu_k_sgd(p->dtype, (void *[]){ptr(p), ptr(g), ptr(buf)}, &geo, lr, mu, wd);
}

void adcu_adam_step(adt_tensor *p, const adt_tensor *g, adt_tensor *m, adt_tensor *v, const adcu_adam *h)
{
    adcu_geom geo = adcu_geom_of(p->ndim, p->shape, 4, (const adt_tensor *[]){p, g, m, v});
    if (geo.numel)
        adcu_k_adam(p->dtype, (void *[]){ptr(p), ptr(g), ptr(m), ptr(v)}, &geo, h);
}

void adcu_gather_rows(adt_tensor *dst, const adt_tensor *src, const int64_t *perm, int64_t n)
{
    if (n == 0)
        return;
    size_t row = adti_dtype_size(src->dtype) * (size_t)(adt_numel(src) / n);
    size_t perm_bytes = (size_t)n * sizeof *perm;
    int64_t *d_perm = adcu_alloc("adt_loader_next", perm_bytes);
    adcu_copy_to_device(d_perm, perm, perm_bytes);
    adcu_k_gather_rows(adti_data(dst), adti_data(src), d_perm, n, row);
    adcu_free(d_perm, perm_bytes); /* reused only by work queued after the gather */
}
