// RUN: %gradcheck %s %t
// Found by tests/random (gen 74 and 267): a loop whose counter is declared
// before it (int i; for (i = 0; i < m; i++)) and read after it, reversed
// where the reverse sweep only restores what the loop overwrote:
//   - model: h is called once for its value and once only in a condition;
//     the second call's reverse sweep (h_rev_2, no adjoint of the result);
//   - model2: the loop updates s1, which the result does not depend on, in
//     a block after an early return.
// Both reverse the loop as for (i = ...; i >= 0; i--) without declaring i
// there: "'i' undeclared". (random_restore_only_loop_bound.c: a local int
// in such a loop's bound.)
#include <adcc.h>
#include <math.h>

static double h(const double *a, double u, int m)
{
    double acc = 0.0;
    int i;
    for (i = 0; i < m; i++) {
        u *= 0.5;
        u += 0.3 * sin(u * a[0]);
    }
    acc -= 0.5 * tanh(0.125 * (double)i + u) * a[i % 2];
    return acc + 0.125 * (double)i;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double s = h(x, x[0], 2);
    if (h(x, x[1], 3) > -10.0)
        s = s * x[1];
    return s;
}

ADCC_GRAD(x, s1)
double model2(const double *x, double s1, int k)
{
    double acc = 0.0;
    if (x[0] > 0.9)
        return acc + x[1];
    if (x[0] > -0.9) {
        int i;
        for (i = 1; i < k + 2; i++)
            s1 = 0.5 * s1 + 0.125 * sin(x[1]);
        acc += 0.125 * (double)i;
    }
    return acc + x[0] * x[1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2

double model_grad(const double *x, double *d_x);
double model_jvp(const double *x, const double *t_x, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x);
double model2_grad(const double *x, double *d_x, double s1, double *d_s1, int k);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

/* model2 at p = x[0..1], s1, with |x[0]| < 0.8: away from its branches */
static double eval2(const double *p, int np)
{
    (void)np;
    return model2(p, p[2], 2);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, &t);
    gc_check_close(r, model(p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(74);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        memset(g, 0, sizeof g);
        double r = model_grad(p, g);
        double want = model(p);
        gc_check_close(r, want, GC_PRIMAL_RTOL, 0.0);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
        double q[3] = {0.8 * p[0], p[1], u[0]}, g2[3] = {0.0, 0.0, 0.0};
        double r2 = model2_grad(q, g2, q[2], &g2[2], 2);
        gc_check_close(r2, model2(q, q[2], 2), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model2", eval2, q, 3, g2, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_counter_before_loop_inactive");
}
#endif
