// The stencil kernel's adjoint on the GPU against the same adjoint on the
// CPU (relative 1e-10) over 100,000 elements; runs only where a GPU
// answers (elsewhere lit reports it unsupported).
// REQUIRES: cuda-gpu
// RUN: %adcc --cuda %S/kernel_stencil.c -o %t.cu
// RUN: %adcc %S/kernel_stencil.c -o %t_grad.c
// RUN: %nvcc -o %t %t.cu %t_grad.c %S/kernel_stencil.c %S/Inputs/stencil_gpu_main.c -lm
// RUN: %t | %FileCheck %s
// CHECK: stencil_gpu: 0 of 100000 elements differ
