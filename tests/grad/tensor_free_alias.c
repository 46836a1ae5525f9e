// RUN: %gradcheck %s %t
// Tensors released through another variable than the one the ops used: an
// alias freed before the reverse sweep needs the tensor, and the loop idiom
// `old = h; h = next; adt_free(old)`. Every release leaves the forward
// sweep and each tensor is released once, at the mirror of its creation
// (regression: the alias's release ran early, then the tensor was freed twice).
// Forward mode (f_jvp) too: a release through an alias releases the
// tangent of the tensor it aliases.
#include <adt.h>

ADCC_GRAD(w, v, a)
ADCC_JVP(w, v, a)
ADCC_HVP(w, v, a)
double model(adt_tensor *w, adt_tensor *v, double a, const adt_tensor *x, int k)
{
    adt_tensor *h = adt_linear(x, w, v);
    adt_tensor *al = h;
    adt_tensor *t = adt_tanh(h);
    double r = a * adt_sum_all(t);
    adt_free(al);
    adt_free(t);
    adt_tensor *g = adt_linear(x, w, v);
    for (int i = 0; i < k; i++) {
        adt_tensor *n = adt_tanh(g);
        adt_tensor *old = g;
        g = n;
        adt_free(old);
    }
    r += adt_sum_all(g) * r;
    adt_free(g);
    return r;
}

#ifndef __ADCC__
/* check main: model(w[3,3], v[3], a, x[2,3] const, k) */
#include "gradcheck.h"
#include "tensor_check.h"
#define NAME "tensor_free_alias"
double model_grad(adt_tensor *w, adt_tensor *d_w, adt_tensor *v, adt_tensor *d_v, double a, double *d_a,
                  const adt_tensor *x, int k);
double model_jvp(adt_tensor *w, adt_tensor *t_w, adt_tensor *v, adt_tensor *t_v, double a, double t_a,
                 const adt_tensor *x, int k, double *t_ret);
double model_hvp(adt_tensor *w, adt_tensor *v_w, adt_tensor *d_w, adt_tensor *hv_w, adt_tensor *v,
                 adt_tensor *v_v, adt_tensor *d_v, adt_tensor *hv_v, double a, double v_a, double *d_a, double *hv_a,
                 const adt_tensor *x, int k);
static const TcShape shapes[2] = {{2, {3, 3}}, {1, {3}}};
static adt_tensor *x;
static int kk;
static double eval(const double *p, int np)
{
    adt_tensor *w[2];
    tc_wrap(shapes, 2, (double *)p, w);
    double r = model(w[0], w[1], p[np - 1], x, kk);
    tc_free(w, 2);
    return r;
}
static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w[2], *t[2];
    tc_wrap(shapes, 2, (double *)p, w);
    tc_wrap(shapes, 2, (double *)tp, t);
    double tr;
    double r = model_jvp(w[0], t[0], w[1], t[1], p[np - 1], tp[np - 1], x, kk, &tr);
    tc_free(w, 2);
    tc_free(t, 2);
    gc_check_close(r, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return tr;
}
static void eval_grad(const double *p, int np, double *g)
{
    adt_tensor *w[2], *d[2];
    memset(g, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 2, (double *)p, w);
    tc_wrap(shapes, 2, g, d);
    model_grad(w[0], d[0], w[1], d[1], p[np - 1], &g[np - 1], x, kk);
    tc_free(w, 2);
    tc_free(d, 2);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    adt_tensor *w[2], *t[2], *d[2], *h[2];
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 2, (double *)p, w);
    tc_wrap(shapes, 2, (double *)v, t);
    tc_wrap(shapes, 2, g, d);
    tc_wrap(shapes, 2, hv, h);
    double f = model_hvp(w[0], t[0], d[0], h[0], w[1], t[1], d[1], h[1], p[np - 1], v[np - 1], &g[np - 1],
                         &hv[np - 1], x, kk);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, 2);
    tc_free(t, 2);
    tc_free(d, 2);
    tc_free(h, 2);
}

int main(void)
{
    GcRng rng = gc_seed(7);
    int np = 13;
    double p[13], g[13], tp[13], u[13], xs[6];
    for (int t = 0; t < 8; t++) {
        kk = t % 5;
        gc_fill(&rng, p, np, -0.9, 0.9);
        gc_fill(&rng, xs, 6, -1.0, 1.0);
        x = adt_wrap(ADT_F64, 2, (int64_t[]){2, 3}, xs);
        for (int i = 0; i < np; i++) g[i] = 0.0;
        adt_tensor *w[2], *d[2];
        tc_wrap(shapes, 2, p, w);
        tc_wrap(shapes, 2, g, d);
        double v = model_grad(w[0], d[0], w[1], d[1], p[np - 1], &g[np - 1], x, kk);
        tc_free(w, 2);
        tc_free(d, 2);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad(NAME, eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp(NAME, eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp(NAME, eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        adt_free(x);
    }
    return gc_report(NAME);
}
#endif
