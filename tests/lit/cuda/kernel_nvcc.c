// adcc --cuda's output compiles with nvcc (where the toolkit is installed),
// and its launchers have C linkage.
// REQUIRES: nvcc
// RUN: %adcc --cuda %S/kernel_stencil.c -o %t.cu
// RUN: %nvcc -c %t.cu -o %t.o
// RUN: nm %t.o | %FileCheck %s
// RUN: %adcc --cuda %S/../../grad/kernel_cpu.c -o %t2.cu
// RUN: %FileCheck %s --check-prefix=HELPER --input-file %t2.cu
// RUN: %nvcc -c %t2.cu -o %t2.o
// RUN: nm %t2.o | %FileCheck %s --check-prefix=SYMS
// CHECK-DAG: T diffuse_launch
// CHECK-DAG: T diffuse_grad_launch
// The helper and its sweeps become __device__ copies; w is shared (atomics),
// x and y are used at the thread's index only.
// HELPER: static __device__ double leaky(double z);
// HELPER: static __device__ void leaky_rev(double z, double *d_z, double d_ret);
// HELPER: static __device__ void layer_grad({{.*}})
// HELPER-NEXT: {
// HELPER: atomicAdd(&d_w[0],
// HELPER-NEXT: d_x[i] += adcc_a1 * w[0];
// SYMS-DAG: T layer_grad_launch
// SYMS-DAG: T blend_grad_launch
