// RUN: %gradcheck %s %t
// for loops: counted up, down with stride 2, two indices (comma operator),
// an index declared outside the loop and read after it, a triangular nest.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double loops_for(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    for (int i = n - 1; i >= 0; i -= 2)
        s = 0.9 * s + sin(x[i]);
    for (int i = 1, j = n - 1; i < j; i++, j--)
        s += x[i] * x[j];
    int k;
    for (k = 0; k < n; k += 3)
        s *= 1.0 + 0.1 * x[k];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            s += 0.01 * x[i] * x[j];
    return s + k;
}

#ifndef __ADCC__
#include "gradcheck.h"

double loops_for_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return loops_for(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(22);
    for (int n = 1; n <= 9; n++) {
        double x[9], g[9] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = loops_for_grad(x, g, n);
        double want = loops_for(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("loops_for", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_for");
}
#endif
