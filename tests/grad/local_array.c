// RUN: %gradcheck %s %t
// Fixed-size local arrays of active values: 1-D with and without an
// initializer, a 2-D local, and an element overwritten after use.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double local_arr(const double *x)
{
    double t[8];
    double u[8] = {0.0};
    double m[2][4];
    for (int i = 0; i < 8; i++)
        t[i] = x[i] * x[(i + 1) % 8];
    for (int i = 0; i < 8; i++)
        u[i] += t[i] + 0.5 * t[(i + 7) % 8];
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 4; c++)
            m[r][c] = u[r * 4 + c] * sin(t[c + 4 * (1 - r)]);
    t[3] = 0.0;
    double s = 0.0;
    for (int i = 0; i < 8; i++)
        s += u[i] * u[i] + t[i];
    return s + m[0][1] * m[1][2] + m[1][3];
}

#ifndef __ADCC__
#include "gradcheck.h"

double local_arr_grad(const double *x, double *d_x);

static double eval(const double *p, int np)
{
    (void)np;
    return local_arr(p);
}

int main(void)
{
    GcRng rng = gc_seed(16);
    for (int t = 0; t < 6; t++) {
        double x[8], g[8] = {0.0};
        gc_fill(&rng, x, 8, -1.5, 1.5);
        double v = local_arr_grad(x, g);
        double want = local_arr(x);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("local_arr", eval, x, 8, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("local_array");
}
#endif
