// RUN: %gradcheck %s %t
// An int state machine (switch on the state, transitions from an int op
// array and a counter) driving double updates of two active accumulators.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, gain)
ADCC_JVP(x, gain)
ADCC_HVP(x, gain)
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
double machine_jvp(const double *x, const double *t_x, const int *ops, int n, double gain,
                   double t_gain, double *t_ret);
double machine_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, const int *ops,
                   int n, double gain, double v_gain, double *d_gain, double *hv_gain);

static int ops[N];

/* p = x[0..N), gain. */
static double eval(const double *p, int np)
{
    (void)np;
    return machine(p, ops, N, p[N]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = machine_jvp(p, tp, ops, N, p[N], tp[N], &t);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    machine_grad(p, g, ops, N, p[N], &g[N]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    machine_hvp(p, v, g, hv, ops, N, p[N], v[N], &g[N], &hv[N]);
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
        double tp[N + 1], u[N + 1];
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        gc_check_jvp("machine", eval, eval_jvp, p, tp, N + 1, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("machine", eval_grad, eval_hvp, p, tp, u, N + 1, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("state_machine");
}
#endif
