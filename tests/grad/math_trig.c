// RUN: %gradcheck %s %t
// math.h trigonometry: sin cos tan asin acos atan atan2, with active and
// constant arguments (atan2 kept away from its branch cut).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double trig(double x, double y)
{
    double s = sin(x) * cos(y) + tan(0.5 * x * y) + sin(0.3);
    double a = asin(0.8 * x) + acos(0.7 * y) * atan(x - y);
    double t = atan2(y + 1.5, x - 2.0) + atan2(x, 2.0 + y * y) + atan2(1.0, y + 2.0);
    return s * a + t;
}

#ifndef __ADCC__
#include "gradcheck.h"

double trig_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return trig(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(4);
    for (int t = 0; t < 10; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -0.9, 0.9);
        double v = trig_grad(p[0], &g[0], p[1], &g[1]);
        double want = trig(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("trig", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("math_trig");
}
#endif
