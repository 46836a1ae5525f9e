// RUN: %gradcheck %s %t
// Scalar outputs through pointer parameters (*px, *py), one re-read after
// it was written; seeds come in through d_px and d_py. Forward mode (f_jvp)
// and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(r, th, px, py)
ADCC_JVP(r, th, px, py)
ADCC_HVP(r, th, px, py)
void polar(double r, double th, double *px, double *py)
{
    *px = r * cos(th);
    *py = r * sin(th);
    *px += 0.1 * *py * *py;
}

#ifndef __ADCC__
#include "gradcheck.h"

void polar_grad(double r, double *d_r, double th, double *d_th, double *px, double *d_px,
                double *py, double *d_py);
void polar_jvp(double r, double t_r, double th, double t_th, double *px, double *t_px, double *py,
               double *t_py);
void polar_hvp(double r, double v_r, double *d_r, double *hv_r, double th, double v_th,
               double *d_th, double *hv_th, double *px, double *v_px, double *d_px, double *hv_px,
               double *py, double *v_py, double *d_py, double *hv_py);

static double w[2];

/* p = r, th, initial *px, initial *py. */
static double eval(const double *p, int np)
{
    (void)np;
    double x = p[2], y = p[3];
    polar(p[0], p[1], &x, &y);
    return w[0] * x + w[1] * y;
}

/* tp = t_r, t_th, then the directions of *px, *py on entry. */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double x = p[2], y = p[3], x_ref = p[2], y_ref = p[3], tx = tp[2], ty = tp[3];
    polar_jvp(p[0], tp[0], p[1], tp[1], &x, &tx, &y, &ty);
    polar(p[0], p[1], &x_ref, &y_ref);
    gc_check_close(x, x_ref, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(y, y_ref, GC_PRIMAL_RTOL, 0.0);
    return w[0] * tx + w[1] * ty;
}

static void eval_grad(const double *p, int np, double *g)
{
    (void)np;
    double x = p[2], y = p[3];
    g[0] = g[1] = 0.0;
    g[2] = w[0];
    g[3] = w[1];
    polar_grad(p[0], &g[0], p[1], &g[1], &x, &g[2], &y, &g[3]);
}

/* The seeds w in d_px, d_py are inputs of f_grad with tangent 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double x = p[2], y = p[3], vx = v[2], vy = v[3];
    memset(hv, 0, sizeof(double) * (size_t)np);
    g[0] = g[1] = 0.0;
    g[2] = w[0];
    g[3] = w[1];
    polar_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1], &x, &vx, &g[2], &hv[2], &y,
              &vy, &g[3], &hv[3]);
}

int main(void)
{
    GcRng rng = gc_seed(13);
    for (int t = 0; t < 8; t++) {
        double p[4], g[4] = {0.0};
        gc_fill(&rng, p, 4, -2.0, 2.0);
        gc_fill(&rng, w, 2, -1.0, 1.0);
        double x = p[2], y = p[3], x_ref = p[2], y_ref = p[3];
        g[2] = w[0];
        g[3] = w[1];
        polar_grad(p[0], &g[0], p[1], &g[1], &x, &g[2], &y, &g[3]);
        polar(p[0], p[1], &x_ref, &y_ref);
        gc_check_close(x, x_ref, GC_PRIMAL_RTOL, 0.0);
        gc_check_close(y, y_ref, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("polar", eval, p, 4, g, GC_RTOL, GC_ATOL);
        double tp[4], u[4];
        gc_fill_dir(&rng, tp, 4);
        gc_fill_dir(&rng, u, 4);
        gc_check_jvp("polar", eval, eval_jvp, p, tp, 4, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("polar", eval_grad, eval_hvp, p, tp, u, 4, GC_RTOL, GC_ATOL);
    }
    return gc_report("scalar_outputs");
}
#endif
