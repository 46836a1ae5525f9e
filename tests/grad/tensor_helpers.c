// RUN: %gradcheck %s %t
// Functions of the file that take and return tensors (a dense layer with an
// early return, a scalar summary of a tensor, a helper calling a helper,
// one called in a loop): adcc inlines them into the model and
// differentiates the whole, in reverse mode (f_grad) and forward mode
// (f_jvp). Everything the model makes, it frees, and so must the generated
// derivatives (their adjoints and tangents too).
#include <adt.h>
#include <math.h>

static adt_tensor *dense(const adt_tensor *x, adt_tensor *w, adt_tensor *b, int act)
{
    adt_tensor *z = adt_linear(x, w, b);
    if (!act)
        return z;
    adt_tensor *h = adt_tanh(z);
    adt_free(z);
    return h;
}

static double energy(const adt_tensor *t, double scale)
{
    adt_tensor *sq = adt_mul(t, t);
    double e = adt_mean_all(sq) * scale;
    adt_free(sq);
    return e;
}

static adt_tensor *block(const adt_tensor *x, adt_tensor *w, adt_tensor *b)
{
    adt_tensor *h = dense(x, w, b, 1);
    adt_tensor *r = adt_add(h, x);
    adt_free(h);
    return r;
}

ADCC_GRAD(w1, b1, w2, b2, scale)
ADCC_JVP(w1, b1, w2, b2, scale)
ADCC_HVP(w1, b1, w2, b2, scale)
double model(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2, double scale,
             const adt_tensor *x, const adt_tensor *labels, int depth)
{
    adt_tensor *h = dense(x, w1, b1, 1);
    for (int i = 0; i < depth; i++) {
        adt_tensor *next = block(h, w2, b2);
        adt_free(h);
        h = next;
    }
    adt_tensor *logits = dense(h, w2, b2, 0);
    double loss = adt_cross_entropy(logits, labels) + energy(h, scale) * sin(scale);
    adt_free(h);
    adt_free(logits);
    return loss;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double model_grad(adt_tensor *w1, adt_tensor *d_w1, adt_tensor *b1, adt_tensor *d_b1, adt_tensor *w2,
                  adt_tensor *d_w2, adt_tensor *b2, adt_tensor *d_b2, double scale, double *d_scale,
                  const adt_tensor *x, const adt_tensor *labels, int depth);
double model_jvp(adt_tensor *w1, adt_tensor *t_w1, adt_tensor *b1, adt_tensor *t_b1, adt_tensor *w2,
                 adt_tensor *t_w2, adt_tensor *b2, adt_tensor *t_b2, double scale, double t_scale,
                 const adt_tensor *x, const adt_tensor *labels, int depth, double *t_ret);
double model_hvp(adt_tensor *w1, adt_tensor *v_w1, adt_tensor *d_w1, adt_tensor *hv_w1, adt_tensor *b1,
                 adt_tensor *v_b1, adt_tensor *d_b1, adt_tensor *hv_b1, adt_tensor *w2, adt_tensor *v_w2,
                 adt_tensor *d_w2, adt_tensor *hv_w2, adt_tensor *b2, adt_tensor *v_b2, adt_tensor *d_b2,
                 adt_tensor *hv_b2, double scale, double v_scale, double *d_scale, double *hv_scale,
                 const adt_tensor *x, const adt_tensor *labels, int depth);

enum { N = 4, IN = 3, H = 5 };
static const TcShape shapes[4] = {{2, {H, IN}}, {1, {H}}, {2, {H, H}}, {1, {H}}};
static adt_tensor *x, *labels;
static int depth;

static double eval(const double *p, int np)
{
    adt_tensor *w[4];
    tc_wrap(shapes, 4, (double *)p, w);
    double v = model(w[0], w[1], w[2], w[3], p[np - 1], x, labels, depth);
    tc_free(w, 4);
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w[4], *t[4];
    tc_wrap(shapes, 4, (double *)p, w);
    tc_wrap(shapes, 4, (double *)tp, t);
    double tv;
    double v = model_jvp(w[0], t[0], w[1], t[1], w[2], t[2], w[3], t[3], p[np - 1], tp[np - 1], x, labels,
                         depth, &tv);
    tc_free(w, 4);
    tc_free(t, 4);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return tv;
}

static void eval_grad(const double *p, int np, double *g)
{
    adt_tensor *w[4], *d[4];
    memset(g, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 4, (double *)p, w);
    tc_wrap(shapes, 4, g, d);
    model_grad(w[0], d[0], w[1], d[1], w[2], d[2], w[3], d[3], p[np - 1], &g[np - 1], x, labels, depth);
    tc_free(w, 4);
    tc_free(d, 4);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    adt_tensor *w[4], *t[4], *d[4], *h[4];
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 4, (double *)p, w);
    tc_wrap(shapes, 4, (double *)v, t);
    tc_wrap(shapes, 4, g, d);
    tc_wrap(shapes, 4, hv, h);
    double f = model_hvp(w[0], t[0], d[0], h[0], w[1], t[1], d[1], h[1], w[2], t[2], d[2], h[2], w[3], t[3], d[3],
                         h[3], p[np - 1], v[np - 1], &g[np - 1], &hv[np - 1], x, labels, depth);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, 4);
    tc_free(t, 4);
    tc_free(d, 4);
    tc_free(h, 4);
}

int main(void)
{
    GcRng rng = gc_seed(21);
    int np = tc_total(shapes, 4) + 1;
    double p[64], g[64], tp[64], u[64], xs[N * IN], ls[N];
    for (int t = 0; t < 4; t++) {
        depth = t;
        gc_fill(&rng, p, np, -0.9, 0.9);
        gc_fill(&rng, xs, N * IN, -1.0, 1.0);
        for (int i = 0; i < N; i++)
            ls[i] = gc_int(&rng, 0, H - 1);
        x = adt_wrap(ADT_F64, 2, (int64_t[]){N, IN}, xs);
        labels = adt_wrap(ADT_F64, 1, (int64_t[]){N}, ls);
        for (int i = 0; i < np; i++)
            g[i] = 0.0;
        adt_tensor *w[4], *d[4];
        tc_wrap(shapes, 4, p, w);
        tc_wrap(shapes, 4, g, d);
        double v = model_grad(w[0], d[0], w[1], d[1], w[2], d[2], w[3], d[3], p[np - 1], &g[np - 1], x, labels,
                              depth);
        tc_free(w, 4);
        tc_free(d, 4);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tensor_helpers", eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp("tensor_helpers", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp("tensor_helpers", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        adt_free(x);
        adt_free(labels);
    }
    return gc_report("tensor_helpers");
}
#endif
