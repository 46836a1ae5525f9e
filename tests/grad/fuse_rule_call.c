// RUN: %gradcheck %s %t
// A loop whose result is returned and also passed to a function with a
// reverse rule: the rule adds to the result's adjoint after the loop, so the
// loop may not be fused with a seed fixed in advance (regression). Forward
// mode and Hessian-vector products are checked too: sq has a forward rule,
// and its reverse rule sq_pb, whose body adcc does not see, has a forward
// rule of its own for f_hvp (forward mode over f_grad).
#include <adcc.h>
#include <math.h>
void sq_pb_jvp(double x, double t_x, double *d_x, double *t_d_x, double d_ret, double t_d_ret);
ADCC_PUSHFORWARD(sq_pb_jvp) void sq_pb(double x, double *d_x, double d_ret);
double sq_pf(double x, double t_x, double *t_ret);
ADCC_PULLBACK(sq_pb) ADCC_PUSHFORWARD(sq_pf) double sq(double x);
ADCC_GRAD(p)
ADCC_JVP(p)
ADCC_HVP(p)
double model(const double *p, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += p[i] * p[i];
    return sq(s) + s;
}
#ifndef __ADCC__
#include "gradcheck.h"
void sq_pb(double x, double *d_x, double d_ret) { if (d_x) *d_x += 2.0 * x * d_ret; }
double sq(double x) { return x * x; }
double sq_pf(double x, double t_x, double *t_ret)
{
    *t_ret = 2.0 * x * t_x;
    return x * x;
}
void sq_pb_jvp(double x, double t_x, double *d_x, double *t_d_x, double d_ret, double t_d_ret)
{
    if (d_x)
        *d_x += 2.0 * x * d_ret;
    if (t_d_x)
        *t_d_x += 2.0 * (t_x * d_ret + x * t_d_ret);
}
double model_grad(const double *p, double *d_p, int n);
double model_jvp(const double *p, const double *t_p, int n, double *t_ret);
double model_hvp(const double *p, const double *v_p, double *d_p, double *hv_p, int n);
static double eval(const double *p, int np) { return model(p, np); }
static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = model_jvp(p, tp, np, &t);
    gc_check_close(v, model(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}
static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    model_grad(p, g, np);
}
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    model_hvp(p, v, g, hv, np);
}
int main(void)
{
    GcRng rng = gc_seed(3);
    double p[4], g[4] = {0}, tp[4], u[4];
    gc_fill(&rng, p, 4, -1, 1);
    double v = model_grad(p, g, 4);
    gc_check_close(v, eval(p, 4), GC_PRIMAL_RTOL, 0.0);
    gc_check_grad("plain", eval, p, 4, g, GC_RTOL, GC_ATOL);
    gc_fill_dir(&rng, tp, 4);
    gc_fill_dir(&rng, u, 4);
    gc_check_jvp("plain", eval, eval_jvp, p, tp, 4, g, GC_RTOL, GC_ATOL);
    gc_check_hvp("plain", eval_grad, eval_hvp, p, tp, u, 4, GC_RTOL, GC_ATOL);
    return gc_report("plain");
}
#endif
