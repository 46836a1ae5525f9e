/* model.c: the demo model: a damped pendulum integrated with a data-
 * dependent number of steps, whose final energy depends on the damping and
 * the initial state. adcc writes its gradient. */
#include <adcc.h>
#include <math.h>

static double energy(double theta, double omega)
{
    return 0.5 * omega * omega + (1.0 - cos(theta));
}

ADCC_GRAD(theta0, omega0, damping)
double pendulum(double theta0, double omega0, double damping, int steps)
{
    double theta = theta0, omega = omega0;
    double dt = 0.01;
    for (int i = 0; i < steps; i++) {
        double accel = -sin(theta) - damping * omega;
        omega += dt * accel;
        theta += dt * omega;
        if (energy(theta, omega) < 1e-3)
            break;
    }
    return energy(theta, omega);
}
