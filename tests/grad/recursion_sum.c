// RUN: %gradcheck %s %t
// Direct recursion 1500 deep: the annotated function calls itself on x + 1,
// and the recursive result is used nonlinearly on the way back up.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double rsum(const double *x, int n)
{
    if (n == 0)
        return 0.0;
    return sin(x[0]) + 0.5 * x[0] * x[0] + (1.0 + 0.001 * x[0]) * rsum(x + 1, n - 1);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 1500

double rsum_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return rsum(p, np);
}

int main(void)
{
    static double x[N], g[N];
    GcRng rng = gc_seed(39);
    for (int t = 0; t < 2; t++) {
        gc_fill(&rng, x, N, -1.0, 1.0);
        memset(g, 0, sizeof g);
        double v = rsum_grad(x, g, N);
        double want = rsum(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("rsum", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("recursion_sum");
}
#endif
