/* main.c: calls rosen_grad, which adcc generated from model.c, prints the
 * value and the gradient, and checks the gradient against central finite
 * differences of rosen. */
#include <math.h>
#include <stdio.h>

#include "model.h"
#include "model_grad.h"

#define N 4

int main(void)
{
    double x[N] = {-1.2, 1.0, -1.2, 1.0};
    double g[N] = {0};   /* rosen_grad adds the gradient into g */
    double f = rosen_grad(x, g, N);
    printf("rosen(x) = %.6f\n", f);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double h = 1e-6, xi = x[i];
        x[i] = xi + h;
        double fp = rosen(x, N);
        x[i] = xi - h;
        double fm = rosen(x, N);
        x[i] = xi;
        double fd = (fp - fm) / (2 * h);
        bad += fabs(g[i] - fd) > 1e-5 * fmax(1, fabs(fd));
        printf("d rosen / d x[%d] = %12.6f   (finite difference %12.6f)\n", i, g[i], fd);
    }
    printf("gradient check %s\n", bad ? "FAILED" : "passed");
    return bad != 0;
}
