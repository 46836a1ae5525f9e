// RUN: %gradcheck %s %t
// A local array declared inside a loop body (a fresh array per iteration)
// whose values the reverse sweep needs after that iteration's scope ends.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double block_arrays(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i + 2 < n; i++) {
        double t[3];
        for (int j = 0; j < 3; j++)
            t[j] = tanh(x[i + j] + 0.1 * s);
        s += t[0] * t[1] + t[2] * t[2];
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 8

double block_arrays_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return block_arrays(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(62);
    for (int n = 2; n <= N; n++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = block_arrays_grad(x, g, n);
        double want = block_arrays(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("block_arrays", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_array_block");
}
#endif
