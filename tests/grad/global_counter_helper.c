// RUN: %gradcheck %s %t
// Helpers that update an int global and read it: a recursive helper that
// counts its calls (depth-first, so each level's reverse sweep must see
// the count of its own call, not the final one), and a helper with no
// derivative (tick) that changes a scale the caller's reverse sweep reads.
// The caller saves such a global before the call and restores it after the
// call's reverse part; f_grad leaves the globals at the values the model
// leaves them at (external globals: the check below sees the generated
// code's).
#include <adcc.h>
#include <math.h>

int calls = 0;
int scale = 1;

static double h(const double *x, int d)
{
    calls++;
    double r = x[0] * (double)calls;
    if (d > 0)
        r += sin(h(x + 1, d - 1)) * (double)calls;
    return r * r;
}

static void tick(void)
{
    scale = scale * 2 + 1;
}

ADCC_GRAD(x)
double model(const double *x)
{
    calls = 0;
    scale = 1;
    double s = x[0] * (double)scale;
    tick();
    s += h(x, 2) * (double)scale;
    tick();
    return s * x[1] * (double)scale;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3

double model_grad(const double *x, double *d_x);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

int main(void)
{
    GcRng rng = gc_seed(67);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N] = {0.0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        double want = model(p);
        int calls_after = calls, scale_after = scale;
        calls = scale = -5;
        gc_check_close(model_grad(p, g), want, GC_PRIMAL_RTOL, 0.0);
        gc_check(calls == calls_after && scale == scale_after);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("global_counter_helper");
}
#endif
