/* rosenbrock.c: the n-dimensional Rosenbrock function, the first adcc
 * benchmark model.
 *
 *   f(x) = sum_{i=0}^{n-2} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
 *
 * Plain C as a programmer would write it; adcc generates rosenbrock_grad,
 * rosenbrock_jvp and rosenbrock_hvp (see bench/README.md). */
#include <adcc.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double rosenbrock(const double *x, int n)
{
    double f = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
    }
    return f;
}
