// RUN: %gradcheck %s %t
// Float math.h functions with kinks and jumps: fabsf fminf fmaxf floorf
// ceilf roundf fmodf, at points far from every kink (float steps are large).
// Forward mode (f_jvp) is checked too; Hessian-vector products are not (see main).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
float fkinks(float x, float y)
{
    float a = fabsf(x) * y + fabsf(y - 0.5f * x);
    float b = fminf(x, y) * 2.0f + fmaxf(x * y, 0.25f);
    float c = floorf(x) * y + ceilf(y) * x + roundf(y) * x * x;
    float d = fmodf(x + 3.0f, 1.25f) + fmodf(y, x);
    return a + b * c + d;
}

#ifndef __ADCC__
#include "gradcheck.h"

float fkinks_grad(float x, float *d_x, float y, float *d_y);
float fkinks_jvp(float x, float t_x, float y, float t_y, float *t_ret);
float fkinks_hvp(float x, float v_x, float *d_x, float *hv_x, float y, float v_y, float *d_y,
                 float *hv_y);

static double eval(const double *p, int np)
{
    (void)np;
    return fkinks((float)p[0], (float)p[1]);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    float t;
    float v = fkinks_jvp((float)p[0], (float)tp[0], (float)p[1], (float)tp[1], &t);
    gc_check_close(v, fkinks((float)p[0], (float)p[1]), GC_PRIMAL_RTOL_F, 0.0);
    return t;
}

/* Every kink or jump of fkinks() out of reach of the float stencil. */
static int safe(double x, double y)
{
    return fabs(x) > 1.0 && fabs(y) > 0.3 && fabs(y - 0.5 * x) > 0.25 && fabs(x - y) > 0.3 &&
           fabs(x * y - 0.25) > 0.5 && gc_dist_int(x) > 0.15 && gc_dist_int(y) > 0.15 &&
           gc_dist_int(y + 0.5) > 0.15 && gc_dist_int((x + 3.0) / 1.25) > 0.15 &&
           gc_dist_int(y / x) > 0.3;
}

int main(void)
{
    GcRng rng = gc_seed(9);
    int done = 0;
    while (done < 12) {
        double p[2];
        gc_fill_f(&rng, p, 2, -1.9, 1.9);
        if (!safe(p[0], p[1]))
            continue;
        done++;
        float gx = 0.0f, gy = 0.0f;
        float v = fkinks_grad((float)p[0], &gx, (float)p[1], &gy);
        float want = fkinks((float)p[0], (float)p[1]);
        gc_check_close(v, want, GC_PRIMAL_RTOL_F, 0.0);
        double g[2] = {gx, gy};
        gc_check_grad_f("fkinks", eval, p, 2, g, GC_RTOL_F, GC_ATOL_F * gc_scale(want));
        /* fkinks_hvp is generated and compiled but not checked: finite differences
         * of a float gradient are too noisy to judge H v. */
        double tp[2];
        gc_fill_dir_f(&rng, tp, 2);
        gc_check_jvp_f("fkinks", eval, eval_jvp, p, tp, 2, g, GC_RTOL_F, GC_ATOL_F * gc_scale(want));
    }
    return gc_report("math_float_nonsmooth");
}
#endif
