// RUN: %gradcheck %s %t
// adcc_stop_gradient with an explicit expected gradient: frozen products and
// a frozen running value inside a loop contribute their values, no derivative.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too,
// also explicitly: the tangent is <grad, t>, and H v is zero (the gradient
// depends only on frozen values).
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
double frozen(double x, double y)
{
    double a = adcc_stop_gradient(x * y);
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += adcc_stop_gradient(s + x) * y;
    return a * x + y + adcc_stop_gradient(sin(x)) + s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double frozen_grad(double x, double *d_x, double y, double *d_y);
double frozen_jvp(double x, double t_x, double y, double t_y, double *t_ret);
double frozen_hvp(double x, double v_x, double *d_x, double *hv_x, double y, double v_y,
                  double *d_y, double *hv_y);

/* f_jvp along t against the expected gradient (gx, gy). */
static void check_jvp(double x, double y, const double *t, double gx, double gy)
{
    double tan;
    double v = frozen_jvp(x, t[0], y, t[1], &tan);
    gc_check_close(v, frozen(x, y), GC_PRIMAL_RTOL, 0.0);
    double size = fabs(gx * t[0]) + fabs(gy * t[1]);
    gc_check_close(tan, gx * t[0] + gy * t[1], 1e-14, 1e-14 * size);
}

/* f_hvp along v: the expected gradient (gx, gy) and H v = 0. */
static void check_hvp(double x, double y, const double *v, double gx, double gy)
{
    double dx = 0.0, dy = 0.0, hx = 0.0, hy = 0.0;
    double r = frozen_hvp(x, v[0], &dx, &hx, y, v[1], &dy, &hy);
    gc_check_close(r, frozen(x, y), GC_PRIMAL_RTOL, 0.0);
    gc_check_close(dx, gx, 1e-14, 1e-15);
    gc_check_close(dy, gy, 1e-14, 1e-15);
    gc_check_close(hx, 0.0, 0.0, 0.0);
    gc_check_close(hy, 0.0, 0.0, 0.0);
}

int main(void)
{
    GcRng rng = gc_seed(46);
    for (int t = 0; t < 8; t++) {
        double x = gc_uniform(&rng, -2.0, 2.0), y = gc_uniform(&rng, -2.0, 2.0);
        double gx = 0.0, gy = 0.0;
        double v = frozen_grad(x, &gx, y, &gy);
        gc_check_close(v, frozen(x, y), GC_PRIMAL_RTOL, 0.0);
        /* d/dx: only a * x, with a = x*y frozen; d/dy: 1 + the frozen factors. */
        double s = 0.0, sum_f = 0.0;
        for (int i = 0; i < 3; i++) {
            double f = s + x;
            sum_f += f;
            s += f * y;
        }
        gc_check_close(gx, x * y, 1e-14, 1e-15);
        gc_check_close(gy, 1.0 + sum_f, 1e-14, 1e-15);
        double tp[2];
        gc_fill_dir(&rng, tp, 2);
        check_jvp(x, y, tp, x * y, 1.0 + sum_f);
        check_hvp(x, y, tp, x * y, 1.0 + sum_f);
    }
    return gc_report("stop_gradient_explicit");
}
#endif
