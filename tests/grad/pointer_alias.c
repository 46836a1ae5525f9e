// RUN: %gradcheck %s %t
// Two pointers into the same array: writes through one are read through the
// other (lo/hi halves, then an overlapping window p = a + 1). Forward mode
// (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a)
ADCC_JVP(a)
ADCC_HVP(a)
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
void alias_update_jvp(double *a, double *t_a, int n);
void alias_update_hvp(double *a, double *v_a, double *d_a, double *hv_a, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    alias_update(a, N);
    return gc_dot(w, a, N);
}

/* t_a holds the direction of a's initial contents on entry, the tangent of
 * its final contents on return. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double a[N], t_a[N], a_ref[N];
    memcpy(a, p, sizeof a);
    memcpy(a_ref, p, sizeof a_ref);
    memcpy(t_a, tp, sizeof t_a);
    alias_update_jvp(a, t_a, N);
    alias_update(a_ref, N);
    gc_check_array(a, a_ref, N, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_a, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    memcpy(g, w, sizeof w);
    alias_update_grad(a, g, N);
}

/* The seeds w in d_a are inputs of f_grad with tangent 0: hv_a starts at 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double a[N], v_a[N];
    memcpy(a, p, sizeof a);
    memcpy(v_a, v, sizeof v_a);
    memcpy(g, w, sizeof w);
    memset(hv, 0, sizeof(double) * (size_t)np);
    alias_update_hvp(a, v_a, g, hv, N);
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
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("alias_update", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("alias_update", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_alias");
}
#endif
