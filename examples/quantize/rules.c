/* rules.c: the derivative rules of quantize() (model.c), written by hand:
 * the straight-through estimator. Forward, quantize rounds; backward, the
 * gradient passes through unchanged as if quantize were the identity,
 * except where the weight lies outside the grid's range [-1, 1] and is
 * clipped (the "clipped" straight-through estimator). */
#include "quantize.h"

#include <math.h>

/* Reverse rule: *d_w += d_ret * (|w| <= 1). */
void quantize_pb(double w, double *d_w, int bits, double d_ret)
{
    (void)bits;
    if (d_w && fabs(w) <= 1.0)
        *d_w += d_ret;
}

/* Forward rule: returns quantize(w), *t_ret = t_w * (|w| <= 1). */
double quantize_jvp(double w, double t_w, int bits, double *t_ret)
{
    *t_ret = fabs(w) <= 1.0 ? t_w : 0.0;
    return quantize(w, bits);
}
