// RUN: %gradcheck %s %t
// A loop whose result is returned and also passed to a function with a
// reverse rule: the rule adds to the result's adjoint after the loop, so the
// loop may not be fused with a seed fixed in advance (regression).
#include <adcc.h>
#include <math.h>
void sq_pb(double x, double *d_x, double d_ret);
ADCC_PULLBACK(sq_pb) double sq(double x);
ADCC_GRAD(p)
double model(const double *p, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += p[i] * p[i];
    return sq(s) + s;
}
#ifndef __ADCC__
#include "gradcheck.h"
void sq_pb(double x, double *d_x, double d_ret) { if (d_x) *d_x += 2.0 * x * d_ret; }
double sq(double x) { return x * x; }
double model_grad(const double *p, double *d_p, int n);
static double eval(const double *p, int np) { return model(p, np); }
int main(void)
{
    GcRng rng = gc_seed(3);
    double p[4], g[4] = {0};
    gc_fill(&rng, p, 4, -1, 1);
    double v = model_grad(p, g, 4);
    gc_check_close(v, eval(p, 4), GC_PRIMAL_RTOL, 0.0);
    gc_check_grad("plain", eval, p, 4, g, GC_RTOL, GC_ATOL);
    return gc_report("plain");
}
#endif
