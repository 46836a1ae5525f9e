// RUN: %gradcheck %s %t
// Loops whose reverse iterations run inside the forward loop (see
// ad/rev_fuse.c) and loops beside them that must not: a linear tail giving
// a constant seed, a loop accumulating into an outer scalar's adjoint that
// the tail also accumulates into, two loops of which only the last is
// fused, a tail whose seed depends on the loop (reversed), and a loop that
// updates an outer product (reversed: it must restore it), and a tail that
// reads the adjoint the loop accumulates into (`a += ...` after the loop:
// reversed, since the tail must see d_a without the loop's part). Forward
// mode and Hessian-vector products of the five models are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, w)
ADCC_JVP(x, w)
ADCC_HVP(x, w)
double linear_tail(const double *x, double w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w * sin(x[i]) * x[i];
    double r = 2.5 * s - 3.0;
    return r + w * w;
}

ADCC_GRAD(x, w)
ADCC_JVP(x, w)
ADCC_HVP(x, w)
double two_loops(const double *x, double w, int n)
{
    double a = 0.0;
    for (int i = 0; i < n; i++)
        a += exp(w * x[i]);
    double b = 0.0;
    for (int i = 1; i < n; i++)
        b += a * x[i] * x[i - 1] + w;
    return 0.5 * b;
}

ADCC_GRAD(x, w)
ADCC_JVP(x, w)
ADCC_HVP(x, w)
double nonlinear_tail(const double *x, double w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w * x[i] * x[i];
    return s * s + w;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double product(const double *x, int n)
{
    double p = 1.0, s = 0.0;
    for (int i = 0; i < n; i++) {
        p = p * (1.0 + 0.1 * x[i]);
        s += p;
    }
    return s;
}

ADCC_GRAD(x, w)
ADCC_JVP(x, w)
ADCC_HVP(x, w)
double tail_increment(const double *x, double w, int n)
{
    double a = w * w;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a * x[i];
    a += sin(x[0]);
    return s + a * a;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double linear_tail_grad(const double *x, double *d_x, double w, double *d_w, int n);
double two_loops_grad(const double *x, double *d_x, double w, double *d_w, int n);
double nonlinear_tail_grad(const double *x, double *d_x, double w, double *d_w, int n);
double product_grad(const double *x, double *d_x, int n);
double tail_increment_grad(const double *x, double *d_x, double w, double *d_w, int n);
double linear_tail_jvp(const double *x, const double *t_x, double w, double t_w, int n, double *t_ret);
double two_loops_jvp(const double *x, const double *t_x, double w, double t_w, int n, double *t_ret);
double nonlinear_tail_jvp(const double *x, const double *t_x, double w, double t_w, int n, double *t_ret);
double tail_increment_jvp(const double *x, const double *t_x, double w, double t_w, int n, double *t_ret);
double product_jvp(const double *x, const double *t_x, int n, double *t_ret);
double linear_tail_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double w,
                       double v_w, double *d_w, double *hv_w, int n);
double two_loops_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double w,
                     double v_w, double *d_w, double *hv_w, int n);
double nonlinear_tail_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double w,
                          double v_w, double *d_w, double *hv_w, int n);
double tail_increment_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double w,
                          double v_w, double *d_w, double *hv_w, int n);
double product_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

/* p = x[0..N), w. */
static double eval_linear(const double *p, int np) { (void)np; return linear_tail(p, p[N], N); }
static double eval_two(const double *p, int np) { (void)np; return two_loops(p, p[N], N); }
static double eval_nonlinear(const double *p, int np) { (void)np; return nonlinear_tail(p, p[N], N); }
static double eval_tail(const double *p, int np) { (void)np; return tail_increment(p, p[N], N); }
static double eval_product(const double *p, int np) { (void)np; return product(p, N); }

static double jvp_linear(const double *p, const double *tp, int np)
{
    (void)np;
    double t, v = linear_tail_jvp(p, tp, p[N], tp[N], N, &t);
    return gc_jvp_checked(v, linear_tail(p, p[N], N), t);
}

static double jvp_two(const double *p, const double *tp, int np)
{
    (void)np;
    double t, v = two_loops_jvp(p, tp, p[N], tp[N], N, &t);
    return gc_jvp_checked(v, two_loops(p, p[N], N), t);
}

static double jvp_nonlinear(const double *p, const double *tp, int np)
{
    (void)np;
    double t, v = nonlinear_tail_jvp(p, tp, p[N], tp[N], N, &t);
    return gc_jvp_checked(v, nonlinear_tail(p, p[N], N), t);
}

static double jvp_tail(const double *p, const double *tp, int np)
{
    (void)np;
    double t, v = tail_increment_jvp(p, tp, p[N], tp[N], N, &t);
    return gc_jvp_checked(v, tail_increment(p, p[N], N), t);
}

static double jvp_product(const double *p, const double *tp, int np)
{
    (void)np;
    double t, v = product_jvp(p, tp, N, &t);
    return gc_jvp_checked(v, product(p, N), t);
}

static void grad_linear(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    linear_tail_grad(p, g, p[N], &g[N], N);
}

static void grad_two(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    two_loops_grad(p, g, p[N], &g[N], N);
}

static void grad_nonlinear(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    nonlinear_tail_grad(p, g, p[N], &g[N], N);
}

static void grad_tail(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    tail_increment_grad(p, g, p[N], &g[N], N);
}

static void grad_product(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    product_grad(p, g, N);
}

static void hvp_linear(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    linear_tail_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

static void hvp_two(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    two_loops_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

static void hvp_nonlinear(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    nonlinear_tail_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

static void hvp_tail(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tail_increment_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

static void hvp_product(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    product_hvp(p, v, g, hv, N);
}

int main(void)
{
    GcRng rng = gc_seed(17);
    for (int t = 0; t < 4; t++) {
        double p[N + 1], g[N + 1], tp[N + 1], u[N + 1];
        gc_fill(&rng, p, N + 1, -1.2, 1.2);
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        memset(g, 0, sizeof g);
        linear_tail_grad(p, g, p[N], &g[N], N);
        gc_check_grad("linear_tail", eval_linear, p, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("linear_tail", eval_linear, jvp_linear, p, tp, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("linear_tail", grad_linear, hvp_linear, p, tp, u, N + 1, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        two_loops_grad(p, g, p[N], &g[N], N);
        gc_check_grad("two_loops", eval_two, p, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("two_loops", eval_two, jvp_two, p, tp, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("two_loops", grad_two, hvp_two, p, tp, u, N + 1, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        nonlinear_tail_grad(p, g, p[N], &g[N], N);
        gc_check_grad("nonlinear_tail", eval_nonlinear, p, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("nonlinear_tail", eval_nonlinear, jvp_nonlinear, p, tp, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("nonlinear_tail", grad_nonlinear, hvp_nonlinear, p, tp, u, N + 1, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        product_grad(p, g, N);
        gc_check_grad("product", eval_product, p, N, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("product", eval_product, jvp_product, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("product", grad_product, hvp_product, p, tp, u, N, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        tail_increment_grad(p, g, p[N], &g[N], N);
        gc_check_grad("tail_increment", eval_tail, p, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("tail_increment", eval_tail, jvp_tail, p, tp, N + 1, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("tail_increment", grad_tail, hvp_tail, p, tp, u, N + 1, GC_RTOL, GC_ATOL);
    }
    return gc_report("fused_loops");
}
#endif
