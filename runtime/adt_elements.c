/* adt_elements.c: element pointers of an adjoint that match a tensor's, for
 * C loops over tensor elements in differentiated models (ADCC_ELEMENTS in
 * adt.h): p[k] of the tensor and d_p[k] of its adjoint are the same element. */
#include "adt.h"

static void check_layout(const char *fn, const adt_tensor *t, const adt_tensor *d_t)
{
    if (!t || !d_t)
        adt_error("%s: NULL tensor", fn);
    int same = t->ndim == d_t->ndim && t->dtype == d_t->dtype;
    for (int d = 0; same && d < t->ndim; d++)
        same = t->shape[d] == d_t->shape[d] && (t->shape[d] == 1 || t->stride[d] == d_t->stride[d]);
    if (!same)
        adt_error("%s: the tensor and its adjoint lay out their elements differently (a view?); "
                  "loop over adt_contiguous(t) instead", fn);
}

double *adt_f64_adjoint(const adt_tensor *t, adt_tensor *d_t)
{
    check_layout("adt_f64_adjoint", t, d_t);
    return adt_f64(d_t);
}

float *adt_f32_adjoint(const adt_tensor *t, adt_tensor *d_t)
{
    check_layout("adt_f32_adjoint", t, d_t);
    return adt_f32(d_t);
}
