// RUN: %gradcheck %s %t
// A fixed-point iteration run until converged (y = b + a cos y, |a| < 0.6);
// checked against the implicit-function derivative too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a, b)
double fixed_point(double a, double b)
{
    double y = b;
    double diff = 1.0;
    int it = 0;
    while (diff > 1e-14 && it < 500) {
        double ynew = b + a * cos(y);
        diff = fabs(ynew - y);
        y = ynew;
        it++;
    }
    return y * y + a;
}

#ifndef __ADCC__
#include "gradcheck.h"

double fixed_point_grad(double a, double *d_a, double b, double *d_b);

static double eval(const double *p, int np)
{
    (void)np;
    return fixed_point(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(28);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -0.6, 0.6);
        p[1] = gc_uniform(&rng, -2.0, 2.0);
        double v = fixed_point_grad(p[0], &g[0], p[1], &g[1]);
        double want = fixed_point(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("fixed_point", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double y = p[1];
        for (int k = 0; k < 200; k++)
            y = p[1] + p[0] * cos(y);
        double den = 1.0 + p[0] * sin(y);
        gc_check_close(g[0], 2.0 * y * cos(y) / den + 1.0, 1e-8, 1e-10);
        gc_check_close(g[1], 2.0 * y / den, 1e-8, 1e-10);
    }
    return gc_report("fixed_point");
}
#endif
