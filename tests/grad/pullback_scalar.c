// RUN: %gradcheck %s %t
// User reverse rules (ADCC_PULLBACK): a scalar function with no body here,
// a function with a body whose rule replaces its derivative, and a void
// function writing an output array through a pointer. The rules are exact
// derivatives, so the gradient must match finite differences. Forward mode
// (f_jvp, through forward rules: ADCC_PUSHFORWARD) and Hessian-vector
// products (f_hvp) are checked too: f_hvp is forward mode over f_grad, which
// calls the reverse rules, so their bodies sit here where adcc differentiates
// them (the primal softplus and scaled_sin still have no body here).
#include <adcc.h>
#include <math.h>

void softplus_pb(double x, double *d_x, double d_ret);
double softplus_pf(double x, double t_x, double *t_ret);
ADCC_PULLBACK(softplus_pb)
ADCC_PUSHFORWARD(softplus_pf)
double softplus(double x);

/* A body adcc could differentiate, but the rules take its place. */
void cube_pb(double x, double *d_x, double d_ret);
double cube_pf(double x, double t_x, double *t_ret);
ADCC_PULLBACK(cube_pb)
ADCC_PUSHFORWARD(cube_pf)
double cube(double x)
{
    return x * x * x;
}

/* y[i] = sin(a * x[i]): an output through a pointer, seed in d_y. */
void scaled_sin_pb(const double *x, double *d_x, double a, double *d_a, double *y, double *d_y, int n);
void scaled_sin_pf(const double *x, const double *t_x, double a, double t_a, double *y, double *t_y,
                   int n);
ADCC_PULLBACK(scaled_sin_pb)
ADCC_PUSHFORWARD(scaled_sin_pf)
void scaled_sin(const double *x, double a, double *y, int n);

ADCC_GRAD(x, a)
ADCC_JVP(x, a)
ADCC_HVP(x, a)
double model(const double *x, double a, int n)
{
    double y[8];
    scaled_sin(x, a, y, n);
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += softplus(y[i] * x[i]) + cube(x[i] - a) * 0.1;
    return s * softplus(a);
}

/* The rules. */
void softplus_pb(double x, double *d_x, double d_ret)
{
    if (d_x)
        *d_x += d_ret / (1.0 + exp(-x));
}
double softplus_pf(double x, double t_x, double *t_ret)
{
    *t_ret = t_x / (1.0 + exp(-x));
    return softplus(x);
}
void cube_pb(double x, double *d_x, double d_ret)
{
    if (d_x)
        *d_x += 3.0 * x * x * d_ret;
}
double cube_pf(double x, double t_x, double *t_ret)
{
    *t_ret = 3.0 * x * x * t_x;
    return x * x * x;
}
void scaled_sin_pb(const double *x, double *d_x, double a, double *d_a, double *y, double *d_y, int n)
{
    (void)y;
    for (int i = 0; i < n; i++) {
        double c = cos(a * x[i]) * d_y[i];
        if (d_x)
            d_x[i] += c * a;
        if (d_a)
            *d_a += c * x[i];
        d_y[i] = 0.0; /* y is overwritten by the call: its adjoint is consumed */
    }
}
void scaled_sin_pf(const double *x, const double *t_x, double a, double t_a, double *y, double *t_y,
                   int n)
{
    for (int i = 0; i < n; i++) {
        y[i] = sin(a * x[i]);
        t_y[i] = cos(a * x[i]) * (t_a * x[i] + (t_x ? a * t_x[i] : 0.0));
    }
}

#ifndef __ADCC__
#include "gradcheck.h"

double softplus(double x) { return log1p(exp(x)); }
void scaled_sin(const double *x, double a, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = sin(a * x[i]);
}

double model_grad(const double *x, double *d_x, double a, double *d_a, int n);
double model_jvp(const double *x, const double *t_x, double a, double t_a, int n, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double a,
                 double v_a, double *d_a, double *hv_a, int n);

#define N 6
static double eval(const double *p, int np)
{
    (void)np;
    return model(p, p[N], N);
}

/* p = x[0..N), a. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = model_jvp(p, tp, p[N], tp[N], N, &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    model_grad(p, g, p[N], &g[N], N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    model_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

int main(void)
{
    GcRng rng = gc_seed(11);
    for (int t = 0; t < 5; t++) {
        double p[N + 1], g[N + 1] = {0.0};
        gc_fill(&rng, p, N + 1, -1.5, 1.5);
        double v = model_grad(p, g, p[N], &g[N], N);
        gc_check_close(v, eval(p, N + 1), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("pullback_scalar", eval, p, N + 1, g, GC_RTOL, GC_ATOL);
        double tp[N + 1], u[N + 1];
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        gc_check_jvp("pullback_scalar", eval, eval_jvp, p, tp, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("pullback_scalar", eval_grad, eval_hvp, p, tp, u, N + 1, GC_RTOL, GC_ATOL);
    }
    return gc_report("pullback_scalar");
}
#endif
