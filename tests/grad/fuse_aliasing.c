// RUN: %gradcheck %s %t
// Loop fusion next to floating scalars whose address is taken (found by
// adversarial testing): their adjoints can change through a pointer
// (*d_ps += ...), so loops reading or accumulating them are not fused. The
// tail reaches s only through ps; the loop reads a through pa and the tail
// then rescales a or increments it. Also an int incremented through a
// pointer in a helper (`*c += 1` must not print as `*c++`).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double seed_through_pointer(const double *x, int n)
{
    double s = 0.0;
    double *ps = &s;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return *ps * 3.0;
}

ADCC_GRAD(x)
double scaled_after(const double *x, int n)
{
    double a = x[0];
    double *pa = &a;
    double s = 0.0;
    for (int i = 1; i < n; i++)
        s += *pa * x[i];
    a = a * 2.0;
    return s + a;
}

ADCC_GRAD(x)
double incremented_after(const double *x, int n)
{
    double a = x[0];
    double *pa = &a;
    double s = 0.0;
    for (int i = 1; i < n; i++)
        s += *pa * x[i];
    a += sin(x[1]);
    return s + a * a;
}

static void bump(int *c)
{
    *c += 1;
}

ADCC_GRAD(x)
double bumped_index(const double *x, int n)
{
    int k = 0;
    bump(&k);
    (void)n;
    return x[k] * x[k];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 5

double seed_through_pointer_grad(const double *x, double *d_x, int n);
double scaled_after_grad(const double *x, double *d_x, int n);
double incremented_after_grad(const double *x, double *d_x, int n);
double bumped_index_grad(const double *x, double *d_x, int n);

static double eval_seed(const double *p, int np) { return seed_through_pointer(p, np); }
static double eval_scaled(const double *p, int np) { return scaled_after(p, np); }
static double eval_incr(const double *p, int np) { return incremented_after(p, np); }
static double eval_bump(const double *p, int np) { return bumped_index(p, np); }

int main(void)
{
    GcRng rng = gc_seed(29);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        memset(g, 0, sizeof g);
        seed_through_pointer_grad(p, g, N);
        gc_check_grad("seed_through_pointer", eval_seed, p, N, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        scaled_after_grad(p, g, N);
        gc_check_grad("scaled_after", eval_scaled, p, N, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        incremented_after_grad(p, g, N);
        gc_check_grad("incremented_after", eval_incr, p, N, g, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        bumped_index_grad(p, g, N);
        gc_check_grad("bumped_index", eval_bump, p, N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("fuse_aliasing");
}
#endif
