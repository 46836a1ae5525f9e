// RUN: %gradcheck %s %t
// ADCC_CHECKPOINT on a function: its calls are not taped. The caller's
// forward sweep saves the arrays the call overwrites and makes the plain
// call; the reverse sweep restores them and runs the call's forward sweep
// again before its reverse sweep. Each model comes twice, with the marked
// function and with an unmarked copy: the gradients must agree to 1e-12
// and with finite differences, and the marked version's tape must stay far
// below the taped one's.
//   relax:   a helper updating an array in place (extent from its loop);
//   descend: a deep recursion (200 levels) whose levels update an array
//            through a heavy helper, both marked, the extent named with
//            ADCC_CHECKPOINT_EXTENTS(u:n). Reversing a call runs its
//            forward sweep again, so the tape holds the saved arrays of
//            the levels above and one level's work, not every level's;
//   scale:   a helper writing an output array whose extent is a constant.
#include <adcc.h>
#include <math.h>

ADCC_CHECKPOINT
static void relax(double *u, const double *w, int n)
{
    for (int k = 0; k < 20; k++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.05 * (w[i] - sin(u[i]));
}

static void relax_taped(double *u, const double *w, int n)
{
    for (int k = 0; k < 20; k++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.05 * (w[i] - sin(u[i]));
}

/* one level's work: many overwrites of u, a long tape when taped */
ADCC_CHECKPOINT_EXTENTS(u:n)
static void level(double *u, double c, int n, int depth)
{
    for (int k = 0; k < 16; k++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.001 * c * cos(u[i] + depth + k);
}

static void level_taped(double *u, double c, int n, int depth)
{
    for (int k = 0; k < 16; k++)
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.001 * c * cos(u[i] + depth + k);
}

ADCC_CHECKPOINT_EXTENTS(u:n)
static double descend(double *u, double c, int n, int depth)
{
    if (depth == 0)
        return u[0] * u[n - 1];
    level(u, c, n, depth);
    double below = descend(u, c, n, depth - 1);
    return 0.99 * below + 0.01 * u[0] * u[0];
}

static double descend_taped(double *u, double c, int n, int depth)
{
    if (depth == 0)
        return u[0] * u[n - 1];
    level_taped(u, c, n, depth);
    double below = descend_taped(u, c, n, depth - 1);
    return 0.99 * below + 0.01 * u[0] * u[0];
}

ADCC_CHECKPOINT
static double scale(double *out, const double *in, double s)
{
    double t = 0.0;
    for (int i = 0; i < 4; i++) {
        out[i] = s * in[i] * in[i];
        t += out[i];
    }
    return t;
}

ADCC_GRAD(x, w)
double relax_ck(const double *x, const double *w, int n)
{
    double u[8];
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    relax(u, w, n);
    relax(u, w, n);
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i] * (1.0 + i);
    return e;
}

ADCC_GRAD(x, w)
double relax_plain(const double *x, const double *w, int n)
{
    double u[8];
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    relax_taped(u, w, n);
    relax_taped(u, w, n);
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += u[i] * u[i] * (1.0 + i);
    return e;
}

ADCC_GRAD(u, c)
double descend_ck(double *u, double c, int n, int depth)
{
    return descend(u, c, n, depth) + scale(u, u + 4, c);
}

ADCC_GRAD(u, c)
double descend_plain(double *u, double c, int n, int depth)
{
    double out[4];
    double t = descend_taped(u, c, n, depth);
    for (int i = 0; i < 4; i++) {
        out[i] = c * u[4 + i] * u[4 + i];
        t += out[i];
    }
    for (int i = 0; i < 4; i++)
        u[i] = out[i];
    return t;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include <adcc_rt.h>

#define N 8
#define DEPTH 200

double relax_ck_grad(const double *x, double *d_x, const double *w, double *d_w, int n);
double relax_plain_grad(const double *x, double *d_x, const double *w, double *d_w, int n);
double descend_ck_grad(double *u, double *d_u, double c, double *d_c, int n, int depth);
double descend_plain_grad(double *u, double *d_u, double c, double *d_c, int n, int depth);

static double relax_eval(const double *p, int np)
{
    (void)np;
    return relax_plain(p, p + N, N);
}

static void check_relax(GcRng *rng)
{
    double p[2 * N], gc[2 * N] = {0}, gp[2 * N] = {0};
    gc_fill(rng, p, 2 * N, -1.0, 1.0);
    double rc = relax_ck_grad(p, gc, p + N, gc + N, N);
    double rp = relax_plain_grad(p, gp, p + N, gp + N, N);
    gc_check_close(rc, rp, GC_PRIMAL_RTOL, 0.0);
    gc_check_array(gc, gp, 2 * N, 1e-12, 0.0);
    gc_check_grad("relax_ck", relax_eval, p, 2 * N, gc, GC_RTOL, GC_ATOL);
}

/* p = u[N], c; the loss is the value returned, u is updated in place */
static double descend_eval(const double *p, int np)
{
    (void)np;
    double u[N];
    for (int i = 0; i < N; i++)
        u[i] = p[i];
    return descend_ck(u, p[N], N, DEPTH);
}

static void check_descend(GcRng *rng)
{
    double p[N + 1], uc[N], up[N], gc[N + 1] = {0}, gp[N + 1] = {0};
    gc_fill(rng, p, N + 1, -0.8, 0.8);
    for (int i = 0; i < N; i++)
        uc[i] = up[i] = p[i];
    adcc_tape_reset_peak();
    double rc = descend_ck_grad(uc, gc, p[N], &gc[N], N, DEPTH);
    size_t ck_tape = adcc_tape_peak_bytes();
    adcc_tape_reset_peak();
    double rp = descend_plain_grad(up, gp, p[N], &gp[N], N, DEPTH);
    size_t plain_tape = adcc_tape_peak_bytes();
    gc_check_close(rc, rp, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(rc, descend_eval(p, N + 1), GC_PRIMAL_RTOL, 0.0);
    gc_check_array(uc, up, N, GC_PRIMAL_RTOL, 0.0);   /* the outputs hold the final values */
    gc_check_array(gc, gp, N + 1, 1e-12, 0.0);
    gc_check_grad("descend_ck", descend_eval, p, N + 1, gc, GC_RTOL, GC_ATOL);
    /* the taped recursion keeps every level's 16 overwrites of u; the
     * checkpointed one u twice per level (the level's and the call's
     * input) and one level's overwrites */
    gc_check(ck_tape * 4 < plain_tape);
}

int main(void)
{
    GcRng rng = gc_seed(62);
    for (int t = 0; t < 3; t++) {
        check_relax(&rng);
        check_descend(&rng);
    }
    return gc_report("checkpoint_call");
}
#endif
