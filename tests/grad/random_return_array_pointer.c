// RUN: %gradcheck %s %t
// Found by tests/random (gen 117, in the sanitizer build: the plain build
// ran through it with the right numbers by luck of the stack layout): a
// local array declared after an early return, and a pointer into it
// (p = t + c) declared in a loop. After the return, f_grad's forward sweep
// runs in a block of its own (if (!adcc_returned1) { ... }) with its own
// d_t; the loop tapes d_p, a pointer into that d_t, and the reverse sweep
// accumulates through it after the block has closed, not into its own
// d_t: the gradient loses the path through p (and the store is undefined
// behaviour: ASan's stack-use-after-scope). Without the early return it
// is right (random_loop_array_pointer.c's fix: p's offset on the tape).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double model(const double *x)
{
    double acc = 0.0;
    if (x[0] > 5.0)
        return acc;
    double t[3];
    for (int i = 0; i < 3; i++)
        t[i] = sin(x[i]);
    int c = 3;
    while (c-- > 0) {
        double *p = t + c;
        acc += 0.25 * p[0] * x[1];
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
    GcRng rng = gc_seed(117);
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
    return gc_report("random_return_array_pointer");
}
#endif
