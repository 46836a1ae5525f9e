// RUN: %gradcheck %s %t
// A call whose result is never read still runs in every derivative: the
// helper writes through its pointer argument (and its forward sweep saves
// what it overwrites). Found by the scale benchmark's generated model
// (bench/scale_model.c): reverse mode linked its split calls by name only
// after clean-up, which took an unlinked h_fwd(...) with an unused result
// for a pure call and dropped it, so f_grad's primal lost the write and its
// reverse sweep popped what was never pushed.
#include <adcc.h>
#include <math.h>

static double smooth(double a, double *w)
{
    w[1] = 0.5 * w[0] + a * w[1];
    w[0] = tanh(w[1]);
    return tanh(a);
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double unused(const double *x)
{
    double w[2] = {0};
    w[0] = x[0];
    w[1] = x[2];
    double u = smooth(x[1], w);
    (void)u;
    double r = smooth(x[0], w);
    return r * w[1] + w[0];
}

#ifndef __ADCC__
#include "gradcheck.h"

double unused_grad(const double *x, double *d_x);
double unused_jvp(const double *x, const double *t_x, double *t_ret);
double unused_hvp(const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np)
{
    (void)np;
    return unused(p);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    gc_check_close(unused_jvp(p, tp, &t), unused(p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    gc_check_close(unused_grad(p, g), unused(p), GC_PRIMAL_RTOL, 0.0);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    gc_check_close(unused_hvp(p, v, g, hv), unused(p), GC_PRIMAL_RTOL, 0.0);
}

int main(void)
{
    GcRng rng = gc_seed(17);
    for (int t = 0; t < 4; t++) {
        double x[3], g[3], tp[3], u[3];
        gc_fill(&rng, x, 3, -1.0, 1.0);
        eval_grad(x, 3, g);
        gc_check_grad("unused", eval, x, 3, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, 3);
        gc_fill_dir(&rng, u, 3);
        gc_check_jvp("unused", eval, eval_jvp, x, tp, 3, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("unused", eval_grad, eval_hvp, x, tp, u, 3, GC_RTOL, GC_ATOL);
    }
    return gc_report("unused");
}
#endif
