// RUN: %gradcheck %s %t
// An in-place prefix recurrence that re-reads what it wrote:
// a[i] = a[i-1] * a[i] + sin(a[i]); d_a is the seed in, the gradient out.
// Forward mode (t_a: the tangent in, the outputs' tangent out) and
// Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(a)
ADCC_JVP(a)
ADCC_HVP(a)
void prefix(double *a, int n)
{
    for (int i = 1; i < n; i++)
        a[i] = a[i - 1] * a[i] + sin(a[i]);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12

void prefix_grad(double *a, double *d_a, int n);
void prefix_jvp(double *a, double *t_a, int n);
void prefix_hvp(double *a, double *v_a, double *d_a, double *hv_a, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    prefix(a, N);
    return gc_dot(w, a, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double a[N], t_a[N], a_ref[N];
    memcpy(a, p, sizeof a);
    memcpy(a_ref, p, sizeof a_ref);
    memcpy(t_a, tp, sizeof t_a);
    prefix_jvp(a, t_a, N);
    prefix(a_ref, N);
    gc_check_array(a, a_ref, N, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_a, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    double a[N];
    memcpy(a, p, sizeof a);
    memcpy(g, w, sizeof w);
    prefix_grad(a, g, N);
}

/* d_a holds the seed w (tangent 0: hv_a starts at 0), v_a the direction. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    double a[N], v_a[N];
    memcpy(a, p, sizeof a);
    memcpy(v_a, v, sizeof v_a);
    memcpy(g, w, sizeof w);
    memset(hv, 0, sizeof w);
    prefix_hvp(a, v_a, g, hv, N);
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
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("prefix", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("prefix", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("inplace_prefix");
}
#endif
