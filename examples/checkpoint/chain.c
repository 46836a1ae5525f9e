/* chain.c: the model adcc reads. A chain of coupled, damped pendula,
 *   x_i'' = -k_i sin(x_i) + c (x_{i-1} - 2 x_i + x_{i+1}) - gamma x_i'
 * (fixed ends: x_{-1} = x_n = 0), integrated by classical RK4, and a loss of
 * the final state. Two annotated versions share the step helper: one with
 * binomial checkpointing of its time loop, one taping every step. */
#include <adcc.h>
#include <math.h>

/* the largest chain the step's scratch arrays hold */
#define CHAIN_MAX 32

/* The accelerations of the chain in state (x, v) into a. */
static void accel(const double *x, const double *v, const double *k, double c, double gamma, int n,
                  double *a)
{
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? x[i - 1] : 0.0;
        double right = i < n - 1 ? x[i + 1] : 0.0;
        a[i] = -k[i] * sin(x[i]) + c * (left - 2.0 * x[i] + right) - gamma * v[i];
    }
}

/* One classical Runge-Kutta step of length dt, updating x and v in place
 * (n <= CHAIN_MAX). */
static void rk4_step(double *x, double *v, const double *k, double c, double gamma, int n, double dt)
{
    /* zeroed: gcc cannot see that the loops fill xs, vs before accel reads them */
    double xs[CHAIN_MAX] = {0}, vs[CHAIN_MAX] = {0}, a[CHAIN_MAX];
    double dx[CHAIN_MAX], dv[CHAIN_MAX];
    accel(x, v, k, c, gamma, n, a); /* stage 1 */
    for (int i = 0; i < n; i++) {
        dx[i] = v[i];
        dv[i] = a[i];
        xs[i] = x[i] + 0.5 * dt * v[i];
        vs[i] = v[i] + 0.5 * dt * a[i];
    }
    accel(xs, vs, k, c, gamma, n, a); /* stage 2 */
    for (int i = 0; i < n; i++) {
        dx[i] += 2.0 * vs[i];
        dv[i] += 2.0 * a[i];
        xs[i] = x[i] + 0.5 * dt * vs[i];
        vs[i] = v[i] + 0.5 * dt * a[i];
    }
    accel(xs, vs, k, c, gamma, n, a); /* stage 3 */
    for (int i = 0; i < n; i++) {
        dx[i] += 2.0 * vs[i];
        dv[i] += 2.0 * a[i];
        xs[i] = x[i] + dt * vs[i];
        vs[i] = v[i] + dt * a[i];
    }
    accel(xs, vs, k, c, gamma, n, a); /* stage 4 */
    for (int i = 0; i < n; i++) {
        x[i] += dt / 6.0 * (dx[i] + vs[i]);
        v[i] += dt / 6.0 * (dv[i] + a[i]);
    }
}

/* sum_i w_i x_i^2 + v_i^2 / 2 */
static double final_loss(const double *x, const double *v, const double *w, int n)
{
    double loss = 0.0;
    for (int i = 0; i < n; i++)
        loss += w[i] * x[i] * x[i] + 0.5 * v[i] * v[i];
    return loss;
}

/* Runs `steps` RK4 steps from (x, v), leaving the final state in x and v,
 * and returns its loss. The gradient's time loop keeps `snapshots` copies
 * of the state (x and v, n doubles each) instead of a tape of every step. */
ADCC_GRAD(x, v, k, c)
double simulate_ckpt(double *x, double *v, const double *k, double c, double gamma, const double *w, int n,
                     int steps, double dt, int snapshots)
{
    (void)snapshots; /* read only by the marker, which a plain compiler drops */
    ADCC_CHECKPOINT_LOOP(snapshots, x:n, v:n)
    for (int t = 0; t < steps; t++)
        rk4_step(x, v, k, c, gamma, n, dt);
    return final_loss(x, v, w, n);
}

/* The same simulation, its gradient taping every step. */
ADCC_GRAD(x, v, k, c)
double simulate_taped(double *x, double *v, const double *k, double c, double gamma, const double *w, int n,
                      int steps, double dt)
{
    for (int t = 0; t < steps; t++)
        rk4_step(x, v, k, c, gamma, n, dt);
    return final_loss(x, v, w, n);
}
