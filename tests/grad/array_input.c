// RUN: %gradcheck %s %t
// A const double array parameter read in a counted loop (Rosenbrock), also
// with n = 1 where the loop runs zero times and the gradient is zero.
// Forward mode and Hessian-vector products of the same model are checked too.
#include <adcc.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double rosen(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        s += 100.0 * a * a + b * b;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double rosen_grad(const double *x, double *d_x, int n);
double rosen_jvp(const double *x, const double *t_x, int n, double *t_ret);
double rosen_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return rosen(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = rosen_jvp(p, tp, np, &t);
    gc_check_close(v, rosen(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    rosen_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    rosen_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(10);
    for (int t = 0; t < 6; t++) {
        int n = t == 0 ? 1 : 2 + 3 * t;
        double x[20], g[20] = {0.0};
        gc_fill(&rng, x, n, -1.5, 1.5);
        double v = rosen_grad(x, g, n);
        double want = rosen(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("rosen", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[20], u[20];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("rosen", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("rosen", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("array_input");
}
#endif
