// RUN: %gradcheck %s %t
// Found by tests/random (gen 272), in a version of adcc that scanned the
// reverse sweep's reads more than once: a checkpointed loop nested in a
// loop writes a cell of a local array whose values the result does not
// need (t[k % 3], k = j + 3 a local of the step), so only the snapshots
// read t. The turn's reverse block restored the cell, t[k % 3] = pop(),
// without declaring k ("'k' undeclared"): the scan had learnt that t's
// memory is read only when its pass was over, and a memory restore found
// then was not seen by the next scan.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(s0, out)
double model(double s0, int n, double c, double *out, const double *y)
{
    double t[3] = {0.5 * *out, -(*out), -s0};
    for (int i = 1; i < n; i += 2) {
        ADCC_CHECKPOINT_LOOP(4)
        for (int j = 0; j <= 0; j++) {
            int k = j + 3;
            t[k % 3] += 0.5 * (0.5 * log1p((c > 1.0 ? t[n % 3] : y[j]) * y[j]) - t[k % 3]);
        }
    }
    return s0 * erf(-(0.5 * (*out + c)));
}

#ifndef __ADCC__
#include "gradcheck.h"

double model_grad(double s0, double *d_s0, int n, double c, double *out, double *d_out, const double *y);

static const double y[1] = {0.3};

/* p = s0, out */
static double eval(const double *p, int np)
{
    (void)np;
    double out = p[1];
    return model(p[0], 7, 0.2, &out, y);
}

int main(void)
{
    GcRng rng = gc_seed(272);
    for (int t = 0; t < 4; t++) {
        double p[2], g[2] = {0.0};
        gc_fill(&rng, p, 2, -1.0, 1.0);
        double out = p[1];
        gc_check_close(model_grad(p[0], &g[0], 7, 0.2, &out, &g[1], y), eval(p, 2), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("model", eval, p, 2, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("random_ckpt_turn_index_local");
}
#endif
