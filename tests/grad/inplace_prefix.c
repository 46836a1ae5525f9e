// RUN: %gradcheck %s %t
// An in-place prefix recurrence that re-reads what it wrote:
// a[i] = a[i-1] * a[i] + sin(a[i]); d_a is the seed in, the gradient out.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a)
void prefix(double *a, int n)
{
    for (int i = 1; i < n; i++)
        a[i] = a[i - 1] * a[i] + sin(a[i]);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12

void prefix_grad(double *a, double *d_a, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    prefix(a, N);
    return gc_dot(w, a, N);
}

int main(void)
{
    GcRng rng = gc_seed(14);
    for (int t = 0; t < 6; t++) {
        double p[N], a[N], a_ref[N], g[N];
        gc_fill(&rng, p, N, 0.3, 0.9);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(a, p, sizeof a);
        memcpy(a_ref, p, sizeof a_ref);
        memcpy(g, w, sizeof g);
        prefix_grad(a, g, N);
        prefix(a_ref, N);
        gc_check_array(a, a_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("prefix", eval, p, N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("inplace_prefix");
}
#endif
