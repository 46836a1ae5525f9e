// RUN: %gradcheck %s %t
// switch on an int computed from an active input: cases, a fall-through,
// stacked case labels, default, and break out of the switch in a loop.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double sw(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        int k = (int)floor(x[i] * 2.0);
        switch (k) {
        case 0:
            s += x[i] * x[i];
            break;
        case 1:
            s += sin(x[i]);
            /* fall through */
        case 2:
            s *= 1.0 + 0.1 * x[i];
            break;
        case -1:
        case -2:
            s -= exp(x[i]);
            break;
        default:
            s += 0.5 * x[i];
            break;
        }
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12

double sw_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return sw(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(33);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        for (int i = 0; i < N; i++)
            do
                x[i] = gc_uniform(&rng, -1.4, 2.4);
            while (gc_dist_int(2.0 * x[i]) < 0.05);
        double v = sw_grad(x, g, N);
        double want = sw(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("sw", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("switch_case");
}
#endif
