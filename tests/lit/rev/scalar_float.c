// Float scalars: a float function gives `float f_grad(float x, float *d_x, ...)`,
// its adjoint locals are float, and float math keeps the float forms.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_y < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}float fscal_grad(float x, float *d_x, float y){{$}}
// CHECK-NEXT:  {
// CHECK:       float a = x * y;
// CHECK:       float adcc_result =
// CHECK:       /* reverse sweep */
// CHECK:       float d_a
// CHECK:       *d_x +=
// CHECK:       return adcc_result;
// CHECK-NEXT:  }
ADCC_GRAD(x)
float fscal(float x, float y)
{
    float a = x * y;
    return a * sinf(a) + x;
}
