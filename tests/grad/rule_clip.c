// RUN: %gradcheck %s %t
// Gradient clipping by a rule: clip_grad(x, c) is the identity forward, but
// its reverse rule clips the incoming adjoint to [-c, c] and its forward
// rule clips the tangent. Inside a model
//     L = sum_i cosh(u_i) + 0.5 v_i^2,  v_i = clip_grad(u_i, c),
//     u_i = a x_i^2 + sin(x_i),
// the gradient is dL/dx_i = (sinh(u_i) + clamp(v_i, -c, c)) du_i/dx_i (and
// likewise for a), checked exactly against this closed form with some
// adjoints clipped and some not, and the tangent is
// sum_i sinh(u_i) tu_i + v_i clamp(tu_i, -c, c). With c large the rules
// are exact derivatives: then finite differences and the dot-product test.
// The clip bound c is a floating-point parameter left inactive.
#include <adcc.h>
#include <math.h>

void clip_grad_pb(double x, double *d_x, double c, double *d_c, double d_ret);
double clip_grad_pf(double x, double t_x, double c, double t_c, double *t_ret);
ADCC_PULLBACK(clip_grad_pb)
ADCC_PUSHFORWARD(clip_grad_pf)
double clip_grad(double x, double c);

ADCC_GRAD(x, a)
ADCC_JVP(x, a)
double model(const double *x, double a, double c, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double u = a * x[i] * x[i] + sin(x[i]);
        double v = clip_grad(u, c);
        s += cosh(u) + 0.5 * v * v;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *x, double *d_x, double a, double *d_a, double c, int n);
double model_jvp(const double *x, const double *t_x, double a, double t_a, double c, int n, double *t_ret);

static double clamp(double v, double c)
{
    return v > c ? c : v < -c ? -c : v;
}

double clip_grad(double x, double c)
{
    (void)c;
    return x;
}

void clip_grad_pb(double x, double *d_x, double c, double *d_c, double d_ret)
{
    (void)x;
    if (d_x)
        *d_x += clamp(d_ret, c);
    (void)d_c; /* the clipped value does not depend on c */
}

double clip_grad_pf(double x, double t_x, double c, double t_c, double *t_ret)
{
    (void)t_c;
    *t_ret = clamp(t_x, c);
    return x;
}

#define N 8
#define NP (N + 1)

static double bound;

/* p = x[0..N), a. */
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[N], bound, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t = 0.0;
    double v = model_jvp(p, tp, p[N], tp[N], bound, N, &t);
    gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
    return t;
}

/* The clipped gradient and tangent by hand. */
static double closed_form(const double *p, const double *tp, double c, double *g)
{
    double a = p[N], tangent = 0.0;
    g[N] = 0.0;
    for (int i = 0; i < N; i++) {
        double x = p[i];
        double u = a * x * x + sin(x), du_dx = 2.0 * a * x + cos(x), du_da = x * x;
        double d_u = sinh(u) + clamp(u, c);
        g[i] = d_u * du_dx;
        g[N] += d_u * du_da;
        double tu = du_dx * tp[i] + du_da * tp[N];
        tangent += sinh(u) * tu + u * clamp(tu, c);
    }
    return tangent;
}

int main(void)
{
    GcRng rng = gc_seed(5);
    int clipped_adjoints = 0, clipped_tangents = 0, free_adjoints = 0, free_tangents = 0;
    for (int t = 0; t < 12; t++) {
        double p[NP], tp[NP], g[NP] = {0.0}, want[NP];
        gc_fill(&rng, p, NP, -1.5, 1.5);
        gc_fill_dir(&rng, tp, NP);
        bound = t < 8 ? 0.6 : 1e30;
        double v = model_grad(p, g, p[N], &g[N], bound, N);
        gc_check_close(v, eval(p, NP), GC_PRIMAL_RTOL, 0.0);
        double tangent_want = closed_form(p, tp, bound, want);
        gc_check_array(g, want, NP, 1e-13, 1e-15);
        double tangent = eval_jvp(p, tp, NP);
        gc_check_close(tangent, tangent_want, 1e-13, 1e-15);
        for (int i = 0; i < N; i++) {
            double u = p[N] * p[i] * p[i] + sin(p[i]);
            double tu = (2.0 * p[N] * p[i] + cos(p[i])) * tp[i] + p[i] * p[i] * tp[N];
            if (bound < 1.0) {
                clipped_adjoints += fabs(u) > bound;
                free_adjoints += fabs(u) < bound;
                clipped_tangents += fabs(tu) > bound;
                free_tangents += fabs(tu) < bound;
            }
        }
        if (bound > 1.0) {
            gc_check_grad("clip_unclipped", eval, p, NP, g, GC_RTOL, GC_ATOL);
            gc_check_jvp("clip_unclipped", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        }
    }
    /* both sides of the bound were exercised */
    gc_check(clipped_adjoints > 4 && free_adjoints > 4);
    gc_check(clipped_tangents > 4 && free_tangents > 4);
    return gc_report("rule_clip");
}
#endif
