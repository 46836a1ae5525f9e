// RUN: %gradcheck %s %t
// Hessian-vector products of a convolutional tensor model: conv2d, both
// poolings, permute, contiguous, view, bmm, and active scalars passed to
// tensor ops (the shift of add_scalar, the factor of mul_scalar, the
// exponent of pow_scalar). f_hvp calls the forward rules of the pullbacks
// (<op>_pb_pf); H v is checked against finite differences of f_grad and for
// symmetry, and f_jvp by the dot-product test, at several points.
#include <adt.h>

ADCC_GRAD(w, bias, m, s, p)
ADCC_JVP(w, bias, m, s, p)
ADCC_HVP(w, bias, m, s, p)
double cnn(adt_tensor *w, adt_tensor *bias, adt_tensor *m, double s, double p, const adt_tensor *x)
{
    int64_t rows[3] = {2, 9, 3};
    int dims[4] = {0, 2, 3, 1};
    adt_tensor *c = adt_conv2d(x, w, bias, 1, 1);        /* [2, 3, 6, 6] */
    adt_tensor *t = adt_tanh(c);
    adt_tensor *ap = adt_avg_pool2d(t, 2, 2);           /* [2, 3, 3, 3] */
    adt_tensor *mp = adt_max_pool2d(c, 2, 2);
    adt_tensor *sum = adt_add(ap, mp);
    adt_tensor *pr = adt_permute(sum, dims);             /* [2, 3, 3, 3], channels last */
    adt_tensor *ct = adt_contiguous(pr);
    adt_tensor *v = adt_view(ct, 3, rows);               /* [2, 9, 3] */
    adt_tensor *b = adt_bmm(v, m);                       /* [2, 9, 4] */
    adt_tensor *sh = adt_add_scalar(b, s);
    adt_tensor *sc = adt_mul_scalar(sh, s);
    adt_tensor *sg = adt_sigmoid(sc);
    adt_tensor *base = adt_add_scalar(sg, 0.5);
    adt_tensor *pw = adt_pow_scalar(base, p);
    double loss = adt_mean_all(pw) + 0.1 * adt_sum_all(sc);
    adt_free(c);
    adt_free(t);
    adt_free(ap);
    adt_free(mp);
    adt_free(sum);
    adt_free(pr);
    adt_free(ct);
    adt_free(v);
    adt_free(b);
    adt_free(sh);
    adt_free(sc);
    adt_free(sg);
    adt_free(base);
    adt_free(pw);
    return loss;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double cnn_grad(adt_tensor *w, adt_tensor *d_w, adt_tensor *bias, adt_tensor *d_bias, adt_tensor *m,
                adt_tensor *d_m, double s, double *d_s, double p, double *d_p, const adt_tensor *x);
double cnn_jvp(adt_tensor *w, adt_tensor *t_w, adt_tensor *bias, adt_tensor *t_bias, adt_tensor *m,
               adt_tensor *t_m, double s, double t_s, double p, double t_p, const adt_tensor *x, double *t_ret);
double cnn_hvp(adt_tensor *w, adt_tensor *v_w, adt_tensor *d_w, adt_tensor *hv_w, adt_tensor *bias,
               adt_tensor *v_bias, adt_tensor *d_bias, adt_tensor *hv_bias, adt_tensor *m, adt_tensor *v_m,
               adt_tensor *d_m, adt_tensor *hv_m, double s, double v_s, double *d_s, double *hv_s, double p,
               double v_p, double *d_p, double *hv_p, const adt_tensor *x);

enum { NT = 3, NP = 27 + 3 + 24 + 2 };
static const TcShape shapes[NT] = {{4, {3, 1, 3, 3}}, {1, {3}}, {3, {2, 3, 4}}};
static adt_tensor *x;

static double eval(const double *p, int np)
{
    adt_tensor *w[NT];
    tc_wrap(shapes, NT, (double *)p, w);
    double f = cnn(w[0], w[1], w[2], p[np - 2], p[np - 1], x);
    tc_free(w, NT);
    return f;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w[NT], *t[NT];
    tc_wrap(shapes, NT, (double *)p, w);
    tc_wrap(shapes, NT, (double *)tp, t);
    double tf;
    double f = cnn_jvp(w[0], t[0], w[1], t[1], w[2], t[2], p[np - 2], tp[np - 2], p[np - 1], tp[np - 1], x, &tf);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, NT);
    tc_free(t, NT);
    return tf;
}

static void eval_grad(const double *p, int np, double *g)
{
    adt_tensor *w[NT], *d[NT];
    memset(g, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, NT, (double *)p, w);
    tc_wrap(shapes, NT, g, d);
    double f = cnn_grad(w[0], d[0], w[1], d[1], w[2], d[2], p[np - 2], &g[np - 2], p[np - 1], &g[np - 1], x);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, NT);
    tc_free(d, NT);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    adt_tensor *w[NT], *t[NT], *d[NT], *h[NT];
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, NT, (double *)p, w);
    tc_wrap(shapes, NT, (double *)v, t);
    tc_wrap(shapes, NT, g, d);
    tc_wrap(shapes, NT, hv, h);
    double f = cnn_hvp(w[0], t[0], d[0], h[0], w[1], t[1], d[1], h[1], w[2], t[2], d[2], h[2], p[np - 2], v[np - 2],
                       &g[np - 2], &hv[np - 2], p[np - 1], v[np - 1], &g[np - 1], &hv[np - 1], x);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, NT);
    tc_free(t, NT);
    tc_free(d, NT);
    tc_free(h, NT);
}

int main(void)
{
    GcRng rng = gc_seed(61);
    double p[NP], g[NP], tp[NP], u[NP], xs[2 * 36];
    for (int k = 0; k < 4; k++) {
        gc_fill(&rng, p, NP, -0.8, 0.8);
        p[NP - 2] = gc_uniform(&rng, 0.5, 1.5);   /* s */
        p[NP - 1] = gc_uniform(&rng, 1.5, 3.0);   /* p */
        gc_fill(&rng, xs, 2 * 36, -1.0, 1.0);
        x = adt_wrap(ADT_F64, 4, (int64_t[]){2, 1, 6, 6}, xs);
        eval_grad(p, NP, g);
        gc_check_grad("tensor_hvp_nn", eval, p, NP, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, NP);
        gc_check_jvp("tensor_hvp_nn", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, NP);
        gc_check_hvp("tensor_hvp_nn", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL);
        adt_free(x);
    }
    return gc_report("tensor_hvp_nn");
}
#endif
