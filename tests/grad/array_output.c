// RUN: %gradcheck %s %t
// A void function writing an output array from a const input array: the
// output's seed comes in through d_y, which holds zero afterwards.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
void smooth(const double *x, double *y, int n)
{
    y[0] = x[0];
    for (int i = 1; i < n - 1; i++)
        y[i] = 0.25 * x[i - 1] + 0.5 * sin(x[i]) + 0.25 * x[i + 1] * x[i];
    y[n - 1] = x[n - 1] * x[n - 1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

void smooth_grad(const double *x, double *d_x, double *y, double *d_y, int n);

static double w[N];

/* p = x, then the initial contents of y; the scalar is sum_j w_j y_j. */
static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    smooth(p, y, N);
    return gc_dot(w, y, N);
}

int main(void)
{
    GcRng rng = gc_seed(11);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.5, 1.5);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        smooth_grad(p, g, y, g + N, N);
        smooth(p, y_ref, N);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("smooth", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("array_output");
}
#endif
