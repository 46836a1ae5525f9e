// RUN: %gradcheck %s %t
// Buffers malloc'd through function-like macros with sizeof inside: a
// sizeof(type) in the macro body, a sizeof(T) with the type as the macro's
// argument, and a sizeof *p on the macro's argument. adcc once copied the
// macro's source text from the #define to the use into the output.
// Gradients and tangents of a smoothed sum over those buffers.
#include <adcc.h>
#include <stdlib.h>

#define NB(n) ((size_t)(n) * sizeof(double))
#define ALLOC(n, T) malloc((size_t)(n) * sizeof(T))
#define NEL(p, n) ((size_t)(n) * sizeof *(p))

ADCC_GRAD(x)
ADCC_JVP(x)
double smooth(const double *x, int n)
{
    double *a = malloc(NB(n));
    double *b = ALLOC(n, double);
    double *c = malloc(NEL(c, n));
    if (!a || !b || !c) {
        free(a);
        free(b);
        free(c);
        return 0.0;
    }
    for (int i = 0; i < n; i++)
        a[i] = x[i] * x[i];
    for (int i = 0; i < n; i++)
        b[i] = a[i] + 0.5 * a[(i + 1) % n];
    for (int i = 0; i < n; i++)
        c[i] = b[i] * x[i];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += c[i];
    free(a);
    free(b);
    free(c);
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double smooth_grad(const double *x, double *d_x, int n);
double smooth_jvp(const double *x, const double *t_x, int n, double *t_ret);

static double eval(const double *p, int np)
{
    (void)np;
    return smooth(p, N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = smooth_jvp(p, tp, N, &t);
    gc_check_close(v, smooth(p, N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

int main(void)
{
    GcRng rng = gc_seed(91);
    for (int t = 0; t < 5; t++) {
        double p[N], g[N] = {0.0}, tp[N];
        gc_fill(&rng, p, N, -2.0, 2.0);
        double v = smooth_grad(p, g, N);
        double want = smooth(p, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("smooth", eval, p, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_fill_dir(&rng, tp, N);
        gc_check_jvp("smooth", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("sizeof_macro");
}
#endif
