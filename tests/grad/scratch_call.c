// RUN: %gradcheck %s %t
// Local scratch arrays that a helper fills in every iteration of a loop
// (out[i] = ..., from values that never change): the reverse sweep calls
// the helper again instead of taping the array, also when the call is
// inactive (before, the reverse sweep read the last call's values). Also the
// cases that must keep the tape: a helper that reads its output (active, and
// inactive: its sweeps then save and restore the array), an array read
// before the call that fills it, a call whose input is its own output, and
// the pattern inside a helper's split sweeps. The loops end in nonlinear
// functions of their sums, so they are not fused. Forward mode (f_jvp) and
// Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

#define N 3
#define K 4

static void diff(int n, const double *a, const double *b, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = a[i] - b[i];
}

/* reads its output after writing it: not evaluated again */
static void scale_cumsum(int n, const double *s, const double *v, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = s[i] * v[i];
    for (int i = 1; i < n; i++)
        out[i] += out[i - 1];
}

static double sqsum(int n, const double *v)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

/* inactive: fills from the loop counter only */
static void ramp(int k, double *out)
{
    for (int i = 0; i < N; i++)
        out[i] = 0.5 * k + 0.25 * i;
}

/* inactive, reads its output: its sweeps save and restore it */
static void ramp_acc(int k, double *out)
{
    for (int i = 0; i < N; i++)
        out[i] = 0.25 * k - 0.1 * i;
    out[2] += out[0];
}

/* the pattern inside a helper, differentiated in split form */
static double inner(const double *x, const double *c)
{
    double t[N];
    double acc = 0.0;
    for (int k = 0; k < K; k++) {
        diff(N, x, &c[k * N], t);
        acc += sin(sqsum(N, t) + t[k % N]);
    }
    return acc;
}

ADCC_GRAD(x, c)
ADCC_JVP(x, c)
ADCC_HVP(x, c)
double scratch(const double *x, const double *c)
{
    double r[N], z[N], w[N], s[N], e[N];
    double u[N] = {0.0};
    double y = 0.0;
    for (int k = 0; k < K; k++) {
        diff(N, x, &c[k * N], r);
        scale_cumsum(N, &c[((k + 1) % K) * N], r, z);
        ramp(k, w);
        ramp_acc(k, e);
        y += exp(-0.1 * sqsum(N, z)) * (r[0] + w[1] * r[2] + e[2] * r[1]);
    }
    double v = 0.0;
    for (int k = 0; k < K; k++) {
        v += u[0] * 0.0 + 1.0; /* u read before the call that fills it */
        diff(N, &c[k * N], x, u);
        v *= 1.0 + 0.1 * u[k % N];
    }
    double q = 0.0;
    for (int k = 0; k < 2; k++) {
        diff(N, x, &c[k * N], s);
        diff(N, s, &c[(k + 1) * N], s); /* its own output as input */
        q += s[1] * s[2];
    }
    return sin(y) + v * v + cos(q) + inner(x, c);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define NP (N + K * N)

double scratch_grad(const double *x, double *d_x, const double *c, double *d_c);
double scratch_jvp(const double *x, const double *t_x, const double *c, const double *t_c, double *t_ret);
double scratch_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, const double *c,
                   const double *v_c, double *d_c, double *hv_c);

static double eval(const double *p, int np)
{
    (void)np;
    return scratch(p, p + N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = scratch_jvp(p, tp, p + N, tp + N, &t);
    gc_check_close(v, scratch(p, p + N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    scratch_grad(p, g, p + N, g + N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    scratch_hvp(p, v, g, hv, p + N, v + N, g + N, hv + N);
}

int main(void)
{
    GcRng rng = gc_seed(41);
    for (int t = 0; t < 6; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -1.0, 1.0);
        double val = scratch_grad(p, g, p + N, g + N);
        double want = scratch(p, p + N);
        gc_check_close(val, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("scratch", eval, p, NP, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("scratch", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("scratch", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("scratch_call");
}
#endif
