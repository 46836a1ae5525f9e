// RUN: %gradcheck %s %t
// A tensor reassigned in a loop (h = tanh(a * h w), layers decided at run
// time), a scalar parameter mixed into tensor ops, and a branch on a value
// computed from tensors. The old tensors go on the tape; each one, and its
// adjoint, is released once its rule has run. Forward mode (f_jvp) too:
// each tangent is released where the model releases its tensor.
#include <adt.h>
#include <math.h>

ADCC_GRAD(w, a)
ADCC_JVP(w, a)
ADCC_HVP(w, a)
double deep(adt_tensor *w, double a, const adt_tensor *x, int layers)
{
    adt_tensor *h = adt_matmul(x, w);
    for (int l = 1; l < layers; l++) {
        adt_tensor *z = adt_matmul(h, w);
        adt_tensor *s = adt_mul_scalar(z, a);
        adt_tensor *next = adt_tanh(s);
        adt_free(z);
        adt_free(s);
        adt_free(h);
        h = next;
    }
    double m = adt_mean_all(h);
    double q = adt_sum_all(h);
    double r = m * q;
    if (q > 0.0)
        r = sin(r) + q;
    else
        r = r * a;
    adt_free(h);
    return r + a * a;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double deep_grad(adt_tensor *w, adt_tensor *d_w, double a, double *d_a, const adt_tensor *x, int layers);
double deep_jvp(adt_tensor *w, adt_tensor *t_w, double a, double t_a, const adt_tensor *x, int layers,
                double *t_ret);
double deep_hvp(adt_tensor *w, adt_tensor *v_w, adt_tensor *d_w, adt_tensor *hv_w, double a, double v_a,
                double *d_a, double *hv_a, const adt_tensor *x, int layers);

enum { N = 3, D = 4 };
static const TcShape shapes[1] = {{2, {D, D}}};
static adt_tensor *x;
static int layers;

static double eval(const double *p, int np)
{
    (void)np;
    adt_tensor *w;
    tc_wrap(shapes, 1, (double *)p, &w);
    double v = deep(w, p[D * D], x, layers);
    adt_free(w);
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w, *t_w;
    tc_wrap(shapes, 1, (double *)p, &w);
    tc_wrap(shapes, 1, (double *)tp, &t_w);
    double tv;
    double v = deep_jvp(w, t_w, p[D * D], tp[D * D], x, layers, &tv);
    adt_free(w);
    adt_free(t_w);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return tv;
}

static void eval_grad(const double *p, int np, double *g)
{
    adt_tensor *w, *d_w;
    memset(g, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 1, (double *)p, &w);
    tc_wrap(shapes, 1, g, &d_w);
    deep_grad(w, d_w, p[D * D], &g[D * D], x, layers);
    adt_free(w);
    adt_free(d_w);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    adt_tensor *w, *v_w, *d_w, *hv_w;
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 1, (double *)p, &w);
    tc_wrap(shapes, 1, (double *)v, &v_w);
    tc_wrap(shapes, 1, g, &d_w);
    tc_wrap(shapes, 1, hv, &hv_w);
    double f = deep_hvp(w, v_w, d_w, hv_w, p[D * D], v[D * D], &g[D * D], &hv[D * D], x, layers);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    adt_free(w);
    adt_free(v_w);
    adt_free(d_w);
    adt_free(hv_w);
}

int main(void)
{
    GcRng rng = gc_seed(5);
    int np = D * D + 1;
    double p[D * D + 1], g[D * D + 1], tp[D * D + 1], u[D * D + 1], xs[N * D];
    for (int t = 0; t < 6; t++) {
        layers = 1 + t % 4;
        gc_fill(&rng, p, np, -0.8, 0.8);
        gc_fill(&rng, xs, N * D, -1.0, 1.0);
        x = adt_wrap(ADT_F64, 2, (int64_t[]){N, D}, xs);
        for (int i = 0; i < np; i++)
            g[i] = 0.0;
        adt_tensor *w, *d_w;
        tc_wrap(shapes, 1, p, &w);
        tc_wrap(shapes, 1, g, &d_w);
        double v = deep_grad(w, d_w, p[D * D], &g[D * D], x, layers);
        adt_free(w);
        adt_free(d_w);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tensor_loop", eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp("tensor_loop", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp("tensor_loop", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        adt_free(x);
    }
    return gc_report("tensor_loop");
}
#endif
