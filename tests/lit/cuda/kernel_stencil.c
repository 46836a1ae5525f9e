// ADCC_KERNEL on a 3-point stencil: adcc --cuda writes the kernel and its
// per-element adjoint as __device__ functions, a __global__ kernel over
// elements 0..count-1 for each and an extern "C" launcher. The adjoint adds
// into what neighbouring threads also reach (d_u[i - 1], d_u[i + 1], the
// scalar d_dt) with atomicAdd; out is used only as out[i], so d_out needs
// none.
// RUN: %adcc --cuda %s -o %t.cu
// RUN: %FileCheck %s --input-file %t.cu
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --check-prefix=CPU --input-file %t.c
#include <adcc.h>
#include <math.h>

ADCC_KERNEL
void diffuse(int i, int n, const double *u, double *out, double dt)
{
    double left = i > 0 ? u[i - 1] : u[i];
    double right = i < n - 1 ? u[i + 1] : u[i];
    out[i] = u[i] + dt * (left - 2.0 * u[i] + right) + dt * sin(u[i]);
}

// CHECK: #include <cuda_runtime.h>
// CHECK: static __device__ void diffuse(int i, int n, const double *u, double *out, double dt)
// CHECK: static __device__ void diffuse_grad(int i, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt)
// The straight-line adds into one cell are summed first: one atomicAdd
// per cell there; the adds under branches stay atomic as they are.
// CHECK:     d_out[i] = 0.0;
// CHECK:     double [[SU:adcc_sum[0-9]+]] = adcc_a1;
// CHECK:     double [[SDT:adcc_sum[0-9]+]] = adcc_a1 * (left - 2.0 * u[i] + right);
// CHECK:     [[SU]] += -adcc_a2 * 2.0;
// CHECK:     atomicAdd(d_dt, [[SDT]]);
// CHECK:     atomicAdd(&d_u[i], [[SU]]);
// CHECK:         atomicAdd(&d_u[i + 1], d_right);
// CHECK:         atomicAdd(&d_u[i - 1], d_left);
// CHECK: __global__ void diffuse_kernel(int adcc_count, int n, const double *u, double *out, double dt)
// CHECK-NEXT: {
// CHECK-NEXT:     int i = (int)(blockIdx.x * blockDim.x + threadIdx.x);
// CHECK-NEXT:     if (i < adcc_count)
// CHECK-NEXT:         diffuse(i, n, u, out, dt);
// CHECK-NEXT: }
// CHECK: extern "C" int diffuse_launch(int adcc_count, int n, const double *u, double *out, double dt)
// CHECK:         diffuse_kernel<<<(adcc_count + 255) / 256, 256>>>(adcc_count, n, u, out, dt);
// CHECK:     return (int)cudaGetLastError();
// CHECK: __global__ void diffuse_grad_kernel(int adcc_count, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt)
// CHECK: extern "C" int diffuse_grad_launch(int adcc_count, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt)

// Without --cuda, the adjoint is plain C for the CPU, with += throughout.
// CPU: void diffuse_grad(int i, int n, const double *u, double *d_u, double *out, double *d_out, double dt, double *d_dt)
// CPU-NOT: atomicAdd
// CPU: d_u[i + 1] += d_right;
