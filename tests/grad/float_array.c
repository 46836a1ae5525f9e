// RUN: %gradcheck %s %t
// Float arrays: a float model reading const float *x, writing float *y and
// returning a float; float shadows d_x and d_y.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
float fsoftplus(const float *x, float *y, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        y[i] = log1pf(expf(x[i]));
        s += x[i] * y[i];
    }
    return s / (float)n;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

float fsoftplus_grad(const float *x, float *d_x, float *y, float *d_y, int n);

static float w[N];

/* p = x, then the initial contents of y (all on the float grid). */
static double eval(const double *p, int np)
{
    (void)np;
    float x[N], y[N];
    gc_d2f(x, p, N);
    gc_d2f(y, p + N, N);
    double s = fsoftplus(x, y, N);
    for (int i = 0; i < N; i++)
        s += (double)w[i] * y[i];
    return s;
}

int main(void)
{
    GcRng rng = gc_seed(21);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], wd[N], g[2 * N];
        float x[N], y[N], y_ref[N], gf[2 * N] = {0.0f};
        gc_fill_f(&rng, p, 2 * N, -2.0, 2.0);
        gc_fill_f(&rng, wd, N, -1.0, 1.0);
        gc_d2f(w, wd, N);
        gc_d2f(x, p, N);
        gc_d2f(y, p + N, N);
        gc_d2f(y_ref, p + N, N);
        memcpy(gf + N, w, sizeof w);
        float v = fsoftplus_grad(x, gf, y, gf + N, N);
        float want = fsoftplus(x, y_ref, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL_F, 0.0);
        for (int i = 0; i < N; i++)
            gc_check_close(y[i], y_ref[i], GC_PRIMAL_RTOL_F, 0.0);
        gc_f2d(g, gf, 2 * N);
        gc_check_grad_f("fsoftplus", eval, p, 2 * N, g, GC_RTOL_F, GC_ATOL_F);
    }
    return gc_report("float_array");
}
#endif
