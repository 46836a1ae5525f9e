// RUN: %gradcheck %s %t
// Conditions built with && || ! on active comparisons (short-circuit guards
// a division), and a while loop exiting on a counter or an active test.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double logic(double x, double y)
{
    double r = 0.0;
    if (x > 0.0 && y / x > 1.0)
        r += log(y / x);
    if (x < -1.0 || y > 2.0)
        r += x * y;
    else
        r -= sin(x + y);
    if (!(x * y > 0.5))
        r += 0.25 * y * y;
    int i = 0;
    double s = x;
    while (i < 20 && s < 4.0) {
        s += 0.3 + 0.1 * y * y;
        i++;
    }
    return r + s * x;
}

#ifndef __ADCC__
#include "gradcheck.h"

double logic_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return logic(p[0], p[1]);
}

static int safe(double x, double y)
{
    const double m = 0.05;
    return fabs(x) > m && (x < 0.0 || fabs(y / x - 1.0) > m) && fabs(x + 1.0) > m &&
           fabs(y - 2.0) > m && fabs(x * y - 0.5) > m &&
           gc_dist_int((4.0 - x) / (0.3 + 0.1 * y * y)) > m;
}

int main(void)
{
    GcRng rng = gc_seed(34);
    int done = 0;
    while (done < 16) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -1.8, 3.0);
        p[1] = gc_uniform(&rng, -1.0, 3.0);
        if (!safe(p[0], p[1]))
            continue;
        done++;
        double v = logic_grad(p[0], &g[0], p[1], &g[1]);
        double want = logic(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("logic", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("logic_conditions");
}
#endif
