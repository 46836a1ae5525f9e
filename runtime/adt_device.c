/* adt_device.c: where tensors live. The device of a tensor (its storage's),
 * adt_to between the CPU and the CUDA device, and the check every op ported
 * to CUDA makes first: are all its tensors on one device? The CUDA side
 * itself (device memory, copies, kernels, cuBLAS) is cuda/; in a build
 * without it (ADCC_CUDA undefined) there is no device to move to, and
 * adt_to says so. */
#include "internal.h"

#include <stdarg.h>

static const char *device_name(adt_device d)
{
    switch (d) {
    case ADT_CPU:
        return "cpu";
    case ADT_CUDA:
        return "cuda";
    }
    return "an invalid device";
}

adt_device adt_device_of(const adt_tensor *t)
{
    adti_check_meta("adt_device_of", "t", t);
    return t->storage->device;
}

adt_device adti_device_of(const char *fn, int n, ...)
{
    va_list ap;
    int seen = 0;
    adt_device dev = ADT_CPU, first = ADT_CPU;
    va_start(ap, n);
    for (int k = 0; k < n; k++) {
        const adt_tensor *t = va_arg(ap, const adt_tensor *);
        if (!t) /* a NULL adjoint ("not wanted"), or a NULL argument the op reports */
            continue;
        dev = t->storage->device;
        if (!seen) {
            first = dev;
            seen = 1;
        } else if (dev != first) {
            va_end(ap);
            adt_error("%s: tensors on different devices (%s and %s); move them to one with adt_to", fn,
                      device_name(first), device_name(dev));
        }
    }
    va_end(ap);
    return first;
}

#ifdef ADCC_CUDA

int adt_cuda_device_count(void)
{
    return adcu_device_count();
}

void adt_cuda_synchronize(void)
{
    adcu_synchronize();
}

int adti_cuda_current_device(void)
{
    return adcu_current_device();
}

void adt_cuda_empty_cache(void)
{
    adcu_empty_cache();
}

void adt_cuda_get_cache_stats(adt_cache_stats *out)
{
    if (!out)
        adt_error("adt_cuda_get_cache_stats: out is NULL");
    adcu_get_cache_stats(out);
}

/* A contiguous host copy of a device tensor. */
static adt_tensor *to_cpu(const adt_tensor *t)
{
    adt_tensor *c = adcu_contiguous("adt_to", t); /* t itself, retained, when contiguous */
    adt_tensor *r = adti_new("adt_to", c->dtype, c->ndim, c->shape, 0);
    adcu_copy_to_host(r->storage->data, adti_data(c), r->storage->nbytes);
    adt_free(c);
    return r;
}

/* A contiguous device copy of a host tensor. */
static adt_tensor *to_cuda(const adt_tensor *t)
{
    if (adcu_device_count() == 0)
        adt_error("adt_to: no CUDA device (%s); keep the tensor on the CPU", adcu_no_device_reason());
    adt_tensor *c = adt_contiguous(t);
    adt_tensor *r = adcu_new("adt_to", c->dtype, c->ndim, c->shape, 0);
    adcu_copy_to_device(r->storage->data, adti_data(c), r->storage->nbytes);
    adt_free(c);
    return r;
}

#else /* a build without CUDA */

int adt_cuda_device_count(void)
{
    return 0;
}

void adt_cuda_synchronize(void)
{
}

int adti_cuda_current_device(void)
{
    return 0;
}

void adt_cuda_empty_cache(void)
{
}

void adt_cuda_get_cache_stats(adt_cache_stats *out)
{
    if (!out)
        adt_error("adt_cuda_get_cache_stats: out is NULL");
    *out = (adt_cache_stats){0};
}

static adt_tensor *to_cpu(const adt_tensor *t)
{
    (void)t; /* no tensor can be on a device: unreachable */
    adt_error("adt_to: a tensor on the cuda device in a build without CUDA");
}

static adt_tensor *to_cuda(const adt_tensor *t)
{
    (void)t;
    adt_error("adt_to: no CUDA device (adcc was built without CUDA: configure with -DADCC_CUDA=ON "
              "where the CUDA toolkit is installed)");
}

#endif

adt_tensor *adt_to(const adt_tensor *t, adt_device d)
{
    adti_check_meta("adt_to", "t", t);
    if (d != ADT_CPU && d != ADT_CUDA)
        adt_error("adt_to: invalid device %d (expected ADT_CPU or ADT_CUDA)", (int)d);
    if (t->storage->device == d)
        return adt_retain((adt_tensor *)t);
    return d == ADT_CUDA ? to_cuda(t) : to_cpu(t);
}
