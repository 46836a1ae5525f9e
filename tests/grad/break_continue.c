// RUN: %gradcheck %s %t
// break and continue: continue on an active test, break when the active sum
// passes a threshold, and an int-driven continue/break in while (1).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double brk(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (x[i] < 0.0)
            continue;
        if (s > 4.0)
            break;
        s += x[i] * x[i] + 0.5 * sin(x[i]);
    }
    int k = 0;
    while (1) {
        if (k % 3 == 1) {
            k++;
            continue;
        }
        s = s * 0.95 + 0.1 * x[k];
        k++;
        if (k >= n)
            break;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 10

double brk_grad(const double *x, double *d_x, int n);

/* Signs and partial sums keep clear of 0 and 4: the first loop skips
 * x[1] and x[4] and breaks at i = 6 (sum 5.3 > 4; it was 3.4 at i = 5). */
static const double base[N] = {0.9, -0.7, 1.1, 0.5, -0.3, 1.2, 0.6, 1.3, 0.7, -0.5};

static double eval(const double *p, int np)
{
    return brk(p, np);
}

int main(void)
{
    GcRng rng = gc_seed(29);
    for (int t = 0; t < 8; t++) {
        double x[N], g[N] = {0.0};
        for (int i = 0; i < N; i++)
            x[i] = base[i] + gc_uniform(&rng, -0.02, 0.02);
        double v = brk_grad(x, g, N);
        double want = brk(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("brk", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("break_continue");
}
#endif
