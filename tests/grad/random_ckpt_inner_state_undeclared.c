// RUN: %gradcheck %s %t
// Found by tests/random (gen 1412): a checkpointed loop inside another
// loop, whose state v is declared in the outer loop's body and which
// writes v only from inactive values (v = tanh(c), c not differentiated),
// so that no adjoint needs v's values. The outer loop's reverse block
// declares d_v but not v, while the inner loop's schedule there advances
// (v = tanh(c)) and saves and restores v: "'v' undeclared".
// (random_ckpt_named_unwritten.c was a named variable the loop did not
// write at all.)
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double model(const double *x, int n, double c)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++) {
        double v = log1p(x[i % 2] * x[i % 2]);
        for (int j = 0; j < 2; j++)
            v = tanh(c);
        acc += 0.25 * v + x[i % 2] * acc;
    }
    return acc;
}

ADCC_GRAD(x)
double model_ck(const double *x, int n, double c)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++) {
        double v = log1p(x[i % 2] * x[i % 2]);
        ADCC_CHECKPOINT_LOOP(2)
        for (int j = 0; j < 2; j++)
            v = tanh(c);
        acc += 0.25 * v + x[i % 2] * acc;
    }
    return acc;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2
#define STEPS 3
#define C 0.4

double model_grad(const double *x, double *d_x, int n, double c);
double model_ck_grad(const double *x, double *d_x, int n, double c);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, STEPS, C);
}

int main(void)
{
    GcRng rng = gc_seed(1412);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        double r = model_grad(p, g, STEPS, C);
        double rck = model_ck_grad(p, gck, STEPS, C);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_inner_state_undeclared");
}
#endif
