// RUN: %gradcheck %s %t
// A void function writing an output array from a const input array: the
// output's seed comes in through d_y, which holds zero afterwards. Forward
// mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
void smooth(const double *x, double *y, int n)
{
    y[0] = x[0];
    for (int i = 1; i < n - 1; i++)
        y[i] = 0.25 * x[i - 1] + 0.5 * sin(x[i]) + 0.25 * x[i + 1] * x[i];
    y[n - 1] = x[n - 1] * x[n - 1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

void smooth_grad(const double *x, double *d_x, double *y, double *d_y, int n);
void smooth_jvp(const double *x, const double *t_x, double *y, double *t_y, int n);
void smooth_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double *y, double *v_y,
                double *d_y, double *hv_y, int n);

static double w[N];

/* p = x, then the initial contents of y; the scalar is sum_j w_j y_j. */
static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    smooth(p, y, N);
    return gc_dot(w, y, N);
}

/* tp covers p: t_x, then the tangent of y's initial contents. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[N], t_y[N], y_ref[N];
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memcpy(t_y, tp + N, sizeof t_y);
    smooth_jvp(p, tp, y, t_y, N);
    smooth(p, y_ref, N);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, N);
}

static void eval_grad(const double *p, int np, double *g)
{
    double y[N];
    memcpy(y, p + N, sizeof y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(g + N, w, sizeof w);
    smooth_grad(p, g, y, g + N, N);
}

/* The seed w in d_y is an input of f_grad with tangent 0: hv_y starts at 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double y[N], v_y[N];
    memcpy(y, p + N, sizeof y);
    memcpy(v_y, v + N, sizeof v_y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    memcpy(g + N, w, sizeof w);
    smooth_hvp(p, v, g, hv, y, v_y, g + N, hv + N, N);
}

int main(void)
{
    GcRng rng = gc_seed(11);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.5, 1.5);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        smooth_grad(p, g, y, g + N, N);
        smooth(p, y_ref, N);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("smooth", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
        double tp[2 * N], u[2 * N];
        gc_fill_dir(&rng, tp, 2 * N);
        gc_fill_dir(&rng, u, 2 * N);
        gc_check_jvp("smooth", eval, eval_jvp, p, tp, 2 * N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("smooth", eval_grad, eval_hvp, p, tp, u, 2 * N, GC_RTOL, GC_ATOL);
    }
    return gc_report("array_output");
}
#endif
