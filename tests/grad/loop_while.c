// RUN: %gradcheck %s %t
// while loops: an int counter with active state carried across iterations,
// and a second loop counting down an unsigned counter.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, c)
ADCC_JVP(x, c)
ADCC_HVP(x, c)
double loops_while(double x, double c, int n)
{
    int i = 0;
    double y = x;
    while (i < n) {
        y = 0.8 * y + c * sin(y);
        i++;
    }
    unsigned k = 5;
    while (k > 0) {
        k = k - 1;
        y += 0.1 * x * k;
    }
    return y;
}

#ifndef __ADCC__
#include "gradcheck.h"

double loops_while_grad(double x, double *d_x, double c, double *d_c, int n);
double loops_while_jvp(double x, double t_x, double c, double t_c, int n, double *t_ret);
double loops_while_hvp(double x, double v_x, double *d_x, double *hv_x, double c, double v_c,
                       double *d_c, double *hv_c, int n);

static int fixed_n;

static double eval(const double *p, int np)
{
    (void)np;
    return loops_while(p[0], p[1], fixed_n);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = loops_while_jvp(p[0], tp[0], p[1], tp[1], fixed_n, &t);
    gc_check_close(v, loops_while(p[0], p[1], fixed_n), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    loops_while_grad(p[0], &g[0], p[1], &g[1], fixed_n);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    loops_while_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], fixed_n);
}

int main(void)
{
    GcRng rng = gc_seed(23);
    for (int t = 0; t < 8; t++) {
        double p[2], g[2] = {0.0, 0.0};
        gc_fill(&rng, p, 2, -1.0, 1.0);
        fixed_n = 6 * t;
        double v = loops_while_grad(p[0], &g[0], p[1], &g[1], fixed_n);
        double want = loops_while(p[0], p[1], fixed_n);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("loops_while", eval, p, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2], u[2];
        gc_fill_dir(&rng, tp, 2);
        gc_fill_dir(&rng, u, 2);
        gc_check_jvp("loops_while", eval, eval_jvp, p, tp, 2, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("loops_while", eval_grad, eval_hvp, p, tp, u, 2, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("loop_while");
}
#endif
