// Forward mode of scalar code: each statement is preceded by its tangent
// statement, which reads the values the statement is about to overwrite;
// a math call whose partial repeats it (exp) runs first and its result is
// reused; loops stay loops, integer code gets no tangent, nothing is taped,
// and the return value's tangent goes to the final t_ret.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=adcc_push --implicit-check-not=t_i --implicit-check-not=t_n < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

ADCC_JVP(x, y)
double f(double x, double y, int n)
{
    double s = 0.0;
    double e = exp(x);
    for (int i = 0; i < n; i++)
        s = s * y + sin(x * i);
    float g = (float)(s / y);
    return s * e + g;
}

// CHECK-LABEL: {{^}}double f_jvp(double x, double t_x, double y, double t_y, int n, double *t_ret){{$}}
// CHECK-NEXT:  {
// CHECK-NEXT:      double t_s = 0.0;
// CHECK-NEXT:      double s = 0.0;
// CHECK-NEXT:      double e = exp(x);
// CHECK-NEXT:      double t_e = e * t_x;
// CHECK-NEXT:      for (int i = 0; i < n; i++) {
// CHECK-NEXT:          t_s = t_s * y + s * t_y + cos(x * i) * (t_x * i);
// CHECK-NEXT:          s = s * y + sin(x * i);
// CHECK-NEXT:      }
// CHECK-NEXT:      float t_g = (float)((t_s * y - s * t_y) / (y * y));
// CHECK-NEXT:      float g = (float)(s / y);
// CHECK-NEXT:      *t_ret = t_s * e + s * t_e + t_g;
// CHECK-NEXT:      return s * e + g;
// CHECK-NEXT:  }
