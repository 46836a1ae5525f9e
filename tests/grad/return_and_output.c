// RUN: %gradcheck %s %t
// A function that returns a value and writes an output array: the return
// seed is 1, d_y seeds y; odd y[i] are read before being overwritten and
// y[n-1] is never written, so its seed passes through to the input. Forward
// mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double spread(const double *x, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double v = x[i] * exp(-x[i + 1]);
        if (i % 2 == 1)
            v += 0.5 * y[i] * y[i];
        y[i] = v;
        s += v * x[i];
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 8

double spread_grad(const double *x, double *d_x, double *y, double *d_y, int n);
double spread_jvp(const double *x, const double *t_x, double *y, double *t_y, int n, double *t_ret);
double spread_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double *y,
                  double *v_y, double *d_y, double *hv_y, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    double s = spread(p, y, N);
    return s + gc_dot(w, y, N);
}

/* p = x[0..N), initial y[0..N): the return value's tangent plus w . t_y. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[N], t_y[N], y_ref[N], t;
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memcpy(t_y, tp + N, sizeof t_y);
    double s = spread_jvp(p, tp, y, t_y, N, &t);
    gc_check_close(s, spread(p, y_ref, N), GC_PRIMAL_RTOL, 0.0);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
    return t + gc_dot(w, t_y, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    double y[N];
    memcpy(y, p + N, sizeof y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(g + N, w, sizeof w);
    spread_grad(p, g, y, g + N, N);
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
    spread_hvp(p, v, g, hv, y, v_y, g + N, hv + N, N);
}

int main(void)
{
    GcRng rng = gc_seed(12);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.0, 1.0);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        double v = spread_grad(p, g, y, g + N, N);
        double want = spread(p, y_ref, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(g[2 * N - 1], w[N - 1], 0.0, 0.0);
        gc_check_grad("spread", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
        double tp[2 * N], u[2 * N];
        gc_fill_dir(&rng, tp, 2 * N);
        gc_fill_dir(&rng, u, 2 * N);
        gc_check_jvp("spread", eval, eval_jvp, p, tp, 2 * N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("spread", eval_grad, eval_hvp, p, tp, u, 2 * N, GC_RTOL, GC_ATOL);
    }
    return gc_report("return_and_output");
}
#endif
