// RUN: %gradcheck %s %t
// Float math.h forms: sinf cosf tanf asinf acosf atanf atan2f expf logf
// log1pf expm1f sqrtf cbrtf powf tanhf sinhf coshf hypotf erff.
// Forward mode (f_jvp) is checked too; Hessian-vector products are not (see main).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
float fsmooth(float x, float y)
{
    float a = sinf(x) * cosf(y) + tanf(0.5f * x);
    float b = asinf(0.7f * x) + acosf(0.6f * y) + atanf(x * y) + atan2f(y + 2.0f, x - 2.5f);
    float c = expf(0.5f * x) + logf(2.0f + y) + log1pf(x * x) + expm1f(0.4f * y);
    float d = sqrtf(1.5f + x) + cbrtf(x - 2.0f) + powf(1.2f + y, x) + powf(2.0f + x, 2.5f);
    float e = tanhf(x + y) + sinhf(0.5f * y) * coshf(0.3f * x) + hypotf(x + 1.0f, y) + erff(x - y);
    return a * b + c - d / (4.0f + e * e);
}

#ifndef __ADCC__
#include "gradcheck.h"

float fsmooth_grad(float x, float *d_x, float y, float *d_y);
float fsmooth_jvp(float x, float t_x, float y, float t_y, float *t_ret);
float fsmooth_hvp(float x, float v_x, float *d_x, float *hv_x, float y, float v_y, float *d_y,
                  float *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return fsmooth((float)p[0], (float)p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    float t;
    float v = fsmooth_jvp((float)p[0], (float)tp[0], (float)p[1], (float)tp[1], &t);
    gc_check_close(v, fsmooth((float)p[0], (float)p[1]), GC_PRIMAL_RTOL_F, 0.0);
    return t;
}

int main(void)
{
    GcRng rng = gc_seed(8);
    for (int t = 0; t < 10; t++) {
        double p[2];
        gc_fill_f(&rng, p, 2, -0.8, 0.8);
        float gx = 0.0f, gy = 0.0f;
        float v = fsmooth_grad((float)p[0], &gx, (float)p[1], &gy);
        float want = fsmooth((float)p[0], (float)p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL_F, 0.0);
        double g[2] = {gx, gy};
        gc_check_grad_f("fsmooth", eval, p, 2, g, GC_RTOL_F, GC_ATOL_F * gc_scale(want));
        /* fsmooth_hvp is generated and compiled but not checked: finite differences
         * of a float gradient are too noisy to judge H v. */
        double tp[2];
        gc_fill_dir_f(&rng, tp, 2);
        gc_check_jvp_f("fsmooth", eval, eval_jvp, p, tp, 2, g, GC_RTOL_F, GC_ATOL_F * gc_scale(want));
    }
    return gc_report("math_float_smooth");
}
#endif
