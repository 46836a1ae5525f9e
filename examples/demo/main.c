/* main.c: calls the generated pendulum_grad and checks each component
 * against central finite differences. */
#include <math.h>
#include <stdio.h>

#include "model_grad.h"

double pendulum(double theta0, double omega0, double damping, int steps);

int main(void)
{
    double p[3] = {0.8, 0.1, 0.3};
    const char *name[3] = {"theta0", "omega0", "damping"};
    double g[3] = {0, 0, 0};
    double e = pendulum_grad(p[0], &g[0], p[1], &g[1], p[2], &g[2], 500);
    printf("pendulum energy after 500 steps: %.12f\n\n", e);
    printf("%-9s %22s %22s %10s\n", "param", "adcc gradient", "finite difference", "rel err");
    int bad = 0;
    for (int i = 0; i < 3; i++) {
        double h = 1e-6, q[3] = {p[0], p[1], p[2]};
        q[i] = p[i] + h;
        double fp = pendulum(q[0], q[1], q[2], 500);
        q[i] = p[i] - h;
        double fm = pendulum(q[0], q[1], q[2], 500);
        double fd = (fp - fm) / (2 * h);
        double rel = fabs(g[i] - fd) / fmax(fabs(fd), 1e-12);
        bad += rel > 1e-6;
        printf("%-9s %22.15g %22.15g %10.2e\n", name[i], g[i], fd, rel);
    }
    printf("\n%s\n", bad ? "gradient check FAILED" : "gradient check passed");
    return bad != 0;
}
