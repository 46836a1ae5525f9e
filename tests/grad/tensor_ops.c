// RUN: %gradcheck %s %t
// Views and broadcasting through adcc: transpose, contiguous, narrow,
// select, reshape, a [4] row broadcast against [3, 4], elementwise math,
// reductions over a dimension, softmax and log-softmax, concatenation, MSE.
// The runtime tests check each rule alone; this checks adcc's wiring of
// them (arguments, adjoints, seeds, releases) in one model, in reverse
// mode (f_grad), forward mode (f_jvp: the forward rules, the views of
// the tangents, their releases) and f_hvp (the pullbacks' forward rules).
#include <adt.h>

ADCC_GRAD(a, b)
ADCC_JVP(a, b)
ADCC_HVP(a, b)
double ops(adt_tensor *a, adt_tensor *b, const adt_tensor *target)
{
    int64_t flat_shape[1] = {8};
    adt_tensor *at = adt_transpose(a, 0, 1);            /* [4, 3] */
    adt_tensor *c = adt_contiguous(at);
    adt_tensor *n = adt_narrow(c, 1, 1, 2);             /* [4, 2] */
    adt_tensor *row = adt_select(a, 0, 2);              /* [4] */
    adt_tensor *s = adt_add(row, b);                    /* [4] */
    adt_tensor *bc = adt_mul(a, s);                     /* [3, 4] * [4] */
    adt_tensor *sg = adt_sigmoid(bc);
    adt_tensor *e = adt_exp(sg);
    adt_tensor *e1 = adt_add_scalar(e, 1.0);
    adt_tensor *l = adt_log(e1);
    adt_tensor *a2 = adt_pow_scalar(a, 2.0);
    adt_tensor *a21 = adt_add_scalar(a2, 1.0);
    adt_tensor *r = adt_sqrt(a21);
    adt_tensor *q = adt_div(l, r);
    adt_tensor *sm = adt_softmax(q, 1);
    adt_tensor *ls = adt_log_softmax(q, 0);
    adt_tensor *df = adt_sub(sm, ls);
    adt_tensor *red = adt_sum(df, 0, 0);                /* [4] */
    adt_tensor *mx = adt_max(q, 1, 1);                  /* [3, 1] */
    adt_tensor *neg = adt_neg(mx);
    adt_tensor *mean = adt_mean(neg, 0, 0);             /* [1] */
    adt_tensor *flat = adt_reshape(n, 1, flat_shape);
    adt_tensor *head = adt_narrow(flat, 0, 0, 4);
    adt_tensor *cat = adt_cat(red, head, 0);            /* [8] */
    adt_tensor *cl = adt_clamp(cat, -2.0, 2.5);
    double loss = adt_mse_loss(cl, target) + adt_sum_all(mean);
    adt_free(at);
    adt_free(c);
    adt_free(n);
    adt_free(row);
    adt_free(s);
    adt_free(bc);
    adt_free(sg);
    adt_free(e);
    adt_free(e1);
    adt_free(l);
    adt_free(a2);
    adt_free(a21);
    adt_free(r);
    adt_free(q);
    adt_free(sm);
    adt_free(ls);
    adt_free(df);
    adt_free(red);
    adt_free(mx);
    adt_free(neg);
    adt_free(mean);
    adt_free(flat);
    adt_free(head);
    adt_free(cat);
    adt_free(cl);
    return loss;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double ops_grad(adt_tensor *a, adt_tensor *d_a, adt_tensor *b, adt_tensor *d_b, const adt_tensor *target);
double ops_jvp(adt_tensor *a, adt_tensor *t_a, adt_tensor *b, adt_tensor *t_b, const adt_tensor *target,
               double *t_ret);
double ops_hvp(adt_tensor *a, adt_tensor *v_a, adt_tensor *d_a, adt_tensor *hv_a, adt_tensor *b, adt_tensor *v_b,
               adt_tensor *d_b, adt_tensor *hv_b, const adt_tensor *target);

static const TcShape shapes[2] = {{2, {3, 4}}, {1, {4}}};
static adt_tensor *target;

static double eval(const double *p, int np)
{
    (void)np;
    adt_tensor *w[2];
    tc_wrap(shapes, 2, (double *)p, w);
    double v = ops(w[0], w[1], target);
    tc_free(w, 2);
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w[2], *t[2];
    tc_wrap(shapes, 2, (double *)p, w);
    tc_wrap(shapes, 2, (double *)tp, t);
    double tv;
    double v = ops_jvp(w[0], t[0], w[1], t[1], target, &tv);
    tc_free(w, 2);
    tc_free(t, 2);
    gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    return tv;
}

static void eval_grad(const double *p, int np, double *g)
{
    adt_tensor *w[2], *d[2];
    memset(g, 0, sizeof(double) * (size_t)np);
    tc_wrap(shapes, 2, (double *)p, w);
    tc_wrap(shapes, 2, g, d);
    ops_grad(w[0], d[0], w[1], d[1], target);
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
    double f = ops_hvp(w[0], t[0], d[0], h[0], w[1], t[1], d[1], h[1], target);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    tc_free(w, 2);
    tc_free(t, 2);
    tc_free(d, 2);
    tc_free(h, 2);
}

int main(void)
{
    GcRng rng = gc_seed(9);
    int np = tc_total(shapes, 2);
    double p[16], g[16], tp[16], u[16], ts[8];
    for (int t = 0; t < 4; t++) {
        gc_fill(&rng, p, np, -1.0, 1.0);
        gc_fill(&rng, ts, 8, -1.0, 1.0);
        target = adt_wrap(ADT_F64, 1, (int64_t[]){8}, ts);
        for (int i = 0; i < np; i++)
            g[i] = 0.0;
        adt_tensor *w[2], *d[2];
        tc_wrap(shapes, 2, p, w);
        tc_wrap(shapes, 2, g, d);
        double v = ops_grad(w[0], d[0], w[1], d[1], target);
        tc_free(w, 2);
        tc_free(d, 2);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tensor_ops", eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp("tensor_ops", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp("tensor_ops", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
        adt_free(target);
    }
    return gc_report("tensor_ops");
}
#endif
