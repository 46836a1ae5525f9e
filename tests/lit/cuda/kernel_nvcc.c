// adcc --cuda's output compiles with nvcc (where the toolkit is installed),
// and its launchers have C linkage.
// REQUIRES: nvcc
// RUN: %adcc --cuda %S/kernel_stencil.c -o %t.cu
// RUN: %nvcc -c %t.cu -o %t.o
// RUN: nm %t.o | %FileCheck %s
// CHECK-DAG: T diffuse_launch
// CHECK-DAG: T diffuse_grad_launch
