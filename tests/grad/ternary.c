// RUN: %gradcheck %s %t
// The conditional operator on active values: ?: choosing between active
// expressions, nested in a sum, as a max, and on an int condition. Forward
// mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double tern(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = x[i] > 0.0 ? x[i] * x[i] : -0.5 * x[i];
        s += (s > 1.0 ? 0.5 * v : v) + (i % 2 ? sin(x[i]) : cos(x[i]));
    }
    double m = x[0] > x[1] ? x[0] : x[1];
    return s * m + (n > 3 ? x[3] : 0.0);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double tern_grad(const double *x, double *d_x, int n);
double tern_jvp(const double *x, const double *t_x, int n, double *t_ret);
double tern_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return tern(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = tern_jvp(p, tp, np, &t);
    gc_check_close(v, tern(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    tern_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tern_hvp(p, v, g, hv, np);
}

/* Distance of every ?: condition of tern() from its switch point. */
static double margin(const double *x, int n)
{
    double s = 0.0, m = fabs(x[0] - x[1]);
    for (int i = 0; i < n; i++) {
        m = fmin(m, fabs(x[i]));
        m = fmin(m, fabs(s - 1.0));
        double v = x[i] > 0.0 ? x[i] * x[i] : -0.5 * x[i];
        s += (s > 1.0 ? 0.5 * v : v) + (i % 2 ? sin(x[i]) : cos(x[i]));
    }
    return m;
}

int main(void)
{
    GcRng rng = gc_seed(32);
    int done = 0;
    while (done < 10) {
        double x[N], g[N] = {0.0};
        int n = 2 + done % (N - 1);
        gc_fill(&rng, x, n, -1.5, 1.5);
        if (margin(x, n) < 0.05)
            continue;
        done++;
        double v = tern_grad(x, g, n);
        double want = tern(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tern", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("tern", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("tern", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("ternary");
}
#endif
