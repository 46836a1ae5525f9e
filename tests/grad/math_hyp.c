// RUN: %gradcheck %s %t
// math.h hyperbolic and special functions: tanh sinh cosh hypot erf, with
// active and constant arguments.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double hyp(double x, double y)
{
    double a = tanh(x * y) + sinh(0.5 * x) * cosh(y);
    double b = hypot(x, y + 2.0) + hypot(3.0, x) + hypot(y, 1.0);
    double c = erf(x - 0.3 * y) + erf(0.5);
    return a * b + c * c;
}

#ifndef __ADCC__
#include "gradcheck.h"

double hyp_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return hyp(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(6);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -1.5, 1.5);
        double v = hyp_grad(p[0], &g[0], p[1], &g[1]);
        double want = hyp(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("hyp", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("math_hyp");
}
#endif
