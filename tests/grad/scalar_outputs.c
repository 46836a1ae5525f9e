// RUN: %gradcheck %s %t
// Scalar outputs through pointer parameters (*px, *py), one re-read after
// it was written; seeds come in through d_px and d_py.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(r, th, px, py)
void polar(double r, double th, double *px, double *py)
{
    *px = r * cos(th);
    *py = r * sin(th);
    *px += 0.1 * *py * *py;
}

#ifndef __ADCC__
#include "gradcheck.h"

void polar_grad(double r, double *d_r, double th, double *d_th, double *px, double *d_px,
                double *py, double *d_py);

static double w[2];

/* p = r, th, initial *px, initial *py. */
static double eval(const double *p, int np)
{
    (void)np;
    double x = p[2], y = p[3];
    polar(p[0], p[1], &x, &y);
    return w[0] * x + w[1] * y;
}

int main(void)
{
    GcRng rng = gc_seed(13);
    for (int t = 0; t < 8; t++) {
        double p[4], g[4] = {0.0};
        gc_fill(&rng, p, 4, -2.0, 2.0);
        gc_fill(&rng, w, 2, -1.0, 1.0);
        double x = p[2], y = p[3], x_ref = p[2], y_ref = p[3];
        g[2] = w[0];
        g[3] = w[1];
        polar_grad(p[0], &g[0], p[1], &g[1], &x, &g[2], &y, &g[3]);
        polar(p[0], p[1], &x_ref, &y_ref);
        gc_check_close(x, x_ref, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(y, y_ref, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("polar", eval, p, 4, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("scalar_outputs");
}
#endif
