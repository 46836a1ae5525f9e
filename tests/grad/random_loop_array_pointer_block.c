// RUN: %gradcheck %s %t
// Found by tests/random (gen 700, a helper's loop): a local array declared
// inside a loop and a pointer into it (p = t + 1) declared in a block
// nested in the loop (here an if). random_loop_array_pointer.c's fix (the
// tape holds p's offset in t; the reverse block sets d_p from its own d_t)
// covers a pointer declared directly in the loop's body only: here f_grad
// still tapes p and d_p themselves, and the reverse loop accumulates
// through d_p into the forward iteration's d_t, out of scope by then. The
// gradient loses the path through p (and the store is undefined
// behaviour).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double acc = 0.0;
    for (int j = 0; j < 3; j++) {
        double t[2];
        t[1] = sin(x[j]);
        if (x[j] > -5.0) {
            double *p = t + 1;
            acc += p[0] * x[j];
        }
    }
    return acc;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3

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
    GcRng rng = gc_seed(700);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        eval_grad(p, N, g);
        double want = model(p);
        double atol = GC_ATOL * gc_scale(want);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, atol);
        gc_check_jvp("model", eval, eval_jvp, p, tp, N, g, GC_RTOL, atol);
        gc_check_hvp("model", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, atol);
    }
    return gc_report("random_loop_array_pointer_block");
}
#endif
