// RUN: %gradcheck %s %t
// A straight-through quantiser: quantize(w) rounds w to a grid of 1/8, and
// its hand-written rules (ADCC_PULLBACK, ADCC_PUSHFORWARD) let the
// derivative pass through as if quantize were the identity. Finite
// differences of the model itself would see round's zero derivative, so
// f_grad and f_jvp are compared with finite differences of the same model
// with quantize replaced by a shifted identity (w -> w + quantize(w0) - w0,
// whose derivative at w0 is the straight-through one), with a closed form,
// and with each other (dot-product test).
#include <adcc.h>
#include <math.h>

#define GRID 8.0

void quantize_pb(double w, double *d_w, double d_ret);
double quantize_pf(double w, double t_w, double *t_ret);
ADCC_PULLBACK(quantize_pb)
ADCC_PUSHFORWARD(quantize_pf)
double quantize(double w);

/* sum_i tanh(q_i x_i + b)^2 + 0.5 q_i^2 with q_i = quantize(w_i). */
ADCC_GRAD(w, x, b)
ADCC_JVP(w, x, b)
double model(const double *w, const double *x, double b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double q = quantize(w[i]);
        double z = tanh(q * x[i] + b);
        s += z * z + 0.5 * q * q;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *w, double *d_w, const double *x, double *d_x, double b, double *d_b, int n);
double model_jvp(const double *w, const double *t_w, const double *x, const double *t_x, double b, double t_b,
                 int n, double *t_ret);

/* While identity_shift is set, quantize(w_i) is w_i + shift[i] for the i-th
 * call of a model evaluation: the reference model for finite differences. */
static const double *identity_shift;
static int call_index;
static long pb_calls, pf_calls;

double quantize(double w)
{
    if (identity_shift)
        return w + identity_shift[call_index++];
    return round(w * GRID) / GRID;
}

void quantize_pb(double w, double *d_w, double d_ret)
{
    (void)w;
    pb_calls++;
    if (d_w)
        *d_w += d_ret;
}

double quantize_pf(double w, double t_w, double *t_ret)
{
    pf_calls++;
    *t_ret = t_w;
    return quantize(w);
}

#define N 6
#define NP (2 * N + 1)

static double shift[N];

/* p = w[0..N), x[0..N), b. */
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p + N, p[2 * N], N);
}

/* The model with quantize(w_i) = w_i + shift[i]. */
static double eval_st(const double *p, int np)
{
    (void)np;
    identity_shift = shift;
    call_index = 0;
    double v = model(p, p + N, p[2 * N], N);
    identity_shift = NULL;
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t = 0.0;
    double v = model_jvp(p, tp, p + N, tp + N, p[2 * N], tp[2 * N], N, &t);
    gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
    return t;
}

/* The straight-through gradient by hand. */
static void closed_form(const double *p, double *g)
{
    double b = p[2 * N];
    g[2 * N] = 0.0;
    for (int i = 0; i < N; i++) {
        double q = round(p[i] * GRID) / GRID, x = p[N + i];
        double z = tanh(q * x + b), dz = 2.0 * z * (1.0 - z * z);
        g[i] = dz * x + q;
        g[N + i] = dz * q;
        g[2 * N] += dz;
    }
}

int main(void)
{
    GcRng rng = gc_seed(71);
    for (int t = 0; t < 8; t++) {
        double p[NP], g[NP] = {0.0}, want[NP];
        gc_fill(&rng, p, NP, -1.5, 1.5);
        for (int i = 0; i < N; i++)
            shift[i] = round(p[i] * GRID) / GRID - p[i];
        long pb0 = pb_calls;
        double v = model_grad(p, g, p + N, g + N, p[2 * N], &g[2 * N], N);
        gc_check(pb_calls - pb0 == N);
        gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
        gc_check_close(eval_st(p, NP), v, GC_PRIMAL_RTOL, 1e-15);
        closed_form(p, want);
        gc_check_array(g, want, NP, 1e-13, 1e-15);
        gc_check_grad("straight_through", eval_st, p, NP, g, GC_RTOL, GC_ATOL);

        double tp[NP];
        gc_fill_dir(&rng, tp, NP);
        long pf0 = pf_calls;
        double tangent = eval_jvp(p, tp, NP);
        gc_check(pf_calls - pf0 == N);
        gc_check_close(tangent, gc_dot(want, tp, NP), 1e-13, 1e-15);
        gc_check_jvp("straight_through", eval_st, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("rule_straight_through");
}
#endif
