// RUN: %gradcheck %s %t
// Activity by name: only the named parameters get adjoints, in parameter
// order whatever the annotation's order; an unnamed double stays a constant.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(z, x)
double partial(double x, double y, double z, int n)
{
    double s = x * y + sin(z * y);
    for (int i = 0; i < n; i++)
        s = s * 0.5 + x * z + y;
    return s * exp(-0.1 * z) + y * y;
}

#ifndef __ADCC__
#include "gradcheck.h"

double partial_grad(double x, double *d_x, double y, double z, double *d_z, int n);

static double fixed_y;
static int fixed_n;

static double eval(const double *p, int np)
{
    (void)np;
    return partial(p[0], fixed_y, p[1], fixed_n);
}

int main(void)
{
    GcRng rng = gc_seed(2);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        fixed_y = gc_uniform(&rng, -1.0, 1.0);
        fixed_n = t;
        double v = partial_grad(p[0], &g[0], fixed_y, p[1], &g[1], fixed_n);
        double want = partial(p[0], fixed_y, p[1], fixed_n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("partial", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("scalar_inactive");
}
#endif
