// RUN: %gradcheck %s %t
// __builtin_assume_aligned returns its first argument, so the derivative
// flows through it: passed straight to a helper and stored in a local
// pointer. adcc once gave such pointers no shadow (d_x untouched) and in
// forward mode a NULL tangent.
#include <adcc.h>

static double pair(const double *p)
{
    return p[0] * p[1];
}

ADCC_GRAD(x)
ADCC_JVP(x)
double aligned(const double *x, int n)
{
    double s = pair(__builtin_assume_aligned(x, 8));
    const double *p = __builtin_assume_aligned(x, 8);
    for (int i = 0; i < n; i++)
        s += p[i] * p[i] * (1.0 + 0.25 * i);
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double aligned_grad(const double *x, double *d_x, int n);
double aligned_jvp(const double *x, const double *t_x, int n, double *t_ret);

static double eval(const double *p, int np)
{
    (void)np;
    return aligned(p, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = aligned_jvp(p, tp, N, &t);
    gc_check_close(v, aligned(p, N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

int main(void)
{
    GcRng rng = gc_seed(17);
    for (int t = 0; t < 5; t++) {
        double p[N], g[N] = {0.0}, tp[N];
        gc_fill(&rng, p, N, -2.0, 2.0);
        double v = aligned_grad(p, g, N);
        double want = aligned(p, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("aligned", eval, p, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_fill_dir(&rng, tp, N);
        gc_check_jvp("aligned", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("assume_aligned");
}
#endif
