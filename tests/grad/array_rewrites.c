// RUN: %gradcheck %s %t
// Memory the forward sweep writes more than once, and loops whose exit value
// the reverse sweep computes from the bounds: a helper that writes its output
// in full and then updates part of it (the update saves nothing), called in a
// loop whose reverse reads the previous call's output; an in-place update
// that must save; scratch arrays written first in loops; strided, inclusive
// and downward counted loops. Forward mode and Hessian-vector products of the
// same model are checked too.
#include <adcc.h>
#include <math.h>
#include <stdlib.h>

static void lower_times(int d, const double *diag, const double *l, const double *v, double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = diag[i] * v[i];
    int li = 0;
    for (int j = 0; j < d; j++)
        for (int i = j + 1; i < d; i++) {
            out[i] += l[li] * v[j];
            li++;
        }
}

static void square_scale(int d, const double *v, double *out)
{
    for (int i = 0; i < d; i++)
        out[i] = v[i] * v[i];
    for (int i = 0; i < d; i++)
        out[i] *= v[i];
    for (int i = 0; i + 1 < d; i++)
        out[i + 1] += sin(v[i]);
}

ADCC_GRAD(diag, l, v)
ADCC_JVP(diag, l, v)
ADCC_HVP(diag, l, v)
double rewrites(int d, int reps, const double *diag, const double *l, const double *v)
{
    double z[8], w[8];
    double *t = malloc(sizeof(double) * (size_t)d);
    double s = 0.0;
    for (int r = 0; r < reps; r++) {
        lower_times(d, diag, l, v, z);
        square_scale(d, z, w);
        for (int i = 0; i < d; i++)
            t[i] = cos(w[i]) * z[i];
        for (int i = d - 1; i >= 0; i--)
            s += t[i] * z[i];
        for (int i = r; i <= d - 1; i += 2)
            s += w[i] * v[i];
        for (int i = d - 1; i > r; i -= 3)
            s += tanh(z[i] * w[i - 1]);
    }
    free(t);
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define D 5
#define NL (D * (D - 1) / 2)
#define NP (D + NL + D)

double rewrites_grad(int d, int reps, const double *diag, double *d_diag, const double *l, double *d_l,
                     const double *v, double *d_v);
double rewrites_jvp(int d, int reps, const double *diag, const double *t_diag, const double *l,
                    const double *t_l, const double *v, const double *t_v, double *t_ret);
double rewrites_hvp(int d, int reps, const double *diag, const double *v_diag, double *d_diag,
                    double *hv_diag, const double *l, const double *v_l, double *d_l, double *hv_l,
                    const double *v, const double *v_v, double *d_v, double *hv_v);

/* p = diag[0..D), l[0..NL), v[0..D). */
static double eval(const double *p, int np)
{
    (void)np;
    return rewrites(D, 3, p, p + D, p + D + NL);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = rewrites_jvp(D, 3, p, tp, p + D, tp + D, p + D + NL, tp + D + NL, &t);
    gc_check_close(v, rewrites(D, 3, p, p + D, p + D + NL), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    rewrites_grad(D, 3, p, g, p + D, g + D, p + D + NL, g + D + NL);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    rewrites_hvp(D, 3, p, v, g, hv, p + D, v + D, g + D, hv + D, p + D + NL, v + D + NL, g + D + NL,
                 hv + D + NL);
}

int main(void)
{
    GcRng rng = gc_seed(91);
    for (int t = 0; t < 4; t++) {
        double p[NP], g[NP] = {0.0};
        gc_fill(&rng, p, NP, -0.9, 0.9);
        rewrites_grad(D, 3, p, g, p + D, g + D, p + D + NL, g + D + NL);
        gc_check_grad("rewrites", eval, p, NP, g, GC_RTOL, GC_ATOL);
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("rewrites", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("rewrites", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL);
    }
    return gc_report("array_rewrites");
}
#endif
