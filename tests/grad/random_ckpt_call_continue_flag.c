// RUN: %gradcheck %s %t
// Found by tests/random (gen 253): a static helper marked ADCC_CHECKPOINT
// whose loop ends in a conditional continue. f_grad's forward sweep calls
// the helper itself, and adcc writes the helper's lowered body for it: the
// continue becomes a flag (int adcc_cont1 = 0; ... adcc_cont1 = 1;) that
// nothing after it reads, so gcc's -Wall warns "variable 'adcc_cont1' set
// but not used" and the tests' -Werror build fails. The same helper
// unmarked, taped, is fine.
// Fixed: the static copies adcc writes are cleaned like the derivatives.
#include <adcc.h>
#include <math.h>

ADCC_CHECKPOINT
static double h(const double *a, double u, int m)
{
    double acc = 0.0;
    for (int i = 0; i < m; i++) {
        acc += sin(u * a[i]);
        if (acc > 0.5)
            continue;
    }
    return acc;
}

static double h_taped(const double *a, double u, int m)
{
    double acc = 0.0;
    for (int i = 0; i < m; i++) {
        acc += sin(u * a[i]);
        if (acc > 0.5)
            continue;
    }
    return acc;
}

ADCC_GRAD(x)
double model(const double *x)
{
    return h_taped(x, x[0], 3);
}

ADCC_GRAD(x)
double model_ck(const double *x)
{
    return h(x, x[0], 3);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3

double model_grad(const double *x, double *d_x);
double model_ck_grad(const double *x, double *d_x);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p);
}

int main(void)
{
    GcRng rng = gc_seed(253);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        double r = model_grad(p, g);
        double rck = model_ck_grad(p, gck);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_call_continue_flag");
}
#endif
