// RUN: %gradcheck %s %t
// Double scalars: + - * /, unary minus, compound assignments and integer
// constants mixed into floating expressions.
#include <adcc.h>

ADCC_GRAD(x, y, z)
double arith(double x, double y, double z)
{
    double a = x * y - z / (1.0 + x * x);
    double b = -a + 3 * x - y / 2;
    a += b * z;
    a -= x / (y * y + 1);
    a *= 1.5 + z;
    b /= 2.0 + y * y;
    b = -(-b);
    return a * b + x * x * x - 7;
}

#ifndef __ADCC__
#include "gradcheck.h"

double arith_grad(double x, double *d_x, double y, double *d_y, double z, double *d_z);

static double eval(const double *p, int np)
{
    (void)np;
    return arith(p[0], p[1], p[2]);
}

int main(void)
{
    GcRng rng = gc_seed(1);
    for (int t = 0; t < 8; t++) {
        double p[3], g[3] = {0.0, 0.0, 0.0};
        gc_fill(&rng, p, 3, -2.0, 2.0);
        double v = arith_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
        double want = arith(p[0], p[1], p[2]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("arith", eval, p, 3, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("scalar_arith");
}
#endif
