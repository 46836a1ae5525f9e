// RUN: %gradcheck %s %t
// while loops: an int counter with active state carried across iterations,
// and a second loop counting down an unsigned counter.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, c)
double loops_while(double x, double c, int n)
{
    int i = 0;
    double y = x;
    while (i < n) {
        y = 0.8 * y + c * sin(y);
        i++;
    }
    unsigned k = 5;
    while (k > 0) {
        k = k - 1;
        y += 0.1 * x * k;
    }
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

double loops_while_grad(double x, double *d_x, double c, double *d_c, int n);

static int fixed_n;

static double eval(const double *p, int np)
{
    (void)np;
    return loops_while(p[0], p[1], fixed_n);
}

int main(void)
{
    GcRng rng = gc_seed(23);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -1.0, 1.0);
        fixed_n = 6 * t;
        double v = loops_while_grad(p[0], &g[0], p[1], &g[1], fixed_n);
        double want = loops_while(p[0], p[1], fixed_n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("loops_while", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_while");
}
#endif
