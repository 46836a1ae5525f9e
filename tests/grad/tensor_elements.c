// RUN: %gradcheck %s %t
// C loops over tensor elements inside a tensor model: reading the elements
// of a tensor a rule made (adt_f64 of tanh(w)), writing a fresh tensor
// element by element and feeding it to more tensor ops, with a running
// scalar that each element depends on. The adjoints' elements come from
// adt_f64_adjoint (ADCC_ELEMENTS), and in forward mode (f_jvp) the
// tangents' elements too.
#include <adt.h>
#include <math.h>

ADCC_GRAD(w, a)
ADCC_JVP(w, a)
ADCC_HVP(w, a)
double model(adt_tensor *w, double a, int n)
{
    adt_tensor *h = adt_tanh(w);
    const double *p = adt_f64(h);
    adt_tensor *out = adt_zeros(ADT_F64, 1, (int64_t[]){n});
    double *o = adt_f64(out);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += p[i] * p[i];
        o[i] = sin(p[i] * a) * s;
    }
    adt_tensor *e = adt_exp(out);
    double r = adt_mean_all(e) + s * a;
    adt_free(h);
    adt_free(out);
    adt_free(e);
    return r;
}

#ifndef __ADCC__
#include "gradcheck.h"
#include "tensor_check.h"

double model_grad(adt_tensor *w, adt_tensor *d_w, double a, double *d_a, int n);
double model_jvp(adt_tensor *w, adt_tensor *t_w, double a, double t_a, int n, double *t_ret);
double model_hvp(adt_tensor *w, adt_tensor *v_w, adt_tensor *d_w, adt_tensor *hv_w, double a, double v_a,
                 double *d_a, double *hv_a, int n);

enum { N = 7 };
static const TcShape shapes[1] = {{1, {N}}};

static double eval(const double *p, int np)
{
    adt_tensor *w;
    tc_wrap(shapes, 1, (double *)p, &w);
    double v = model(w, p[np - 1], N);
    adt_free(w);
    return v;
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    adt_tensor *w, *t_w;
    tc_wrap(shapes, 1, (double *)p, &w);
    tc_wrap(shapes, 1, (double *)tp, &t_w);
    double tv;
    double v = model_jvp(w, t_w, p[np - 1], tp[np - 1], N, &tv);
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
    model_grad(w, d_w, p[np - 1], &g[np - 1], N);
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
    double f = model_hvp(w, v_w, d_w, hv_w, p[np - 1], v[np - 1], &g[np - 1], &hv[np - 1], N);
    gc_check_close(f, eval(p, np), GC_PRIMAL_RTOL, 0.0);
    adt_free(w);
    adt_free(v_w);
    adt_free(d_w);
    adt_free(hv_w);
}

int main(void)
{
    GcRng rng = gc_seed(31);
    int np = N + 1;
    double p[N + 1], g[N + 1], tp[N + 1], u[N + 1];
    for (int t = 0; t < 5; t++) {
        gc_fill(&rng, p, np, -1.2, 1.2);
        for (int i = 0; i < np; i++)
            g[i] = 0.0;
        adt_tensor *w, *d_w;
        tc_wrap(shapes, 1, p, &w);
        tc_wrap(shapes, 1, g, &d_w);
        double v = model_grad(w, d_w, p[N], &g[N], N);
        adt_free(w);
        adt_free(d_w);
        gc_check_close(v, eval(p, np), GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("tensor_elements", eval, p, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, np);
        gc_check_jvp("tensor_elements", eval, eval_jvp, p, tp, np, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, u, np);
        gc_check_hvp("tensor_elements", eval_grad, eval_hvp, p, tp, u, np, GC_RTOL, GC_ATOL);
    }
    return gc_report("tensor_elements");
}
#endif
