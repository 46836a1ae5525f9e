// RUN: %gradcheck %s %t
// Found by tests/random (gen 41, 182, 213; 818 for the sweep): a
// checkpointed loop whose state adcc infers, calling a helper whose array
// parameter is const (const double *a) with a pointer that is not const
// (y + 1, y a double *). adcc stops with "adcc cannot tell how many
// elements of 'y' the loop's state holds", though the helpers cannot write
// through a:
//   - walk and rd pass a on to a call (walk to itself, rd to rd2): adcc
//     takes that for a write of y, though the loops write only s;
//   - sweep: the loop writes y only by y[j], for (j = 0; j < n; j++), from
//     which adcc infers n, but counts the call rd3(y + 1, ...), which only
//     reads a[0], as a write of y it cannot size.
// (random_ckpt_const_param_call.c is the first mistake on a call of a
// helper marked ADCC_CHECKPOINT, fixed there.)
#include <adcc.h>
#include <math.h>

static double walk(double u, const double *a, int d)
{
    if (d <= 0)
        return u;
    return walk(sin(u) * a[0], a + 1, d - 1);
}

static double rd2(const double *a)
{
    return a[1];
}

static double rd(double u, const double *a)
{
    return sin(u) * a[0] + 0.5 * rd2(a);
}

static double rd3(const double *a, double u)
{
    return sin(u) * a[0];
}

ADCC_GRAD(y)
double model(double *y, int n)
{
    double s = y[0];
    for (int i = 0; i < n; i++)
        s = walk(s, y + 1, 2);
    for (int i = 0; i < n; i++)
        s = rd(s, y + 1);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.25 * tanh(rd3(y + 1, y[j]));
    return s + y[0];
}

ADCC_GRAD(y)
double model_ck(double *y, int n)
{
    double s = y[0];
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = 0; i < n; i++)
        s = walk(s, y + 1, 2);
    ADCC_CHECKPOINT_LOOP(3)
    for (int i = 0; i < n; i++)
        s = rd(s, y + 1);
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.25 * tanh(rd3(y + 1, y[j]));
    return s + y[0];
}

#ifndef __ADCC__
#include "gradcheck.h"
#include <string.h>

#define N 3
#define STEPS 5

double model_grad(double *y, double *d_y, int n);
double model_ck_grad(double *y, double *d_y, int n);

static double eval(const double *p, int np)
{
    double y[N];
    memcpy(y, p, sizeof(double) * (size_t)np);
    return model(y, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(41);
    for (int t = 0; t < 3; t++) {
        double p[N], y[N], yck[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        memcpy(y, p, sizeof y);
        memcpy(yck, p, sizeof y);
        double r = model_grad(y, g, STEPS);
        double rck = model_ck_grad(yck, gck, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(yck, y, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_loop_const_param");
}
#endif
