// RUN: %gradcheck %s %t
// Addresses of active locals passed to helpers that write through them
// (&s, &c, &acc), and a local pointer to an active scalar.
#include <adcc.h>
#include <math.h>

static void sincos2(double a, double *s, double *c)
{
    *s = sin(a);
    *c = cos(a);
}

static void accumulate(double *acc, double v)
{
    *acc += v * v;
}

ADCC_GRAD(x, y)
double polar_energy(double x, double y)
{
    double s, c;
    sincos2(x * y, &s, &c);
    double acc = 0.0;
    accumulate(&acc, s + x);
    accumulate(&acc, c * y);
    double *p = &acc;
    *p *= 0.5;
    return acc + s * c;
}

#ifndef __ADCC__
#include "gradcheck.h"

double polar_energy_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return polar_energy(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(20);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -2.0, 2.0);
        double v = polar_energy_grad(p[0], &g[0], p[1], &g[1]);
        double want = polar_energy(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("polar_energy", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("address_of_local");
}
#endif
