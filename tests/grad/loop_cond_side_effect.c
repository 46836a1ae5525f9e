// RUN: %gradcheck %s %t
// Side effects inside loop conditions: while (k--) with an unsigned counter
// do { } while (++i < n), and a for loop testing (t = x[j]) > -2.0 && j++ < n - 1,
// all driving active updates.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double cond_effects(const double *x, int n)
{
    unsigned k = (unsigned)n;
    double y = 1.0;
    while (k--)
        y = 0.5 * y + x[k] * cos(y);
    int i = 0;
    do
        y += 0.1 * x[i] * x[i] * y;
    while (++i < n);
    double t;
    for (int j = 0; (t = x[j]) > -2.0 && j++ < n - 1;)
        y += 0.05 * t * x[j] * y;
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double cond_effects_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return cond_effects(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(61);
    for (int n = 1; n <= N; n++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = cond_effects_grad(x, g, n);
        double want = cond_effects(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("cond_effects", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_cond_side_effect");
}
#endif
