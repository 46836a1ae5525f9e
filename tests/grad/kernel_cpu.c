// RUN: %gradcheck %s %t
// ADCC_KERNEL's per-element adjoint, as plain C (adcc without --cuda): a
// 3-point stencil with a boundary rule and a shared scalar dt, and a
// kernel reading two neighbours of another array. Running k_grad(i, ...)
// for every element, with the adjoints of the outputs seeded by w, gives
// the gradient of sum_i w_i out_i with respect to every input and dt,
// checked here against finite differences (the GPU kernels run the same
// function per thread, adding with atomicAdd where threads share cells).
#include <adcc.h>
#include <math.h>

ADCC_KERNEL
void diffuse(int i, int n, const double *u, double *out, double dt)
{
    double left = i > 0 ? u[i - 1] : u[i];
    double right = i < n - 1 ? u[i + 1] : u[i];
    out[i] = u[i] + dt * (left - 2.0 * u[i] + right) + dt * sin(u[i]);
}

ADCC_KERNEL
void blend(int i, const double *a, const double *b, double *y, float c)
{
    y[i] = a[i] * tanh(b[i] + b[i + 1]) + (double)c * a[i + 1] * a[i + 1];
}

static double leaky(double z)
{
    return z > 0.0 ? z : 0.1 * z;
}

/* a kernel calling a helper of the file (a __device__ copy under --cuda) */
ADCC_KERNEL
void layer(int i, const double *x, const double *w, double *y)
{
    y[i] = leaky(w[0] * x[i] + w[1]) * x[i];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 6

void diffuse_grad(int i, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt);
void layer_grad(int i, const double *x, double *d_x, const double *w, double *d_w, double *y, double *d_y);
void blend_grad(int i, const double *a, double *d_a, const double *b, double *d_b, double *y, double *d_y, float c,
                float *d_c);

static const double w[N] = {0.3, -1.1, 0.7, 0.25, -0.6, 1.4};

/* p = u[0..N), dt */
static double eval_diffuse(const double *p, int np)
{
    (void)np;
    double out[N], s = 0.0;
    for (int i = 0; i < N; i++)
        diffuse(i, N, p, out, p[N]);
    for (int i = 0; i < N; i++)
        s += w[i] * out[i];
    return s;
}

/* p = a[0..N), b[0..N); y has N - 1 elements */
static double eval_blend(const double *p, int np)
{
    (void)np;
    double y[N - 1], s = 0.0;
    for (int i = 0; i < N - 1; i++)
        blend(i, p, p + N, y, 0.75f);
    for (int i = 0; i < N - 1; i++)
        s += w[i] * y[i];
    return s;
}

/* p = x[0..N), w[0..2) */
static double eval_layer(const double *p, int np)
{
    (void)np;
    double y[N], s = 0.0;
    for (int i = 0; i < N; i++)
        layer(i, p, p + N, y);
    for (int i = 0; i < N; i++)
        s += w[i] * y[i];
    return s;
}

int main(void)
{
    GcRng rng = gc_seed(70);
    for (int t = 0; t < 3; t++) {
        double p[N + 1], g[N + 1] = {0.0}, out[N], d_out[N];
        gc_fill(&rng, p, N + 1, -1.0, 1.0);
        for (int i = 0; i < N; i++)
            d_out[i] = w[i];
        for (int i = 0; i < N; i++)
            diffuse_grad(i, N, p, g, out, d_out, p[N], &g[N]);
        gc_check_grad("diffuse", eval_diffuse, p, N + 1, g, GC_RTOL, GC_ATOL);

        double q[2 * N], h[2 * N] = {0.0}, y[N - 1], d_y[N - 1];
        float d_c = 0.0f;
        gc_fill(&rng, q, 2 * N, -1.0, 1.0);
        for (int i = 0; i < N - 1; i++)
            d_y[i] = w[i];
        for (int i = 0; i < N - 1; i++)
            blend_grad(i, q, h, q + N, h + N, y, d_y, 0.75f, &d_c);
        gc_check_grad("blend", eval_blend, q, 2 * N, h, GC_RTOL, GC_ATOL);
        double sum_c = 0.0;   /* d/dc of sum w_i c a[i+1]^2 */
        for (int i = 0; i < N - 1; i++)
            sum_c += w[i] * q[i + 1] * q[i + 1];
        gc_check_close((double)d_c, sum_c, 1e-5, 1e-6);

        double r[N + 2], k[N + 2] = {0.0}, yl[N], d_yl[N];
        gc_fill(&rng, r, N + 2, -1.0, 1.0);
        for (int i = 0; i < N; i++)
            d_yl[i] = w[i];
        for (int i = 0; i < N; i++)
            layer_grad(i, r, k, r + N, k + N, yl, d_yl);
        gc_check_grad("layer", eval_layer, r, N + 2, k, GC_RTOL, GC_ATOL);
    }
    return gc_report("kernel_cpu");
}
#endif
