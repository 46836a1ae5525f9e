// RUN: %gradcheck %s %t
// Pointer arithmetic: p = x + 1, a walking pointer (p++, *o++ = ..., *q++),
// p[-1], and a pointer parameter reassigned (x = x + 2).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
void walk(const double *x, double *y, int n)
{
    const double *p = x + 1;
    const double *end = x + n;
    double *o = y;
    double s = x[0];
    while (p < end) {
        s = 0.5 * s + *p * *(p - 1);
        *o++ = s;
        p++;
    }
    const double *q = x;
    for (int i = 0; i < n; i++)
        *o += 0.1 * sin(*q++);
    x = x + 2;
    y[0] += x[0] * x[-1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

void walk_grad(const double *x, double *d_x, double *y, double *d_y, int n);

static double w[N];

static double eval(const double *p, int np)
{
    (void)np;
    double y[N];
    memcpy(y, p + N, sizeof y);
    walk(p, y, N);
    return gc_dot(w, y, N);
}

int main(void)
{
    GcRng rng = gc_seed(18);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], g[2 * N] = {0.0}, y[N], y_ref[N];
        gc_fill(&rng, p, 2 * N, -1.5, 1.5);
        gc_fill(&rng, w, N, -1.0, 1.0);
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        walk_grad(p, g, y, g + N, N);
        walk(p, y_ref, N);
        gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("walk", eval, p, 2 * N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("pointer_walk");
}
#endif
