// RUN: %gradcheck %s %t
// Two pointers into the same array: writes through one are read through the
// other (lo/hi halves, then an overlapping window p = a + 1).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a)
void alias_update(double *a, int n)
{
    double *lo = a;
    double *hi = a + n / 2;
    for (int i = 0; i < n / 2; i++) {
        hi[i] = hi[i] * lo[i] + cos(lo[i]);
        lo[i] = lo[i] + 0.5 * hi[i];
    }
    double *p = a + 1;
    for (int i = 0; i < n - 1; i++)
        p[i] = p[i] + 0.3 * a[i] * p[i];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 10

void alias_update_grad(double *a, double *d_a, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    alias_update(a, N);
    return gc_dot(w, a, N);
}

int main(void)
{
    GcRng rng = gc_seed(19);
    for (int t = 0; t < 6; t++) {
        double p[N], a[N], a_ref[N], g[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(a, p, sizeof a);
        memcpy(a_ref, p, sizeof a_ref);
        memcpy(g, w, sizeof g);
        alias_update_grad(a, g, N);
        alias_update(a_ref, N);
        gc_check_array(a, a_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("alias_update", eval, p, N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_alias");
}
#endif
