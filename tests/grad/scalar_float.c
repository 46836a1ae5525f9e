// RUN: %gradcheck %s %t
// Float scalars: a float model with float arithmetic and float math
// functions, and a double intermediate rounded back to float. Forward mode
// (f_jvp) is checked too; of f_hvp only the primal and the gradient it
// returns (finite differences of a float gradient are too noisy to judge H v).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
float fmodel(float x, float y)
{
    float a = x * y + 0.5f * x * x;
    float b = sinf(a) + expf(-y * y) * sqrtf(1.0f + x * x);
    float c = logf(2.0f + b * b);
    double wide = (double)c * 0.75 + (double)x;
    float d = (float)wide;
    d -= 0.25f * y;
    return d / (1.0f + a * a) + 3.0f * x - y;
}

#ifndef __ADCC__
#include "gradcheck.h"

float fmodel_grad(float x, float *d_x, float y, float *d_y);
float fmodel_jvp(float x, float t_x, float y, float t_y, float *t_ret);
float fmodel_hvp(float x, float v_x, float *d_x, float *hv_x, float y, float v_y, float *d_y,
                 float *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return fmodel((float)p[0], (float)p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    float t;
    float v = fmodel_jvp((float)p[0], (float)tp[0], (float)p[1], (float)tp[1], &t);
    gc_check_close(v, fmodel((float)p[0], (float)p[1]), GC_PRIMAL_RTOL_F, 0.0);
    return t;
}

/* f_hvp's primal and gradient against f_grad's (H v itself is not judged). */
static void check_hvp_grad(const double *p, const double *v, const double *g, float want)
{
    float gx = 0.0f, gy = 0.0f, hx = 0.0f, hy = 0.0f;
    float r = fmodel_hvp((float)p[0], (float)v[0], &gx, &hx, (float)p[1], (float)v[1], &gy, &hy);
    gc_check_close(r, want, GC_PRIMAL_RTOL_F, 0.0);
    gc_check_close(gx, g[0], GC_PRIMAL_RTOL_F, 0.0);
    gc_check_close(gy, g[1], GC_PRIMAL_RTOL_F, 0.0);
}

int main(void)
{
    GcRng rng = gc_seed(3);
    for (int t = 0; t < 8; t++) {
        double p[2];
        gc_fill_f(&rng, p, 2, -1.5, 1.5);
        float gx = 0.0f, gy = 0.0f;
        float v = fmodel_grad((float)p[0], &gx, (float)p[1], &gy);
        float want = fmodel((float)p[0], (float)p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL_F, 0.0);
        double g[2] = {gx, gy};
        gc_check_grad_f("fmodel", eval, p, 2, g, GC_RTOL_F, GC_ATOL_F * gc_scale(want));
        double tp[2];
        gc_fill_dir_f(&rng, tp, 2);
        gc_check_jvp_f("fmodel", eval, eval_jvp, p, tp, 2, g, GC_RTOL_F,
                       GC_ATOL_F * gc_scale(want));
        /* No gc_check_hvp: finite differences of a float gradient are too
         * noisy to judge H v. */
        check_hvp_grad(p, tp, g, want);
    }
    return gc_report("scalar_float");
}
#endif
