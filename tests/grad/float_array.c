// RUN: %gradcheck %s %t
// Float arrays: a float model reading const float *x, writing float *y and
// returning a float; float shadows d_x and d_y. Forward mode (float
// tangents) is checked too; f_hvp is generated and its gradient compared
// with f_grad's, but H v is not judged: finite differences of a float
// gradient are too noisy for that.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
float fsoftplus(const float *x, float *y, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        y[i] = log1pf(expf(x[i]));
        s += x[i] * y[i];
    }
    return s / (float)n;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

float fsoftplus_grad(const float *x, float *d_x, float *y, float *d_y, int n);
float fsoftplus_jvp(const float *x, const float *t_x, float *y, float *t_y, int n, float *t_ret);
float fsoftplus_hvp(const float *x, const float *v_x, float *d_x, float *hv_x, float *y, float *v_y,
                    float *d_y, float *hv_y, int n);

static float w[N];

/* p = x, then the initial contents of y (all on the float grid). */
static double eval(const double *p, int np)
{
    (void)np;
    float x[N], y[N];
    gc_d2f(x, p, N);
    gc_d2f(y, p + N, N);
    double s = fsoftplus(x, y, N);
    for (int i = 0; i < N; i++)
        s += (double)w[i] * y[i];
    return s;
}

/* tp covers p: t_x, then the tangent of y's initial contents. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    float x[N], y[N], y_ref[N], t_x[N], t_y[N], t;
    gc_d2f(x, p, N);
    gc_d2f(y, p + N, N);
    gc_d2f(y_ref, p + N, N);
    gc_d2f(t_x, tp, N);
    gc_d2f(t_y, tp + N, N);
    float v = fsoftplus_jvp(x, t_x, y, t_y, N, &t);
    gc_check_close(v, fsoftplus(x, y_ref, N), GC_PRIMAL_RTOL_F, 0.0);
    for (int i = 0; i < N; i++)
        gc_check_close(y[i], y_ref[i], GC_PRIMAL_RTOL_F, 0.0);
    double s = t;
    for (int i = 0; i < N; i++)
        s += (double)w[i] * t_y[i];
    return s;
}

/* f_hvp's gradient (its d_ outputs) must equal f_grad's gf; H v itself is
 * not checked (float). */
static void check_hvp_grad(const double *p, const double *v, const float *gf)
{
    float x[N], y[N], v_x[N], v_y[N], g[2 * N] = {0.0f}, hv[2 * N] = {0.0f};
    gc_d2f(x, p, N);
    gc_d2f(y, p + N, N);
    gc_d2f(v_x, v, N);
    gc_d2f(v_y, v + N, N);
    memcpy(g + N, w, sizeof w);
    fsoftplus_hvp(x, v_x, g, hv, y, v_y, g + N, hv + N, N);
    for (int i = 0; i < 2 * N; i++)
        gc_check_close(g[i], gf[i], GC_PRIMAL_RTOL_F, 0.0);
}

int main(void)
{
    GcRng rng = gc_seed(21);
    for (int t = 0; t < 6; t++) {
        double p[2 * N], wd[N], g[2 * N];
        float x[N], y[N], y_ref[N], gf[2 * N] = {0.0f};
        gc_fill_f(&rng, p, 2 * N, -2.0, 2.0);
        gc_fill_f(&rng, wd, N, -1.0, 1.0);
        gc_d2f(w, wd, N);
        gc_d2f(x, p, N);
        gc_d2f(y, p + N, N);
        gc_d2f(y_ref, p + N, N);
        memcpy(gf + N, w, sizeof w);
        float v = fsoftplus_grad(x, gf, y, gf + N, N);
        float want = fsoftplus(x, y_ref, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL_F, 0.0);
        for (int i = 0; i < N; i++)
            gc_check_close(y[i], y_ref[i], GC_PRIMAL_RTOL_F, 0.0);
        gc_f2d(g, gf, 2 * N);
        gc_check_grad_f("fsoftplus", eval, p, 2 * N, g, GC_RTOL_F, GC_ATOL_F);
        double tp[2 * N];
        gc_fill_dir_f(&rng, tp, 2 * N);
        gc_check_jvp_f("fsoftplus", eval, eval_jvp, p, tp, 2 * N, g, GC_RTOL_F, GC_ATOL_F);
        check_hvp_grad(p, tp, gf);
    }
    return gc_report("float_array");
}
#endif
