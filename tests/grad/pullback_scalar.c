// RUN: %gradcheck %s %t
// User reverse rules (ADCC_PULLBACK): a scalar function with no body here,
// a function with a body whose rule replaces its derivative, and a void
// function writing an output array through a pointer. The rules are exact
// derivatives, so the gradient must match finite differences.
#include <adcc.h>
#include <math.h>

void softplus_pb(double x, double *d_x, double d_ret);
ADCC_PULLBACK(softplus_pb)
double softplus(double x);

/* A body adcc could differentiate, but the rule takes its place. */
void cube_pb(double x, double *d_x, double d_ret);
ADCC_PULLBACK(cube_pb)
double cube(double x)
{
    return x * x * x;
}

/* y[i] = sin(a * x[i]): an output through a pointer, seed in d_y. */
void scaled_sin_pb(const double *x, double *d_x, double a, double *d_a, double *y, double *d_y, int n);
ADCC_PULLBACK(scaled_sin_pb)
void scaled_sin(const double *x, double a, double *y, int n);

ADCC_GRAD(x, a)
double model(const double *x, double a, int n)
{
    double y[8];
    scaled_sin(x, a, y, n);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += softplus(y[i] * x[i]) + cube(x[i] - a) * 0.1;
    return s * softplus(a);
}

#ifndef __ADCC__
#include "gradcheck.h"

double softplus(double x) { return log1p(exp(x)); }
void softplus_pb(double x, double *d_x, double d_ret)
{
    if (d_x)
        *d_x += d_ret / (1.0 + exp(-x));
}
void cube_pb(double x, double *d_x, double d_ret)
{
    if (d_x)
        *d_x += 3.0 * x * x * d_ret;
}
void scaled_sin(const double *x, double a, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = sin(a * x[i]);
}
void scaled_sin_pb(const double *x, double *d_x, double a, double *d_a, double *y, double *d_y, int n)
{
    (void)y;
    for (int i = 0; i < n; i++) {
        double c = cos(a * x[i]) * d_y[i];
        if (d_x)
            d_x[i] += c * a;
        if (d_a)
            *d_a += c * x[i];
        d_y[i] = 0.0; /* y is overwritten by the call: its adjoint is consumed */
    }
}

double model_grad(const double *x, double *d_x, double a, double *d_a, int n);

#define N 6
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[N], N);
}

int main(void)
{
    GcRng rng = gc_seed(11);
    for (int t = 0; t < 5; t++) {
        double p[N + 1], g[N + 1] = {0.0};
        gc_fill(&rng, p, N + 1, -1.5, 1.5);
        double v = model_grad(p, g, p[N], &g[N], N);
        gc_check_close(v, eval(p, N + 1), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("pullback_scalar", eval, p, N + 1, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("pullback_scalar");
}
#endif
