// RUN: %gradcheck %s %t
// Checkpointed loops inside a helper (its forward and reverse sweeps are
// separate functions: the schedule passes between them on the tape) and
// inside an outer loop of f_grad (a schedule per outer iteration), with a
// counter starting at 1 and a <= bound. Equal to the plainly taped
// gradient to 1e-12 for 0 to 8 steps, and to finite differences.
#include <adcc.h>
#include <math.h>

static double integrate(double *u, double c, int n, int steps)
{
    double e = 0.0;
    ADCC_CHECKPOINT_LOOP(3)
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.05 * sin(c * u[i] + t);
        e += u[0] * u[n - 1];
    }
    return e;
}

static double integrate_p(double *u, double c, int n, int steps)
{
    double e = 0.0;
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < n; i++)
            u[i] = u[i] + 0.05 * sin(c * u[i] + t);
        e += u[0] * u[n - 1];
    }
    return e;
}

ADCC_GRAD(x, c)
double model(const double *x, double c, int n, int steps, int reps)
{
    double u[6];
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    double s = 0.0;
    for (int r = 0; r < reps; r++) {
        s += integrate(u, c, n, steps);
        double acc = 0.0;
        ADCC_CHECKPOINT_LOOP(2)
        for (int k = 1; k <= steps; k++)
            acc = acc * 0.9 + u[k % n] * c;
        s += acc;
    }
    return s;
}

ADCC_GRAD(x, c)
double model_p(const double *x, double c, int n, int steps, int reps)
{
    double u[6];
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    double s = 0.0;
    for (int r = 0; r < reps; r++) {
        s += integrate_p(u, c, n, steps);
        double acc = 0.0;
        for (int k = 1; k <= steps; k++)
            acc = acc * 0.9 + u[k % n] * c;
        s += acc;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double model_grad(const double *x, double *d_x, double c, double *d_c, int n, int steps, int reps);
double model_p_grad(const double *x, double *d_x, double c, double *d_c, int n, int steps, int reps);

static double eval(const double *p, int np)
{
    (void)np;
    return model_p(p, p[N], N, 7, 3);
}

int main(void)
{
    GcRng rng = gc_seed(63);
    for (int t = 0; t < 2; t++) {
        double p[N + 1];
        gc_fill(&rng, p, N + 1, -0.8, 0.8);
        for (int steps = 0; steps < 9; steps++) {
            double a[N + 1] = {0}, b[N + 1] = {0};
            double ra = model_grad(p, a, p[N], &a[N], N, steps, 3);
            double rb = model_p_grad(p, b, p[N], &b[N], N, steps, 3);
            gc_check_close(ra, rb, GC_PRIMAL_RTOL, 0.0);
            gc_check_array(a, b, N + 1, 1e-12, 0.0);
        }
        double g[N + 1] = {0};
        model_grad(p, g, p[N], &g[N], N, 7, 3);
        gc_check_grad("model", eval, p, N + 1, g, GC_RTOL, GC_ATOL);
    }
    return gc_report("checkpoint_nested");
}
#endif
