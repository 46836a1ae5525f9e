// RUN: %gradcheck %s %t
// A helper that walks its pointer parameter through the caller's array
// (u = u + 1, u++ in a loop) and a helper that moves it once before
// reading. Its reverse sweep starts from the pointer's final value, popped
// from the tape, and must take the shadow there too: d_u arrives where the
// caller's adjoint array starts and is moved by the same distance (it used
// to run back from the start: the gradient went before the array, which
// ASan reports as a buffer underflow).
#include <adcc.h>
#include <math.h>

static double walk(const double *u, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += sin(u[0]) * u[0];
        u = u + 1;
    }
    return s;
}

static double skip(const double *u, double c)
{
    u += 2;
    return c * u[0] * u[-1];
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    return walk(x, 3) * x[1] + skip(x, x[3]) + walk(x + 1, 2);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 4

double model_grad(const double *x, double *d_x);
double model_jvp(const double *x, const double *t_x, double *t_ret);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double r = model_jvp(p, tp, &t);
    gc_check_close(r, model(p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    model_grad(p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    (void)np;
    memset(g, 0, sizeof(double) * N);
    memset(hv, 0, sizeof(double) * N);
    model_hvp(p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(66);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N] = {0.0}, tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_close(model_grad(p, g), model(p), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_param_moved");
}
#endif
