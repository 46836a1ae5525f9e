// RUN: %gradcheck %s %t
// Locals overwritten many times in a loop (twice per iteration for t), whose
// old values the reverse sweep still needs.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double overwrite(double x, double y)
{
    double t = x;
    double u = y;
    for (int i = 0; i < 50; i++) {
        double old = t;
        t = sin(t) + x * u;
        u = 0.5 * u + 0.1 * old * t;
        t = t * 0.9;
    }
    return t + u * u;
}

#ifndef __ADCC__
#include "gradcheck.h"

double overwrite_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return overwrite(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(49);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -0.8, 0.8);
        double v = overwrite_grad(p[0], &g[0], p[1], &g[1]);
        double want = overwrite(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("overwrite", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_overwrite");
}
#endif
