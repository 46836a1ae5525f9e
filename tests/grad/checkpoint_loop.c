// RUN: %gradcheck %s %t
// Checkpointed time loops (ADCC_CHECKPOINT_LOOP and #pragma adcc
// checkpoint): each model comes twice, checkpointed and plainly taped, with
// the same body. The checkpointed gradient must equal the taped one to
// 1e-12 relative and finite differences; its snapshots must fit in K times
// the state's bytes, and its tape must stay far below the taped one's.
//   oscillators: the state is two parameter arrays a helper updates in
//                place, named as x:n, v:n;
//   local_state: the state is a local array and a scalar, inferred;
//   pragma_sum:  the pragma, the state a scalar and an int counter, inferred,
//                with a loop bound that is not a constant and a loop
//                counter declared before the loop.
#include <adcc.h>
#include <math.h>

/* compilers other than adcc warn about the adcc pragma under -Wall */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"

static void step(double *x, double *v, const double *k, int n, double dt)
{
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? x[i - 1] : 0.0;
        double right = i < n - 1 ? x[i + 1] : 0.0;
        double f = -k[i] * sin(x[i]) + 0.3 * (left - 2.0 * x[i] + right);
        v[i] += dt * f;
    }
    for (int i = 0; i < n; i++)
        x[i] += dt * v[i];
}

ADCC_GRAD(x, v, k)
void oscillators_ck(double *x, double *v, const double *k, int n, int steps, double dt)
{
    ADCC_CHECKPOINT_LOOP(4, x:n, v:n)
    for (int t = 0; t < steps; t++)
        step(x, v, k, n, dt);
}

ADCC_GRAD(x, v, k)
void oscillators_plain(double *x, double *v, const double *k, int n, int steps, double dt)
{
    for (int t = 0; t < steps; t++)
        step(x, v, k, n, dt);
}

ADCC_GRAD(u0, c)
double local_state_ck(const double *u0, double c, int steps)
{
    double u[3] = {u0[0], u0[1], u0[2]};
    double energy = 0.0;
    ADCC_CHECKPOINT_LOOP(3)
    for (int t = 0; t < steps; t++) {
        double a = u[0];
        u[0] = u[0] + 0.05 * (u[1] - c * a * a * a);
        u[1] = u[1] + 0.05 * (u[2] - u[0]);
        u[2] = u[2] - 0.05 * sin(u[1]);
        energy += u[0] * u[0];
    }
    return energy + u[2];
}

ADCC_GRAD(u0, c)
double local_state_plain(const double *u0, double c, int steps)
{
    double u[3] = {u0[0], u0[1], u0[2]};
    double energy = 0.0;
    for (int t = 0; t < steps; t++) {
        double a = u[0];
        u[0] = u[0] + 0.05 * (u[1] - c * a * a * a);
        u[1] = u[1] + 0.05 * (u[2] - u[0]);
        u[2] = u[2] - 0.05 * sin(u[1]);
        energy += u[0] * u[0];
    }
    return energy + u[2];
}

ADCC_GRAD(s0, r)
double pragma_sum_ck(double s0, double r, int first, int last)
{
    double s = s0;
    int flips = 0;
    int t;
#pragma adcc checkpoint(snapshots=2)
    for (t = first; t <= last; t++) {
        s = s + r * cos(s) / (1.0 + t);
        if (s > 1.0)
            flips++;
    }
    return s * (1.0 + 0.01 * flips) + 0.001 * t;
}

ADCC_GRAD(s0, r)
double pragma_sum_plain(double s0, double r, int first, int last)
{
    double s = s0;
    int flips = 0;
    int t;
    for (t = first; t <= last; t++) {
        s = s + r * cos(s) / (1.0 + t);
        if (s > 1.0)
            flips++;
    }
    return s * (1.0 + 0.01 * flips) + 0.001 * t;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include <adcc_rt.h>

#define N 5
#define STEPS 60

void oscillators_ck_grad(double *x, double *d_x, double *v, double *d_v, const double *k, double *d_k, int n,
                         int steps, double dt);
void oscillators_plain_grad(double *x, double *d_x, double *v, double *d_v, const double *k, double *d_k, int n,
                            int steps, double dt);
double local_state_ck_grad(const double *u0, double *d_u0, double c, double *d_c, int steps);
double local_state_plain_grad(const double *u0, double *d_u0, double c, double *d_c, int steps);
double pragma_sum_ck_grad(double s0, double *d_s0, double r, double *d_r, int first, int last);
double pragma_sum_plain_grad(double s0, double *d_s0, double r, double *d_r, int first, int last);

/* loss of the oscillators' final state, p = x[N], v[N], k[N] */
static double osc_eval(const double *p, int np)
{
    (void)np;
    double x[N], v[N];
    for (int i = 0; i < N; i++)
        x[i] = p[i], v[i] = p[N + i];
    oscillators_plain(x, v, p + 2 * N, N, STEPS, 0.05);
    double e = 0.0;
    for (int i = 0; i < N; i++)
        e += (1.0 + i) * x[i] + 0.5 * v[i] * v[i];
    return e;
}

typedef void (*OscGrad)(double *, double *, double *, double *, const double *, double *, int, int, double);

/* the loss's gradient through f_grad: seeds d_x, d_v with the loss's partials */
static void osc_grad(OscGrad f, const double *p, double *g, int steps)
{
    double x[N], v[N], dx[N], dv[N], dk[N] = {0};
    for (int i = 0; i < N; i++)
        x[i] = p[i], v[i] = p[N + i];
    double xs[N], vs[N];
    for (int i = 0; i < N; i++)
        xs[i] = x[i], vs[i] = v[i];
    oscillators_plain(xs, vs, p + 2 * N, N, steps, 0.05);
    for (int i = 0; i < N; i++)
        dx[i] = 1.0 + i, dv[i] = vs[i];
    f(x, dx, v, dv, p + 2 * N, dk, N, steps, 0.05);
    for (int i = 0; i < N; i++) {
        gc_check_close(x[i], xs[i], GC_PRIMAL_RTOL, 0.0); /* the outputs hold the final state */
        g[i] = dx[i], g[N + i] = dv[i], g[2 * N + i] = dk[i];
    }
}

static void check_oscillators(GcRng *rng)
{
    enum { NP = 3 * N };
    double p[NP], gc[NP], gp[NP];
    gc_fill(rng, p, 2 * N, -0.8, 0.8);
    gc_fill(rng, p + 2 * N, N, 0.5, 1.5);
    adcc_tape_reset_peak();
    adcc_snapshot_reset_peak();
    osc_grad(oscillators_ck_grad, p, gc, STEPS);
    size_t ck_tape = adcc_tape_peak_bytes(), ck_snaps = adcc_snapshot_peak_bytes();
    adcc_tape_reset_peak();
    osc_grad(oscillators_plain_grad, p, gp, STEPS);
    size_t plain_tape = adcc_tape_peak_bytes();
    gc_check_array(gc, gp, NP, 1e-12, 0.0);
    gc_check_grad("oscillators_ck", osc_eval, p, NP, gc, GC_RTOL, GC_ATOL);
    /* 4 snapshots of x and v; the tape holds one step's worth, not 60 */
    gc_check(ck_snaps <= 4 * 2 * N * sizeof(double));
    gc_check(ck_snaps > 0);
    gc_check(ck_tape * 10 < plain_tape);
    gc_check(adcc_snapshot_bytes() == 0);
}

static double ls_eval(const double *p, int np)
{
    (void)np;
    return local_state_plain(p, p[3], STEPS);
}

static void check_local_state(GcRng *rng)
{
    double p[4], gc[4] = {0}, gp[4] = {0};
    gc_fill(rng, p, 3, -0.7, 0.7);
    p[3] = gc_uniform(rng, 0.5, 1.5);
    adcc_snapshot_reset_peak();
    double rc = local_state_ck_grad(p, gc, p[3], &gc[3], STEPS);
    size_t snaps = adcc_snapshot_peak_bytes();
    double rp = local_state_plain_grad(p, gp, p[3], &gp[3], STEPS);
    gc_check_close(rc, rp, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(rc, local_state_plain(p, p[3], STEPS), GC_PRIMAL_RTOL, 0.0);
    gc_check_array(gc, gp, 4, 1e-12, 0.0);
    gc_check_grad("local_state_ck", ls_eval, p, 4, gc, GC_RTOL, GC_ATOL);
    /* the inferred state: u[3] and energy */
    gc_check(snaps <= 3 * (3 + 1) * sizeof(double));
    /* no steps, and one step */
    for (int steps = 0; steps <= 1; steps++) {
        double a[4] = {0}, b[4] = {0};
        gc_check_close(local_state_ck_grad(p, a, p[3], &a[3], steps), local_state_plain(p, p[3], steps),
                       GC_PRIMAL_RTOL, 0.0);
        local_state_plain_grad(p, b, p[3], &b[3], steps);
        gc_check_array(a, b, 4, 1e-12, 0.0);
    }
}

static double ps_eval(const double *p, int np)
{
    (void)np;
    return pragma_sum_plain(p[0], p[1], 3, 3 + STEPS);
}

static void check_pragma_sum(GcRng *rng)
{
    double p[2], gc[2] = {0}, gp[2] = {0};
    p[0] = gc_uniform(rng, -0.5, 0.5);
    p[1] = gc_uniform(rng, 0.5, 1.5);
    double rc = pragma_sum_ck_grad(p[0], &gc[0], p[1], &gc[1], 3, 3 + STEPS);
    double rp = pragma_sum_plain_grad(p[0], &gp[0], p[1], &gp[1], 3, 3 + STEPS);
    gc_check_close(rc, rp, GC_PRIMAL_RTOL, 0.0);
    gc_check_array(gc, gp, 2, 1e-12, 0.0);
    gc_check_grad("pragma_sum_ck", ps_eval, p, 2, gc, GC_RTOL, GC_ATOL);
}

int main(void)
{
    GcRng rng = gc_seed(61);
    for (int t = 0; t < 3; t++) {
        check_oscillators(&rng);
        check_local_state(&rng);
        check_pragma_sum(&rng);
    }
    return gc_report("checkpoint_loop");
}
#endif
