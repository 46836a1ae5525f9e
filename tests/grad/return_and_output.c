// RUN: %gradcheck %s %t
// A function that returns a value and writes an output array: the return
// seed is 1, d_y seeds y; odd y[i] are read before being overwritten and
// y[n-1] is never written, so its seed passes through to the input.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double spread(const double *x, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double v = x[i] * exp(-x[i + 1]);
        if (i % 2 == 1)
            v += 0.5 * y[i] * y[i];
        y[i] = v;
        s += v * x[i];
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 8

double spread_grad(const double *x, double *d_x, double *y, double *d_y, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    double s = spread(p, y, N);
    return s + gc_dot(w, y, N);
}

int main(void)
{
    GcRng rng = gc_seed(12);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.0, 1.0);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        double v = spread_grad(p, g, y, g + N, N);
        double want = spread(p, y_ref, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(g[2 * N - 1], w[N - 1], 0.0, 0.0);
        gc_check_grad("spread", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("return_and_output");
}
#endif
