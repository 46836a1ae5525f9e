// RUN: %gradcheck %s %t
// adcc_stop_gradient with an explicit expected gradient: frozen products and
// a frozen running value inside a loop contribute their values, no derivative.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
double frozen(double x, double y)
{
    double a = adcc_stop_gradient(x * y);
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += adcc_stop_gradient(s + x) * y;
    return a * x + y + adcc_stop_gradient(sin(x)) + s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double frozen_grad(double x, double *d_x, double y, double *d_y);

int main(void)
{
    GcRng rng = gc_seed(46);
    for (int t = 0; t < 8; t++) {
        double x = gc_uniform(&rng, -2.0, 2.0), y = gc_uniform(&rng, -2.0, 2.0);
        double gx = 0.0, gy = 0.0;
        double v = frozen_grad(x, &gx, y, &gy);
        gc_check_close(v, frozen(x, y), GC_PRIMAL_RTOL, 0.0);
        /* d/dx: only a * x, with a = x*y frozen; d/dy: 1 + the frozen factors. */
        double s = 0.0, sum_f = 0.0;
        for (int i = 0; i < 3; i++) {
            double f = s + x;
            sum_f += f;
            s += f * y;
        }
        gc_check_close(gx, x * y, 1e-14, 1e-15);
        gc_check_close(gy, 1.0 + sum_f, 1e-14, 1e-15);
    }
    return gc_report("stop_gradient_explicit");
}
#endif
