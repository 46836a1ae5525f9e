// RUN: %gradcheck %s %t
// while loops whose conditions read active values: while (s < x) s += h*x
// (fixed trip count), and t += 0.37 until t >= x (trip count varies with x).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double active_trip(double x, double y)
{
    double h = 0.07;
    double s = 0.0;
    while (s < x)
        s += h * x;
    double t = 0.0, acc = y;
    while (t < x) {
        t += 0.37;
        acc = 0.9 * acc + cos(t * x) * y;
    }
    return s * y + acc;
}

#ifndef __ADCC__
#include "gradcheck.h"

double active_trip_grad(double x, double *d_x, double y, double *d_y);

static double eval(const double *p, int np)
{
    (void)np;
    return active_trip(p[0], p[1]);
}

int main(void)
{
    GcRng rng = gc_seed(25);
    int done = 0;
    while (done < 10) {
        double p[2], g[2] = {0.0, 0.0};
        p[0] = gc_uniform(&rng, 0.5, 3.0);
        p[1] = gc_uniform(&rng, -1.0, 1.0);
        if (gc_dist_int(p[0] / 0.37) < 0.03)
            continue;
        done++;
        double v = active_trip_grad(p[0], &g[0], p[1], &g[1]);
        double want = active_trip(p[0], p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("active_trip", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("while_active_trip");
}
#endif
