// RUN: %gradcheck %s %t
// Found by tests/random (gen 73 and 254): a checkpointed loop whose named
// state lists a variable the loop does not write (the state may name more
// than the loop writes, and the generator names every variable it might
// write now and then). The reverse sweep's schedule saves and restores it
// (adcc_ckpt_put(ck, &acc, sizeof acc)) where it is not declared: in h_rev,
// the helper's reverse sweep, which needs acc nowhere else ("'acc'
// undeclared"), and in model_ck_grad for v, declared in the block around
// the loop, whose reverse sweep does not declare it again. A loop that
// writes the variable works.
// Fixed: named state the loop does not write is left out of the snapshots.
#include <adcc.h>
#include <math.h>

static double h(const double *a, double u, int m)
{
    double acc = 0.5;
    ADCC_CHECKPOINT_LOOP(2, u, acc)
    for (int i = 0; i < m; i++)
        u = sin(u * a[i]);
    return acc + u;
}

static double h_taped(const double *a, double u, int m)
{
    double acc = 0.5;
    for (int i = 0; i < m; i++)
        u = sin(u * a[i]);
    return acc + u;
}

ADCC_GRAD(x)
double model(const double *x, int n)
{
    double acc = h_taped(x, x[0], 3) * x[1];
    if (x[2] > -2.0) {
        double v = 0.5;
        for (int i = 0; i < n; i++)
            acc += 0.5 * sin(acc * x[1]);
        acc += v;
    }
    return acc;
}

ADCC_GRAD(x)
double model_ck(const double *x, int n)
{
    double acc = h(x, x[0], 3) * x[1];
    if (x[2] > -2.0) {
        double v = 0.5;
        ADCC_CHECKPOINT_LOOP(2, acc, v)
        for (int i = 0; i < n; i++)
            acc += 0.5 * sin(acc * x[1]);
        acc += v;
    }
    return acc;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3

#define STEPS 4

double model_grad(const double *x, double *d_x, int n);
double model_ck_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(73);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        double r = model_grad(p, g, STEPS);
        double rck = model_ck_grad(p, gck, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_named_unwritten");
}
#endif
