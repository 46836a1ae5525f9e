/* hand_rosenbrock.c: a hand-written reverse-mode adjoint of rosenbrock(),
 * the reference adcc's generated gradient is timed against.
 *
 * One fused pass: term i, 100 a^2 + b^2 with a = x[i+1] - x[i]^2 and
 * b = 1 - x[i], contributes -400 a x[i] - 2 b to d_x[i] and 200 a to
 * d_x[i+1]; the d_x[i+1] part is carried in a register to the next
 * iteration, so each d_x element is read and written once. Same contract
 * as adcc's rosenbrock_grad: returns the primal value and accumulates into
 * d_x (the caller zeroes it). */
#include "bench.h"

double rosenbrock_hand_grad(const double *x, double *d_x, int n)
{
    if (n < 1)
        return 0.0;
    double f = 0.0;
    double carry = 0.0; /* d f / d x[i] from term i-1 */
    for (int i = 0; i < n - 1; i++) {
        double xi = x[i];
        double a = x[i + 1] - xi * xi;
        double b = 1.0 - xi;
        f += 100.0 * a * a + b * b;
        d_x[i] += carry - 400.0 * a * xi - 2.0 * b;
        carry = 200.0 * a;
    }
    d_x[n - 1] += carry;
    return f;
}
