// RUN: %gradcheck %s %t
// A checkpointed loop whose bound is read from memory (cfg[0]) that the
// function writes only after the loop: the bound keeps its value while
// the loop runs, so adcc checkpoints it (it used to reject any bound that
// read memory the function writes anywhere). The gradient equals the
// plainly taped one to 1e-12 and finite differences.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double model(const double *x, int *cfg)
{
    double s = x[0];
    for (int t = 0; t < cfg[0]; t++)
        s = 0.9 * sin(s) + 0.1 * x[1] * (double)t;
    cfg[0] = 0;
    return s * x[1];
}

ADCC_GRAD(x)
double model_ck(const double *x, int *cfg)
{
    double s = x[0];
    ADCC_CHECKPOINT_LOOP(3)
    for (int t = 0; t < cfg[0]; t++)
        s = 0.9 * sin(s) + 0.1 * x[1] * (double)t;
    cfg[0] = 0;
    return s * x[1];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2

double model_grad(const double *x, double *d_x, int *cfg);
double model_ck_grad(const double *x, double *d_x, int *cfg);

static double eval(const double *p, int np)
{
    (void)np;
    int cfg[1] = {11};
    return model_ck(p, cfg);
}

int main(void)
{
    GcRng rng = gc_seed(69);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N] = {0.0}, gck[N] = {0.0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        int cfg[1] = {11}, cfg_ck[1] = {11}, cfg_want[1] = {11};
        double want = model_ck(p, cfg_want);
        gc_check_close(model_grad(p, g, cfg), want, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(model_ck_grad(p, gck, cfg_ck), want, GC_PRIMAL_RTOL, 0.0);
        gc_check(cfg_ck[0] == cfg_want[0]);
        gc_check_array(gck, g, N, 1e-12, 0.0);
        gc_check_grad("model_ck", eval, p, N, gck, GC_RTOL, GC_ATOL);
    }
    return gc_report("checkpoint_bound_memory");
}
#endif
