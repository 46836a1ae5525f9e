// RUN: %gradcheck %s %t
// A for loop whose int counter the body also advances through a pointer
// (`int *pi = &i; ... *pi += 2;`). The loop is not counted (adcc sees the
// address taken and records the trip count); the write through pi to the
// int is saved and restored, and the reverse sweep evaluates pi = &i again
// on its own i.
#include <adcc.h>

ADCC_GRAD(x)
double counter_pointer(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        int *pi = &i;
        s += x[i] * x[i] * x[i];
        if (i % 3 == 0)
            *pi += 2;
    }
    return s * s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double counter_pointer_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np) { return counter_pointer(p, np); }

int main(void)
{
    GcRng rng = gc_seed(15);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0.0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        counter_pointer_grad(p, g, N);
        gc_check_grad("counter_pointer", eval, p, N, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("counter_pointer");
}
#endif
