// RUN: %gradcheck %s %t
// Found by tests/random (gen 18, next to random_unused_call_pointer.c): f_hvp
// of a helper whose loop reads through a local pointer (p = a + i). The
// helper's reverse sweep in f_hvp popped the tangents v_u, v_p and hv_p and
// dropped them: H v missed every second-order term through the helper (here
// every component of H v was 0), while f_grad and f_jvp were right. The
// activity analysis of the reverse sweep took a popped pointer for memory of
// its own that nothing made active. Fixed in ad/activity.c: a popped pointer
// points where the forward sweeps' assignments of the same variable made it
// point (act_tape_roots: the sweeps share their variables), here into the
// parameter a; and memory of a sweep's own that a taped pointer reaches (a
// local array, a malloc'd block) is active in both sweeps, so the forward
// sweep never pushes a NULL tangent that the reverse sweep then uses.
#include <adcc.h>
#include <math.h>

static double prod(const double *a, double u, int m)
{
    for (int i = 0; i < m; i++) {
        const double *p = a + i;
        u = u * p[0];
    }
    return u;
}

ADCC_GRAD(x, s)
ADCC_JVP(x, s)
ADCC_HVP(x, s)
double model(const double *x, double s)
{
    return prod(x, s, 3);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 4

double model_grad(const double *x, double *d_x, double s, double *d_s);
double model_jvp(const double *x, const double *t_x, double s, double t_s, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double s, double v_s, double *d_s,
                 double *hv_s);

/* p = x[0..3), s */
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[3]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, p[3], tp[3], &t);
    gc_check_close(r, model(p, p[3]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g, p[3], g + 3);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv, p[3], v[3], g + 3, hv + 3);
}

int main(void)
{
    GcRng rng = gc_seed(19);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        eval_grad(p, N, g);
        double want = model(p, p[3]);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_hvp_call_pointer");
}
#endif
