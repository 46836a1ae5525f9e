// RUN: %gradcheck %s %t
// An int state machine (switch on the state, transitions from an int op
// array and a counter) driving double updates of two active accumulators.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, gain)
double machine(const double *x, const int *ops, int n, double gain)
{
    int state = 0;
    int held = 0;
    double v = 0.0, mem = 1.0;
    for (int i = 0; i < n; i++) {
        switch (state) {
        case 0:
            v += gain * x[i];
            if (ops[i] == 1)
                state = 1;
            else if (ops[i] == 2)
                state = 2;
            break;
        case 1:
            mem *= 1.0 + 0.5 * tanh(v + x[i]);
            v = 0.0;
            state = ops[i] == 0 ? 0 : 2;
            break;
        case 2:
            held++;
            v = v * 0.9 + sin(x[i]) * mem;
            if (held > ops[i]) {
                held = 0;
                state = 0;
            }
            break;
        default:
            state = 0;
            break;
        }
    }
    return v + mem * gain;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 24

double machine_grad(const double *x, double *d_x, const int *ops, int n, double gain,
                    double *d_gain);

static int ops[N];

/* p = x[0..N), gain. */
static double eval(const double *p, int np)
{
    (void)np;
    return machine(p, ops, N, p[N]);
}

int main(void)
{
    GcRng rng = gc_seed(44);
    for (int t = 0; t < 6; t++) {
        double p[N + 1], g[N + 1] = {0.0};
        gc_fill(&rng, p, N + 1, -1.0, 1.0);
        for (int i = 0; i < N; i++)
            ops[i] = gc_int(&rng, 0, 2);
        double v = machine_grad(p, g, ops, N, p[N], &g[N]);
        double want = machine(p, ops, N, p[N]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("machine", eval, p, N + 1, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("state_machine");
}
#endif
