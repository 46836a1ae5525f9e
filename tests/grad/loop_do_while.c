// RUN: %gradcheck %s %t
// do-while loops: one counted, one whose exit test reads active state, so
// its trip count depends on x[0].
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double loops_do(const double *x, int n)
{
    int i = 0;
    double s = 0.0;
    do {
        s = s * 0.7 + x[i] * cos(s);
        i++;
    } while (i < n);
    double y = 0.1;
    int k = 0;
    do {
        y = y * 1.3 + 0.2 * x[0] * x[0];
        k++;
    } while (y < 5.0 && k < 100);
    return s + y;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

double loops_do_grad(const double *x, double *d_x, int n);
double loops_do_jvp(const double *x, const double *t_x, int n, double *t_ret);
double loops_do_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval(const double *p, int np)
{
    return loops_do(p, np);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = loops_do_jvp(p, tp, np, &t);
    gc_check_close(v, loops_do(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    loops_do_grad(p, g, np);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    loops_do_hvp(p, v, g, hv, np);
}

/* Smallest distance of the second loop's iterates from its exit threshold. */
static double exit_margin(double x0)
{
    double y = 0.1, m = 1e300;
    do {
        y = y * 1.3 + 0.2 * x0 * x0;
        m = fmin(m, fabs(y - 5.0));
    } while (y < 5.0);
    return m;
}

int main(void)
{
    GcRng rng = gc_seed(24);
    int done = 0;
    while (done < 8) {
        double x[N], g[N] = {0.0};
        gc_fill(&rng, x, N, -1.5, 1.5);
        if (exit_margin(x[0]) < 0.05)
            continue;
        done++;
        int n = 1 + done % N;
        double v = loops_do_grad(x, g, n);
        double want = loops_do(x, n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("loops_do", eval, x, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, n);
        gc_fill_dir(&rng, u, n);
        gc_check_jvp("loops_do", eval, eval_jvp, x, tp, n, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("loops_do", eval_grad, eval_hvp, x, tp, u, n, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_do_while");
}
#endif
