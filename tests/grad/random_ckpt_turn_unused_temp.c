// RUN: %gradcheck %s %t
// Found by tests/random (gen 1282): a checkpointed loop whose step reads a
// temporary only through an int (m = (int)(1.56 + 0.75 * tanh(x[0])),
// piecewise constant: no derivative), so that its reverse only restores
// acc. The reverse sweep's turn tapes the temporary (adcc_e1 = tanh(x[0]))
// in the step's forward sweep and pops it in its reverse, where nothing
// reads it: gcc's -Wall warns "variable 'adcc_e1' set but not used" and the
// tests' -Werror build fails. The same loop taped plainly (model) is fine.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double model(const double *x, int n)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++) {
        int m = (int)(1.56 + 0.75 * tanh(x[0]));
        int k = m + 1;
        acc += 0.125 * (double)k;
    }
    return acc * x[1];
}

ADCC_GRAD(x)
double model_ck(const double *x, int n)
{
    double acc = 0.0;
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = 0; i < n; i++) {
        int m = (int)(1.56 + 0.75 * tanh(x[0]));
        int k = m + 1;
        acc += 0.125 * (double)k;
    }
    return acc * x[1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2
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
    GcRng rng = gc_seed(1282);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -0.5, 0.5); /* (int)(...) stays 1: no jump */
        double r = model_grad(p, g, STEPS);
        double rck = model_ck_grad(p, gck, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_turn_unused_temp");
}
#endif
