// RUN: %gradcheck %s %t
// A recursive ODE stepper 1200 calls deep (not a tail call: each level adds
// its step's contribution to the recursive result).
#include <adcc.h>
#include <math.h>

static double stepper(double y, double k, double dt, int steps)
{
    if (steps == 0)
        return 0.0;
    double ynew = y + dt * (-k * y + sin(y));
    return dt * ynew * ynew + stepper(ynew, k, dt, steps - 1);
}

ADCC_GRAD(y0, k)
double ode_rec(double y0, double k)
{
    return stepper(y0, k, 0.002, 1200);
}

#ifndef __ADCC__
#include "gradcheck.h"

double ode_rec_grad(double y0, double *d_y0, double k, double *d_k);

static double eval(const double *p, int np)
{
    (void)np;
    return ode_rec(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(40);
    for (int t = 0; t < 6; t++) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, -2.0, 2.0);
        p[1] = gc_uniform(&rng, 0.5, 2.0);
        double v = ode_rec_grad(p[0], &g[0], p[1], &g[1]);
        double want = ode_rec(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("ode_rec", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("recursion_ode");
}
#endif
