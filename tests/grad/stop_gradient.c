// RUN: %gradcheck %s %t
// adcc_stop_gradient on a normalising scale: the gradient treats the scale
// as a constant, so finite differences run on core() with the scale frozen.
#include <adcc.h>
#include <math.h>

static double core(const double *x, int n, double scale)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sin(x[i] / scale) * x[i];
    return s;
}

ADCC_GRAD(x)
double normalized(const double *x, int n)
{
    double nrm = 0.0;
    for (int i = 0; i < n; i++)
        nrm += x[i] * x[i];
    double scale = adcc_stop_gradient(sqrt(nrm));
    return core(x, n, scale);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double normalized_grad(const double *x, double *d_x, int n);

static double frozen_scale;

static double eval_frozen(const double *p, int np)
{
    return core(p, np, frozen_scale);
}

int main(void)
{
    GcRng rng = gc_seed(45);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, N, -2.0, 2.0);
        double v = normalized_grad(x, g, N);
        double want = normalized(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        double nrm = 0.0;
        for (int i = 0; i < N; i++)
            nrm += x[i] * x[i];
        frozen_scale = sqrt(nrm);
        gc_check_grad("normalized", eval_frozen, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("stop_gradient");
}
#endif
