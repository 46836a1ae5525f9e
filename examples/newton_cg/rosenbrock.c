/* rosenbrock.c: two Rosenbrock functions of n variables in plain C, the
 * only file adcc reads. At build time adcc writes, for each, its gradient
 * (reverse mode), its directional derivative (forward mode) and its
 * Hessian-vector product (forward mode over the gradient) into
 * rosenbrock_grad.c, e.g.
 *
 *   double extended_rosenbrock_grad(const double *x, double *d_x, int n);
 *   double extended_rosenbrock_jvp(const double *x, const double *t_x, int n, double *t_ret);
 *   double extended_rosenbrock_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
 */
#include <adcc.h>

/* The extended Rosenbrock function (More, Garbow and Hillstrom, no. 21):
 * n/2 independent pairs, f = sum_i 100 (x[2i+1] - x[2i]^2)^2 + (1 - x[2i])^2;
 * minimum 0 at x = (1, ..., 1). */
ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double extended_rosenbrock(const double *x, int n)
{
    double f = 0.0;
    for (int i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}

/* The chained Rosenbrock function: every neighbour pair coupled,
 * f = sum_{i<n-1} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double chained_rosenbrock(const double *x, int n)
{
    double f = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}
