// RUN: %gradcheck %s %t
// A long time-stepping loop (200000 steps of explicit Euler): the reverse
// sweep needs every step's state, so the tape grows well past one block.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, k)
double long_loop(double x, double k, int steps)
{
    double y = x;
    double dt = 1.0 / steps;
    for (int i = 0; i < steps; i++)
        y = y + dt * (sin(y) * k - 0.5 * y);
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define STEPS 200000

double long_loop_grad(double x, double *d_x, double k, double *d_k, int steps);

static double eval(const double *p, int np)
{
    (void)np;
    return long_loop(p[0], p[1], STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(35);
    for (int t = 0; t < 3; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        double v = long_loop_grad(p[0], &g[0], p[1], &g[1], STEPS);
        double want = long_loop(p[0], p[1], STEPS);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("long_loop", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("long_loop");
}
#endif
