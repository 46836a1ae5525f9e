// RUN: %gradcheck %s %t
// Float scalars: a float model with float arithmetic and float math
// functions, and a double intermediate rounded back to float.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
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

static double eval(const double *p, int np)
{
    (void)np;
    return fmodel((float)p[0], (float)p[1]);
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
    }
    return gc_report("scalar_float");
}
#endif
