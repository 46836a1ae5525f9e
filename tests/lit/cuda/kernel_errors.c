// What a kernel's adjoint cannot do on the device, each an error at the
// kernel under adcc --cuda (without --cuda the adjoints are plain C and
// fine): need adcc's tape (itself or in a helper it calls), call a
// function with no body in the file, hand a helper adjoint memory other
// threads reach, or set an adjoint cell other threads also reach. Nothing
// is written.
// RUN: rm -f %t.cu
// RUN: %not %adcc --cuda %s -o %t.cu 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.cu
// RUN: %adcc %s -o %t.c
// RUN: rm -f %t.cu
// RUN: %not %adcc --cuda %S/Inputs/no_kernel.c -o %t.cu 2>&1 | %FileCheck %s --check-prefix=NONE
// RUN: test ! -e %t.cu
#include <adcc.h>
#include <math.h>

static double poly(double x, int m)
{
    double r = 0.0;
    for (int k = 0; k < m; k++)
        r = r * x + 1.0;
    return r;
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:6: error: ADCC_KERNEL 'usehelper': its adjoint needs adcc's tape (a value it overwrites and reads again); a kernel's adjoint runs on the device without one: keep each value in a variable of its own{{$}}
void usehelper(int i, const double *x, double *y)
{
    y[i] = poly(x[i], 3);
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:6: error: ADCC_KERNEL 'running': its adjoint needs adcc's tape (a value it overwrites and reads again); a kernel's adjoint runs on the device without one: keep each value in a variable of its own{{$}}
void running(int i, const double *x, double *y)
{
    double s = 0.0;
    for (int k = 0; k < 3; k++)
        s = sin(s) + x[i + k];
    y[i] = s;
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:6: error: ADCC_KERNEL 'scatter': its adjoint sets the adjoint of 'y' at a cell other threads also reach; a kernel may write 'y' only at its own index (y[i]){{$}}
void scatter(int i, const double *x, double *y)
{
    y[i + 1] = x[i] * x[i];
}

void scale_pb(double x, double *d_x, double d_ret);

ADCC_PULLBACK(scale_pb)
double scale(double x);

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:6: error: ADCC_KERNEL 'external' calls 'scale', which has no body in this file; a kernel may call math functions and the file's own functions only{{$}}
void external(int i, const double *x, double *y)
{
    y[i] = scale(x[i]);
}

static void addto(double *p, double v)
{
    p[0] += v * v;
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+1]]:6: error: ADCC_KERNEL 'accumulate' passes the adjoint of 'y' to 'addto_fwd', which would add into it without atomics; pass values (y[i]) to helpers, not the array{{$}}
void accumulate(int i, const double *x, double *y)
{
    addto(y + i, x[i]);
}

// NONE: error: adcc --cuda writes the ADCC_KERNEL functions of '{{.*}}no_kernel.c', and it has none; mark a per-element function void k(int i, ...) with ADCC_KERNEL
