// RUN: %gradcheck %s %t
// A helper that reads a local scalar through a pointer to it (px = &x) in
// a loop. Its reverse sweep is a separate function with its own x and d_x:
// px = &x is evaluated again there, and d_px = &d_x with it (the forward
// sweep's d_px, popped from the tape, pointed into a dead stack frame).
#include <adcc.h>
#include <math.h>

static double addr(double u, double v)
{
    double x = u * v;
    double *px = &x;
    double r = 0.0;
    for (int i = 0; i < 2; i++)
        r = r * px[0] + tanh(r + v);
    return r;
}

ADCC_GRAD(p)
double model(const double *p)
{
    return addr(p[0], p[1]) + addr(p[1], p[0]);
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *p, double *d_p);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

int main(void)
{
    GcRng rng = gc_seed(65);
    for (int t = 0; t < 4; t++) {
        double p[2], g[2] = {0.0};
        gc_fill(&rng, p, 2, -1.0, 1.0);
        gc_check_close(model_grad(p, g), model(p), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model", eval, p, 2, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_local_scalar");
}
#endif
