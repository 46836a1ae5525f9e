// RUN: %gradcheck %s %t
// Double scalars: + - * /, unary minus, compound assignments and integer
// constants mixed into floating expressions. Forward mode (f_jvp) and
// Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>

ADCC_GRAD(x, y, z)
ADCC_JVP(x, y, z)
ADCC_HVP(x, y, z)
double arith(double x, double y, double z)
{
    double a = x * y - z / (1.0 + x * x);
    double b = -a + 3 * x - y / 2;
    a += b * z;
    a -= x / (y * y + 1);
    a *= 1.5 + z;
    b /= 2.0 + y * y;
    b = -(-b);
    return a * b + x * x * x - 7;
}

#ifndef __ADCC__
#include "gradcheck.h"

double arith_grad(double x, double *d_x, double y, double *d_y, double z, double *d_z);
double arith_jvp(double x, double t_x, double y, double t_y, double z, double t_z, double *t_ret);
double arith_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y, double *d_y,
                 double *hv_y, double z, double v_z, double *d_z, double *hv_z);

static double eval(const double *p, int np)
{
    (void)np;
    return arith(p[0], p[1], p[2]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = arith_jvp(p[0], tp[0], p[1], tp[1], p[2], tp[2], &t);
    gc_check_close(v, arith(p[0], p[1], p[2]), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    arith_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    arith_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], p[2], v[2], &g[2], &hv[2]);
}

int main(void)
{
    GcRng rng = gc_seed(1);
    for (int t = 0; t < 8; t++) {
        double p[3], g[3] = {0.0, 0.0, 0.0};
        gc_fill(&rng, p, 3, -2.0, 2.0);
        double v = arith_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2]);
        double want = arith(p[0], p[1], p[2]);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("arith", eval, p, 3, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[3], u[3];
        gc_fill_dir(&rng, tp, 3);
        gc_fill_dir(&rng, u, 3);
        gc_check_jvp("arith", eval, eval_jvp, p, tp, 3, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("arith", eval_grad, eval_hvp, p, tp, u, 3, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("scalar_arith");
}
#endif
