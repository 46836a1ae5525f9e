// RUN: %gradcheck %s %t
// Loops whose reverse iterations run inside the forward loop (see
// ad/rev_fuse.c) and loops beside them that must not: a linear tail giving
// a constant seed, a loop accumulating into an outer scalar's adjoint that
// the tail also accumulates into, two loops of which only the last is
// fused, a tail whose seed depends on the loop (reversed), and a loop that
// updates an outer product (reversed: it must restore it), and a tail that
// reads the adjoint the loop accumulates into (`a += ...` after the loop:
// reversed, since the tail must see d_a without the loop's part).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, w)
double linear_tail(const double *x, double w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w * sin(x[i]) * x[i];
    double r = 2.5 * s - 3.0;
    return r + w * w;
}

ADCC_GRAD(x, w)
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
double nonlinear_tail(const double *x, double w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w * x[i] * x[i];
    return s * s + w;
}

ADCC_GRAD(x)
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

/* p = x[0..N), w. */
static double eval_linear(const double *p, int np) { (void)np; return linear_tail(p, p[N], N); }
static double eval_two(const double *p, int np) { (void)np; return two_loops(p, p[N], N); }
static double eval_nonlinear(const double *p, int np) { (void)np; return nonlinear_tail(p, p[N], N); }
static double eval_tail(const double *p, int np) { (void)np; return tail_increment(p, p[N], N); }
static double eval_product(const double *p, int np) { (void)np; return product(p, N); }

int main(void)
{
    GcRng rng = gc_seed(17);
    for (int t = 0; t < 4; t++) {
        double p[N + 1], g[N + 1];
        gc_fill(&rng, p, N + 1, -1.2, 1.2);
        memset(g, 0, sizeof g);
        linear_tail_grad(p, g, p[N], &g[N], N);
        gc_check_grad("linear_tail", eval_linear, p, N + 1, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        two_loops_grad(p, g, p[N], &g[N], N);
        gc_check_grad("two_loops", eval_two, p, N + 1, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        nonlinear_tail_grad(p, g, p[N], &g[N], N);
        gc_check_grad("nonlinear_tail", eval_nonlinear, p, N + 1, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        product_grad(p, g, N);
        gc_check_grad("product", eval_product, p, N, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        tail_increment_grad(p, g, p[N], &g[N], N);
        gc_check_grad("tail_increment", eval_tail, p, N + 1, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("fused_loops");
}
#endif
