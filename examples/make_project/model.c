/* model.c: the model, an ordinary C function that adcc differentiates at
 * build time (ADCC_GRAD: rosen_grad in model_grad.c). ROSEN_A comes from
 * the build's -D flags, which reach adcc as they reach the compiler. */
#include <adcc.h>

#include "model.h"

ADCC_GRAD(x)
double rosen(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i + 1 < n; i++) {
        double t = x[i + 1] - x[i] * x[i];
        double u = 1 - x[i];
        s += ROSEN_A * t * t + u * u;
    }
    return s;
}
