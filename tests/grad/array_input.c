// RUN: %gradcheck %s %t
// A const double array parameter read in a counted loop (Rosenbrock), also
// with n = 1 where the loop runs zero times and the gradient is zero.
#include <adcc.h>

ADCC_GRAD(x)
double rosen(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        s += 100.0 * a * a + b * b;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double rosen_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return rosen(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(10);
    for (int t = 0; t < 6; t++) {
        int n = t == 0 ? 1 : 2 + 3 * t;
        double x[20], g[20] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = rosen_grad(x, g, n);
        double want = rosen(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("rosen", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("array_input");
}
#endif
