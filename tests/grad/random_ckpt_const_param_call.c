// RUN: %gradcheck %s %t
// Found by tests/random (gen 59 and 84): a helper marked ADCC_CHECKPOINT
// whose array parameter is const (const double *a) and which passes a on
// to a call (walk to itself, outer to inner), called with a pointer that
// is not const (y + 1, y a double *). adcc stops with "adcc cannot tell how
// many elements of 'a' the checkpointed 'walk' writes", though neither can
// write through a const pointer: it takes passing a on for a write. A
// helper that only reads a[...], or a const argument, is accepted.
// Fixed: a const array parameter is never taken for written.
#include <adcc.h>
#include <math.h>

ADCC_CHECKPOINT
static double walk(double u, const double *a, int d)
{
    if (d <= 0)
        return u;
    return walk(sin(u) * a[0], a + 1, d - 1);
}

static double walk_taped(double u, const double *a, int d)
{
    if (d <= 0)
        return u;
    return walk_taped(sin(u) * a[0], a + 1, d - 1);
}

static double inner(const double *a, double u)
{
    return sin(u * a[0]);
}

ADCC_CHECKPOINT
static double outer(const double *a, double u)
{
    return inner(a, u) * a[1];
}

static double outer_taped(const double *a, double u)
{
    return inner(a, u) * a[1];
}

ADCC_GRAD(y)
double model(double *y)
{
    return walk_taped(y[0], y + 1, 2) + outer_taped(y + 1, y[0]);
}

ADCC_GRAD(y)
double model_ck(double *y)
{
    return walk(y[0], y + 1, 2) + outer(y + 1, y[0]);
}

#ifndef __ADCC__
#include "gradcheck.h"
#include <string.h>

#define N 3

double model_grad(double *y, double *d_y);
double model_ck_grad(double *y, double *d_y);

static double eval(const double *p, int np)
{
    double y[N];
    memcpy(y, p, sizeof(double) * (size_t)np);
    return model(y);
}

int main(void)
{
    GcRng rng = gc_seed(59);
    for (int t = 0; t < 3; t++) {
        double p[N], y[N], yck[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        memcpy(y, p, sizeof y);
        memcpy(yck, p, sizeof y);
        double r = model_grad(y, g);
        double rck = model_ck_grad(yck, gck);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_const_param_call");
}
#endif
