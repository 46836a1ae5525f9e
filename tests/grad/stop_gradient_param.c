// RUN: %gradcheck %s %t
// RUN: %adcc %s -o %t.c --header %t.h
// RUN: %cc -fsyntax-only -include %t.h %s
// Inactive floating-point parameters: beta (a double) and ref (a pointer to
// double) are left out of ADCC_GRAD / ADCC_JVP / ADCC_HVP, so the
// generated functions have no companions for them: the prototypes below
// have none, and the second and third RUN lines compile this file with
// adcc's generated header included, so any difference between them and
// the generated signatures is a compile error. The derivatives w.r.t. x
// and a are compared with finite differences and a closed form. Then
// adcc_stop_gradient inside a model cuts the derivative through the
// normaliser sqrt(s): f_grad, f_jvp and f_hvp must equal the hand-derived
// derivatives with the normaliser held constant (all orders).
#include <adcc.h>
#include <math.h>

/* sum_i a (x_i - ref_i)^2 exp(beta x_i) + beta a */
ADCC_GRAD(x, a)
ADCC_JVP(x, a)
ADCC_HVP(x, a)
double model(const double *x, double a, double beta, const double *ref, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double r = x[i] - ref[i];
        s += a * r * r * exp(beta * x[i]);
    }
    return s + beta * a;
}

/* s / stop_gradient(sqrt(s)) + beta a, s as in model */
ADCC_GRAD(x, a)
ADCC_JVP(x, a)
ADCC_HVP(x, a)
double model_stop(const double *x, double a, double beta, const double *ref, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double r = x[i] - ref[i];
        s += a * r * r * exp(beta * x[i]);
    }
    double norm = adcc_stop_gradient(sqrt(s));
    return s / norm + beta * a;
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *x, double *d_x, double a, double *d_a, double beta, const double *ref, int n);
double model_jvp(const double *x, const double *t_x, double a, double t_a, double beta, const double *ref, int n,
                 double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double a, double v_a, double *d_a,
                 double *hv_a, double beta, const double *ref, int n);
double model_stop_grad(const double *x, double *d_x, double a, double *d_a, double beta, const double *ref, int n);
double model_stop_jvp(const double *x, const double *t_x, double a, double t_a, double beta, const double *ref,
                      int n, double *t_ret);
double model_stop_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double a, double v_a,
                      double *d_a, double *hv_a, double beta, const double *ref, int n);

#define N 6
#define NP (N + 1)

static double beta, ref[N];

/* p = x[0..N), a. */
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[N], beta, ref, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t = 0.0;
    double v = model_jvp(p, tp, p[N], tp[N], beta, ref, N, &t);
    gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    model_grad(p, g, p[N], &g[N], beta, ref, N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = model_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], beta, ref, N);
    gc_check_close(r, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
}

/* s at p, its gradient gs and Hessian Hs (NP-by-NP) in (x, a). */
static double s_exact(const double *p, double *gs, double Hs[NP][NP])
{
    double a = p[N], s = 0.0;
    memset(Hs, 0, sizeof(double) * NP * NP);
    gs[N] = 0.0;
    for (int i = 0; i < N; i++) {
        double r = p[i] - ref[i], e = exp(beta * p[i]);
        s += a * r * r * e;
        gs[i] = a * e * (2.0 * r + beta * r * r);
        gs[N] += r * r * e;
        Hs[i][i] = a * e * (2.0 + 4.0 * beta * r + beta * beta * r * r);
        Hs[i][N] = Hs[N][i] = e * (2.0 * r + beta * r * r);
    }
    return s;
}

static void check_inactive(GcRng *rng, const double *p)
{
    double g[NP] = {0.0}, gs[NP], Hs[NP][NP], tp[NP], u[NP];
    double v = model_grad(p, g, p[N], &g[N], beta, ref, N);
    gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
    s_exact(p, gs, Hs);
    gs[N] += beta;
    gc_check_array(g, gs, NP, 1e-13, 1e-15);
    gc_check_grad("inactive_param", eval, p, NP, g, GC_RTOL, GC_ATOL * gc_scale(v));
    gc_fill_dir(rng, tp, NP);
    gc_fill_dir(rng, u, NP);
    gc_check_jvp("inactive_param", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL * gc_scale(v));
    double gh[NP], hv[NP], want[NP];
    eval_hvp(p, tp, NP, gh, hv);
    for (int i = 0; i < NP; i++)
        want[i] = gc_dot(Hs[i], tp, NP);
    gc_check_array(hv, want, NP, 1e-12, 1e-13);
    gc_check_hvp("inactive_param", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL * gc_scale(v));
}

/* With c = sqrt(s) held constant: f = s / c + beta a, grad = gs / c (+ beta
 * in a), H = Hs / c. */
static void check_stop(GcRng *rng, const double *p)
{
    double g[NP] = {0.0}, gs[NP], Hs[NP][NP], want[NP], tp[NP];
    double s = s_exact(p, gs, Hs), c = sqrt(s);
    double v = model_stop_grad(p, g, p[N], &g[N], beta, ref, N);
    double f = model_stop(p, p[N], beta, ref, N);
    gc_check_close(v, f, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(f, c + beta * p[N], 1e-13, 0.0);
    for (int i = 0; i < NP; i++)
        want[i] = gs[i] / c + (i == N ? beta : 0.0);
    gc_check_array(g, want, NP, 1e-13, 1e-15);

    gc_fill_dir(rng, tp, NP);
    double t = 0.0;
    double r = model_stop_jvp(p, tp, p[N], tp[N], beta, ref, N, &t);
    gc_check_close(r, f, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(t, gc_dot(want, tp, NP), 1e-12, 1e-14);

    double gh[NP] = {0.0}, hv[NP] = {0.0};
    r = model_stop_hvp(p, tp, gh, hv, p[N], tp[N], &gh[N], &hv[N], beta, ref, N);
    gc_check_close(r, f, GC_PRIMAL_RTOL, 0.0);
    gc_check_array(gh, g, NP, 1e-13, 0.0);
    for (int i = 0; i < NP; i++)
        want[i] = gc_dot(Hs[i], tp, NP) / c;
    gc_check_array(hv, want, NP, 1e-12, 1e-13);
}

int main(void)
{
    GcRng rng = gc_seed(88);
    for (int t = 0; t < 8; t++) {
        double p[NP];
        gc_fill(&rng, p, NP, -1.5, 1.5);
        p[N] = gc_uniform(&rng, 0.5, 2.0); /* a > 0: s > 0 for sqrt */
        beta = gc_uniform(&rng, -1.0, 1.0);
        gc_fill(&rng, ref, N, -1.0, 1.0);
        check_inactive(&rng, p);
        check_stop(&rng, p);
    }
    return gc_report("stop_gradient_param");
}
#endif
