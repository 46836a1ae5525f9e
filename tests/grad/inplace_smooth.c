// RUN: %gradcheck %s %t
// In-place smoothing sweeps (Gauss-Seidel style): each sweep overwrites u[i]
// while a saved copy of the old value feeds the next point.
#include <adcc.h>

ADCC_GRAD(u)
void relax(double *u, int n, int sweeps)
{
    for (int s = 0; s < sweeps; s++) {
        double prev = u[0];
        for (int i = 1; i < n - 1; i++) {
            double cur = u[i];
            u[i] = 0.25 * prev + 0.5 * cur + 0.25 * u[i + 1] + 0.1 * cur * cur;
            prev = cur;
        }
        u[0] = 0.9 * u[0] + 0.1 * u[1];
    }
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 10
#define SWEEPS 4

void relax_grad(double *u, double *d_u, int n, int sweeps);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double u[N];
    memcpy(u, p, sizeof u);
    relax(u, N, SWEEPS);
    return gc_dot(w, u, N);
}

int main(void)
{
    GcRng rng = gc_seed(15);
    for (int t = 0; t < 6; t++) {
        double p[N], u[N], u_ref[N], g[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(u, p, sizeof u);
        memcpy(u_ref, p, sizeof u_ref);
        memcpy(g, w, sizeof g);
        relax_grad(u, g, N, SWEEPS);
        relax(u_ref, N, SWEEPS);
        gc_check_array(u, u_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("relax", eval, p, N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("inplace_smooth");
}
#endif
