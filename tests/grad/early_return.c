// RUN: %gradcheck %s %t
// An early return inside a loop once an active product passes 3; points
// that take the early exit and points that run the loop to the end.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double first_big(const double *x, int n)
{
    double acc = 1.0;
    for (int i = 0; i < n; i++) {
        acc = acc * (1.0 + 0.5 * x[i]);
        if (acc > 3.0)
            return acc * x[i] + i;
    }
    return -acc + sin(x[0]);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double first_big_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    return first_big(p, np);
}

/* Distance of the running product from 3, and whether the loop exits early. */
static double margin(const double *x, int *early)
{
    double acc = 1.0, m = 1e300;
    *early = 0;
    for (int i = 0; i < N; i++) {
        acc = acc * (1.0 + 0.5 * x[i]);
        m = fmin(m, fabs(acc - 3.0));
        if (acc > 3.0) {
            *early = 1;
            break;
        }
    }
    return m;
}

int main(void)
{
    GcRng rng = gc_seed(30);
    int seen[2] = {0, 0};
    while (seen[0] < 4 || seen[1] < 4) {
        double x[N], g[N] = {0.0};
        int early;
        gc_fill(&rng, x, N, -0.6, 1.2);
        if (margin(x, &early) < 0.05 || seen[early] >= 4)
            continue;
        seen[early]++;
        double v = first_big_grad(x, g, N);
        double want = first_big(x, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("first_big", eval, x, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("early_return");
}
#endif
