// RUN: %gradcheck %s %t
// Found by tests/random (gen 13; the most common failure of seeds 1..300): a
// void helper that updates the model's output array in place. f_grad, f_jvp
// and f_hvp must leave y as the model does; f_grad left y[0] holding its
// value from before the call (written inline instead of in a helper, it
// passed). Fixed in ad/ while tests/random was written; kept as a regression test.
#include <adcc.h>
#include <math.h>

static void half(double *a, double u)
{
    a[0] = 0.5 * a[0] + u;
}

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double model(const double *x, double *y)
{
    half(y, x[1]);
    return x[0] * y[0];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2

double model_grad(const double *x, double *d_x, double *y, double *d_y);
double model_jvp(const double *x, const double *t_x, double *y, double *t_y, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double *y, double *v_y,
                 double *d_y, double *hv_y);

static double w[N];

/* p = x[0..N), initial y[0..N) */
static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    double r = model(p, y);
    return r + gc_dot(w, y, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[N], t_y[N], y_ref[N], t;
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memcpy(t_y, tp + N, sizeof t_y);
    double r = model_jvp(p, tp, y, t_y, &t);
    gc_check_close(r, model(p, y_ref), GC_PRIMAL_RTOL, 0.0);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
    return t + gc_dot(w, t_y, N);
}

static void run_grad(const double *p, double *g, int check)
{
    double y[N], y_ref[N];
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memset(g, 0, sizeof(double) * 2 * N);
    memcpy(g + N, w, sizeof w);
    double r = model_grad(p, g, y, g + N);
    if (!check)
        return;
    gc_check_close(r, model(p, y_ref), GC_PRIMAL_RTOL, 0.0);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    run_grad(p, g, 0);
}

/* d_y holds the seed w (tangent 0: hv_y starts at 0), v_y the direction. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    double y[N], v_y[N];
    memcpy(y, p + N, sizeof y);
    memcpy(v_y, v + N, sizeof v_y);
    memset(g, 0, sizeof(double) * 2 * N);
    memset(hv, 0, sizeof(double) * 2 * N);
    memcpy(g + N, w, sizeof w);
    model_hvp(p, v, g, hv, y, v_y, g + N, hv + N);
}

int main(void)
{
    GcRng rng = gc_seed(13);
    for (int t = 0; t < 3; t++) {
        double p[2 * N], g[2 * N], tp[2 * N], u[2 * N];
        gc_fill(&rng, p, 2 * N, -1.0, 1.0);
        gc_fill(&rng, w, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, 2 * N);
        gc_fill_dir(&rng, u, 2 * N);
        run_grad(p, g, 1);
        double atol = GC_ATOL * gc_scale(eval(p, 2 * N));
        gc_check_grad("model", eval, p, 2 * N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, 2 * N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, 2 * N, GC_RTOL, atol);
    }
    return gc_report("random_call_output");
}
#endif
