// RUN: %gradcheck %s %t
// In-place smoothing sweeps (Gauss-Seidel style): each sweep overwrites u[i]
// while a saved copy of the old value feeds the next point.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>

ADCC_GRAD(u)
ADCC_JVP(u)
ADCC_HVP(u)
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
void relax_jvp(double *u, double *t_u, int n, int sweeps);
void relax_hvp(double *u, double *v_u, double *d_u, double *hv_u, int n, int sweeps);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double u[N];
    memcpy(u, p, sizeof u);
    relax(u, N, SWEEPS);
    return gc_dot(w, u, N);
}

/* The model writes u in place: tp[0..N) is u's initial tangent, and
 * relax_jvp leaves the outputs' tangents in it. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double u[N], t_u[N], u_ref[N];
    memcpy(u, p, sizeof u);
    memcpy(u_ref, p, sizeof u_ref);
    memcpy(t_u, tp, sizeof t_u);
    relax_jvp(u, t_u, N, SWEEPS);
    relax(u_ref, N, SWEEPS);
    gc_check_array(u, u_ref, N, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_u, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    double u[N];
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(u, p, sizeof u);
    memcpy(g, w, sizeof w);
    relax_grad(u, g, N, SWEEPS);
}

/* d_u holds the seed w on entry (an input of relax_grad whose tangent is
 * zero: hv_u starts at 0); v_u is overwritten, so it is a copy of v. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double u[N], v_u[N];
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    memcpy(u, p, sizeof u);
    memcpy(v_u, v, sizeof v_u);
    memcpy(g, w, sizeof w);
    relax_hvp(u, v_u, g, hv, N, SWEEPS);
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
        double tp[N], dir2[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, dir2, N);
        gc_check_jvp("relax", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("relax", eval_grad, eval_hvp, p, tp, dir2, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("inplace_smooth");
}
#endif
