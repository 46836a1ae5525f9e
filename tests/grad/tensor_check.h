/* tensor_check.h: support for gradient checks of tensor models. The
 * parameters live in one flat double vector p, and each tensor parameter
 * wraps its segment of p (its adjoint the same segment of the gradient
 * vector), so gradcheck.h's finite differences over p apply unchanged. */
#ifndef TENSOR_CHECK_H
#define TENSOR_CHECK_H

#include <adt.h>

typedef struct TcShape {
    int ndim;
    int64_t size[4];
} TcShape;

static inline int tc_numel(const TcShape *s)
{
    int n = 1;
    for (int d = 0; d < s->ndim; d++)
        n *= (int)s->size[d];
    return n;
}

/* Total length of n tensors laid out one after another. */
static inline int tc_total(const TcShape *s, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += tc_numel(&s[i]);
    return total;
}

/* out[i] wraps the i-th segment of p (no copy). */
static inline void tc_wrap(const TcShape *s, int n, double *p, adt_tensor **out)
{
    for (int i = 0; i < n; i++) {
        out[i] = adt_wrap(ADT_F64, s[i].ndim, s[i].size, p);
        p += tc_numel(&s[i]);
    }
}

static inline void tc_free(adt_tensor **t, int n)
{
    for (int i = 0; i < n; i++)
        adt_free(t[i]);
}

#endif
