// RUN: %gradcheck %s %t
// A two-layer perceptron on tensors: linear, relu, linear, cross-entropy.
// Every parameter tensor's gradient is checked, and forward mode (f_jvp,
// the runtime's forward rules) along random directions; the model frees
// what it makes, and the generated derivatives must free what they make,
// tangents included (LeakSanitizer).
#include <adt.h>

ADCC_GRAD(w1, b1, w2, b2)
ADCC_JVP(w1, b1, w2, b2)
ADCC_HVP(w1, b1, w2, b2)
double mlp_loss(adt_tensor *w1, adt_tensor *b1, adt_tensor *w2, adt_tensor *b2,
                const adt_tensor *x, const adt_tensor *labels)
{
    adt_tensor *z = adt_linear(x, w1, b1);
    adt_tensor *h = adt_relu(z);
    adt_tensor *logits = adt_linear(h, w2, b2);
    double loss = adt_cross_entropy(logits, labels);
    adt_free(z);
    adt_free(h);
    adt_free(logits);
    return loss;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double mlp_loss_grad(adt_tensor *w1, adt_tensor *d_w1, adt_tensor *b1, adt_tensor *d_b1, adt_tensor *w2,
                     adt_tensor *d_w2, adt_tensor *b2, adt_tensor *d_b2, const adt_tensor *x,
                     const adt_tensor *labels);
double mlp_loss_jvp(adt_tensor *w1, adt_tensor *t_w1, adt_tensor *b1, adt_tensor *t_b1, adt_tensor *w2,
                    adt_tensor *t_w2, adt_tensor *b2, adt_tensor *t_b2, const adt_tensor *x,
                    const adt_tensor *labels, double *t_ret);
double mlp_loss_hvp(adt_tensor *w1, adt_tensor *v_w1, adt_tensor *d_w1, adt_tensor *hv_w1, adt_tensor *b1,
                    adt_tensor *v_b1, adt_tensor *d_b1, adt_tensor *hv_b1, adt_tensor *w2, adt_tensor *v_w2,
                    adt_tensor *d_w2, adt_tensor *hv_w2, adt_tensor *b2, adt_tensor *v_b2, adt_tensor *d_b2,
                    adt_tensor *hv_b2, const adt_tensor *x, const adt_tensor *labels);

enum { N = 5, IN = 4, HID = 6, OUT = 3 };
static const TcShape shapes[4] = {{2, {HID, IN}}, {1, {HID}}, {2, {OUT, HID}}, {1, {OUT}}};
static adt_tensor *x, *labels;

static double eval(const double *p, int np)
{
    (void)np;
    adt_tensor *w[4];
    tc_wrap(shapes, 4, (double *)p, w);
    double v = mlp_loss(w[0], w[1], w[2], w[3], x, labels);
    tc_free(w, 4);
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w[4], *t[4];
    tc_wrap(shapes, 4, (double *)p, w);
    tc_wrap(shapes, 4, (double *)tp, t);
    double tv;
    double v = mlp_loss_jvp(w[0], t[0], w[1], t[1], w[2], t[2], w[3], t[3], x, labels, &tv);
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
    mlp_loss_grad(w[0], d[0], w[1], d[1], w[2], d[2], w[3], d[3], x, labels);
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
    double f = mlp_loss_hvp(w[0], t[0], d[0], h[0], w[1], t[1], d[1], h[1], w[2], t[2], d[2], h[2], w[3], t[3],
                            d[3], h[3], x, labels);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, 4);
    tc_free(t, 4);
    tc_free(d, 4);
    tc_free(h, 4);
}

int main(void)
{
    GcRng rng = gc_seed(3);
    int np = tc_total(shapes, 4);
    double p[128], g[128], tp[128], u[128], xs[N * IN], ls[N];
    for (int t = 0; t < 5; t++) {
        gc_fill(&rng, p, np, -1.0, 1.0);
        gc_fill(&rng, xs, N * IN, -2.0, 2.0);
        for (int i = 0; i < N; i++)
            ls[i] = gc_int(&rng, 0, OUT - 1);
        x = adt_wrap(ADT_F64, 2, (int64_t[]){N, IN}, xs);
        labels = adt_wrap(ADT_F64, 1, (int64_t[]){N}, ls);
        for (int i = 0; i < np; i++)
            g[i] = 0.0;
        adt_tensor *w[4], *d[4];
        tc_wrap(shapes, 4, p, w);
        tc_wrap(shapes, 4, g, d);
        double v = mlp_loss_grad(w[0], d[0], w[1], d[1], w[2], d[2], w[3], d[3], x, labels);
        tc_free(w, 4);
        tc_free(d, 4);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tensor_mlp", eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp("tensor_mlp", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp("tensor_mlp", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        adt_free(x);
        adt_free(labels);
    }
    return gc_report("tensor_mlp");
}
#endif
