// RUN: %gradcheck %s %t
// Found by tests/random (gen 1646): a loop whose start and bound are the
// same expression (for (i = d - 1; i <= d - 1; i++), one trip), plainly
// taped and checkpointed. adcc counted its trips as d - 1 >= d - 1 ? ... :
// 0, a self-comparison that gcc's -Wall rejects under -Werror
// (-Wtautological-compare); a known count is now written as such.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double model(const double *x, int d)
{
    double u = x[0];
    for (int i = d - 1; i <= d - 1; i++)
        u = u * sin(u + x[1]);
    for (int i = d - 1; i < d - 1; i++)
        u = u * cos(u);
    for (int i = d + 2; i >= d + 2; i--)
        u = u + 0.5 * tanh(u * x[1]);
    return u;
}

ADCC_GRAD(x)
double model_ck(const double *x, int d)
{
    double u = x[0];
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = d - 1; i <= d - 1; i++)
        u = u * sin(u + x[1]);
    ADCC_CHECKPOINT_LOOP(2)
    for (int i = d - 1; i < d - 1; i++)
        u = u * cos(u);
    return u;
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(const double *x, double *d_x, int d);
double model_ck_grad(const double *x, double *d_x, int d);

static double eval(const double *p, int np)
{
    (void)np;
    return model(p, 4);
}

static double eval_ck(const double *p, int np)
{
    (void)np;
    return model_ck(p, 4);
}

int main(void)
{
    GcRng rng = gc_seed(1646);
    for (int t = 0; t < 4; t++) {
        double p[2], g[2] = {0.0}, gc[2] = {0.0};
        gc_fill(&rng, p, 2, -1.0, 1.0);
        gc_check_close(model_grad(p, g, 4), model(p, 4), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model", eval, p, 2, g, GC_RTOL, GC_ATOL);
        gc_check_close(model_ck_grad(p, gc, 4), model_ck(p, 4), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model_ck", eval_ck, p, 2, gc, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_loop_single_trip");
}
#endif
