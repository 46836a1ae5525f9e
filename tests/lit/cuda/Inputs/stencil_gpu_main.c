/* Runs the stencil kernel's adjoint on the GPU (diffuse_grad_launch, from
 * adcc --cuda) and on the CPU (diffuse_grad for each element, from adcc
 * without --cuda) on the same seeded data and compares the gradients
 * (relative 1e-10: the GPU adds in another order). Exit 0 when they agree. */
#include <cuda_runtime_api.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void diffuse(int i, int n, const double *u, double *out, double dt);
void diffuse_grad(int i, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt);
int diffuse_launch(int count, int n, const double *u, double *out, double dt);
int diffuse_grad_launch(int count, int n, const double *u, double *d_u, double *out, double *d_out, double dt,
                        double *d_dt);

#define N 100000

static double *device_copy(const double *h, int n)
{
    double *d = NULL;
    if (cudaMalloc((void **)&d, sizeof(double) * (size_t)n) != cudaSuccess ||
        cudaMemcpy(d, h, sizeof(double) * (size_t)n, cudaMemcpyHostToDevice) != cudaSuccess) {
        fprintf(stderr, "stencil_gpu: cannot copy to the device\n");
        exit(2);
    }
    return d;
}

int main(void)
{
    static double u[N], w[N], out[N], d_out[N], g_cpu[N], g_gpu[N], out_gpu[N], out_cpu[N], zero[N];
    unsigned long long s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        u[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        w[i] = sin(0.001 * i);
        d_out[i] = w[i];
        g_cpu[i] = 0.0;
    }
    double dt = 0.1, d_dt_cpu = 0.0, d_dt_gpu = 0.0;
    for (int i = 0; i < N; i++)
        diffuse_grad(i, N, u, g_cpu, out, d_out, dt, &d_dt_cpu);

    double *du = device_copy(u, N), *dw = device_copy(w, N), *dg = device_copy(zero, N);
    double *dout = device_copy(zero, N), *ddt = device_copy(&d_dt_gpu, 1);
    if (diffuse_launch(N, N, du, dout, dt) || diffuse_grad_launch(N, N, du, dg, dout, dw, dt, ddt) ||
        cudaDeviceSynchronize() != cudaSuccess) {
        fprintf(stderr, "stencil_gpu: a kernel failed\n");
        return 2;
    }
    cudaMemcpy(g_gpu, dg, sizeof g_gpu, cudaMemcpyDeviceToHost);
    cudaMemcpy(out_gpu, dout, sizeof out_gpu, cudaMemcpyDeviceToHost);
    cudaMemcpy(&d_dt_gpu, ddt, sizeof d_dt_gpu, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < N; i++)
        diffuse(i, N, u, out_cpu, dt);
    for (int i = 0; i < N; i++) {
        double o = out_cpu[i];
        if (fabs(out_gpu[i] - o) > 1e-12 * (1.0 + fabs(o)) ||
            fabs(g_gpu[i] - g_cpu[i]) > 1e-10 * (1.0 + fabs(g_cpu[i])))
            bad++;
    }
    if (fabs(d_dt_gpu - d_dt_cpu) > 1e-10 * (1.0 + fabs(d_dt_cpu)))
        bad++;
    printf("stencil_gpu: %d of %d elements differ; d_dt %.17g (GPU) %.17g (CPU)\n", bad, N, d_dt_gpu, d_dt_cpu);
    return bad != 0;
}
