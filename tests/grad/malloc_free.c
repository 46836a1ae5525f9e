// RUN: %gradcheck %s %t
// malloc and calloc of active temporaries inside the model, scatter-adds
// into the calloc'd buffer, and free before return (also on the error path).
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double with_heap(const double *x, int n)
{
    double *t = malloc((size_t)n * sizeof *t);
    double *c = calloc((size_t)n, sizeof(double));
    if (!t || !c) {
        free(t);
        free(c);
        return 0.0;
    }
    for (int i = 0; i < n; i++)
        t[i] = exp(0.3 * x[i]);
    for (int i = 0; i < n; i++) {
        c[i] += t[i] * x[(i + 1) % n];
        c[(i + 2) % n] += 0.5 * t[i];
    }
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += c[i] * c[i] - t[i];
    free(t);
    free(c);
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double with_heap_grad(const double *x, double *d_x, int n);
double with_heap_jvp(const double *x, const double *t_x, int n, double *t_ret);
double with_heap_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return with_heap(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = with_heap_jvp(p, tp, np, &t);
    gc_check_close(v, with_heap(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    with_heap_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    with_heap_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(17);
    for (int t = 0; t < 6; t++) {
        int n = 3 + 2 * t;
        double x[16], g[16] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = with_heap_grad(x, g, n);
        double want = with_heap(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("with_heap", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[16], u[16];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("with_heap", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("with_heap", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("malloc_free");
}
#endif
