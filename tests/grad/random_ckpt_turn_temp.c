// RUN: %gradcheck %s %t
// Found by tests/random (gen 3; the most common failure of model_ck when
// it was written, 71 of seeds 1..300): a checkpointed loop whose step
// needs a temporary on the tape, here tanh(s) inside fmax (adcc_e1), or a
// call's argument (adcc_arg2). The reverse sweep's turn ran one step's
// forward sweep and then its reverse in one block, and both declared the
// temporary (double adcc_e1 = tanh(s); ... double adcc_e1; adcc_e1 =
// adcc_pop_d();): the generated C did not compile ("redeclaration of
// 'adcc_e1' with no linkage"). Now the step's reverse is a block of its
// own. The same loops without the marker (model) are taped plainly.
#include <adcc.h>
#include <math.h>

static void bump(double *a, double u)
{
    a[0] = 0.5 * a[0] + 0.3 * sin(u * a[1]);
}

ADCC_GRAD(x)
double model(const double *x, int n)
{
    double s = x[0];
    double t[2] = {x[1], x[2]};
    for (int i = 0; i < n; i++)
        s = fmax(tanh(s), x[1]) + 0.5 * s;
    for (int i = 0; i < n; i++)
        bump(t, t[1] * s);
    return s + t[0];
}

ADCC_GRAD(x)
double model_ck(const double *x, int n)
{
    double s = x[0];
    double t[2] = {x[1], x[2]};
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = 0; i < n; i++)
        s = fmax(tanh(s), x[1]) + 0.5 * s;
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = 0; i < n; i++)
        bump(t, t[1] * s);
    return s + t[0];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 3
#define STEPS 5

double model_grad(const double *x, double *d_x, int n);
double model_ck_grad(const double *x, double *d_x, int n);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(3);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0}, gck[N] = {0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        double r = model_grad(p, g, STEPS);
        double rck = model_ck_grad(p, gck, STEPS);
        gc_check_close(rck, r, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(rck, model(p, STEPS), GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_turn_temp");
}
#endif
