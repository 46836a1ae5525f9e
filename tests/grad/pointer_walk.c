// RUN: %gradcheck %s %t
// Pointer arithmetic: p = x + 1, a walking pointer (p++, *o++ = ..., *q++),
// p[-1], and a pointer parameter reassigned (x = x + 2). Forward mode
// (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
void walk(const double *x, double *y, int n)
{
    const double *p = x + 1;
    const double *end = x + n;
    double *o = y;
    double s = x[0];
    while (p < end) {
        s = 0.5 * s + *p * *(p - 1);
        *o++ = s;
        p++;
    }
    const double *q = x;
    for (int i = 0; i < n; i++)
        *o += 0.1 * sin(*q++);
    x = x + 2;
    y[0] += x[0] * x[-1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

void walk_grad(const double *x, double *d_x, double *y, double *d_y, int n);
void walk_jvp(const double *x, const double *t_x, double *y, double *t_y, int n);
void walk_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double *y, double *v_y,
              double *d_y, double *hv_y, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    walk(p, y, N);
    return gc_dot(w, y, N);
}

/* p = x[0..N), initial y[0..N); t_y enters as the direction of y's initial
 * contents and returns the tangent of its final contents. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[N], t_y[N], y_ref[N];
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memcpy(t_y, tp + N, sizeof t_y);
    walk_jvp(p, tp, y, t_y, N);
    walk(p, y_ref, N);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    double y[N];
    memcpy(y, p + N, sizeof y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(g + N, w, sizeof w);
    walk_grad(p, g, y, g + N, N);
}

/* The seeds w in d_y are inputs of f_grad with tangent 0: hv_y starts at 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double y[N], v_y[N];
    memcpy(y, p + N, sizeof y);
    memcpy(v_y, v + N, sizeof v_y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    memcpy(g + N, w, sizeof w);
    walk_hvp(p, v, g, hv, y, v_y, g + N, hv + N, N);
}

int main(void)
{
    GcRng rng = gc_seed(18);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.5, 1.5);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        walk_grad(p, g, y, g + N, N);
        walk(p, y_ref, N);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("walk", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
        double tp[2 * N], u[2 * N];
        gc_fill_dir(&rng, tp, 2 * N);
        gc_fill_dir(&rng, u, 2 * N);
        gc_check_jvp("walk", eval, eval_jvp, p, tp, 2 * N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("walk", eval_grad, eval_hvp, p, tp, u, 2 * N, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_walk");
}
#endif
