// RUN: %gradcheck %s %t
// Found while writing tests/random's checkpointing (no seed: the generator
// names the state whenever a loop writes a pointer parameter otherwise than
// by sweeps y[j], for (j = 0; j < n; j++)): adcc infers how many cells of
// y a checkpointed loop writes from its sweeps y[j] alone, and ignores the
// loop's other writes to y, through a call (bump(y + 1, ...) writes y[1..3])
// or through a pointer into y (p[2] with p = y + 1 writes y[3]). The
// snapshots held y[0..1] only, so restoring a snapshot left y[2..3] as the
// last step wrote them: the checkpointed gradients (and y[3], left as the
// final output) differed from the taped ones. Now any other write to y
// makes adcc ask for y's extent (diag/checkpoint_extent.c), and the models
// here name it: y:4.
#include <adcc.h>
#include <math.h>

static void bump(double *a, double u, int m)
{
    for (int i = 0; i < m; i++)
        a[i] = 0.5 * a[i] + 0.3 * sin(u * a[i]);
}

ADCC_GRAD(y)
double calls(double *y, double c, int n)
{
    for (int t = 0; t < n; t++) {
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.2 * cos(y[j + 1]);
        bump(y + 1, c, 3);
    }
    return y[0] + y[3];
}

ADCC_GRAD(y)
double calls_ck(double *y, double c, int n)
{
    ADCC_CHECKPOINT_LOOP(2, y:4)
    for (int t = 0; t < n; t++) {
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.2 * cos(y[j + 1]);
        bump(y + 1, c, 3);
    }
    return y[0] + y[3];
}

ADCC_GRAD(y)
double pointer(double *y, int n)
{
    double *p = y + 1;
    for (int t = 0; t < n; t++) {
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.2 * cos(y[j + 1]);
        p[2] = p[2] * sin(y[0]) + 0.1;
    }
    return y[0] + y[3];
}

ADCC_GRAD(y)
double pointer_ck(double *y, int n)
{
    double *p = y + 1;
    ADCC_CHECKPOINT_LOOP(2, y:4)
    for (int t = 0; t < n; t++) {
        for (int j = 0; j < 2; j++)
            y[j] = 0.5 * y[j] + 0.2 * cos(y[j + 1]);
        p[2] = p[2] * sin(y[0]) + 0.1;
    }
    return y[0] + y[3];
}

#ifndef __ADCC__
#include "gradcheck.h"
#include <string.h>

#define N 4
#define STEPS 6
#define C 0.7

double calls_grad(double *y, double *d_y, double c, int n);
double calls_ck_grad(double *y, double *d_y, double c, int n);
double pointer_grad(double *y, double *d_y, int n);
double pointer_ck_grad(double *y, double *d_y, int n);

static double calls_eval(const double *p, int np)
{
    double y[N];
    memcpy(y, p, sizeof(double) * (size_t)np);
    return calls(y, C, STEPS);
}

static double pointer_eval(const double *p, int np)
{
    double y[N];
    memcpy(y, p, sizeof(double) * (size_t)np);
    return pointer(y, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(7);
    for (int t = 0; t < 3; t++) {
        double p[N], y[N], yck[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        memcpy(y, p, sizeof y);
        memcpy(yck, p, sizeof y);
        double r = calls_grad(y, g, C, STEPS);
        double rck = calls_ck_grad(yck, gck, C, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(yck, y, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("calls_ck", calls_eval, p, N, gck, GC_RTOL, GC_ATOL);

        memcpy(y, p, sizeof y);
        memcpy(yck, p, sizeof y);
        memset(g, 0, sizeof g);
        memset(gck, 0, sizeof gck);
        r = pointer_grad(y, g, STEPS);
        rck = pointer_ck_grad(yck, gck, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(yck, y, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("pointer_ck", pointer_eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_extent_other_writes");
}
#endif
