// ADCC_PUSHFORWARD naming a function that is not declared: the error says
// how to declare it (float rule of a float function: tangents by value, the
// result's tangent through a pointer).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:18: error: ADCC_PUSHFORWARD names 'scale_jvp', which is not declared; declare the rule before 'scale' as float scale_jvp(float s, float t_s, float *t_ret){{$}}
// CHECK-NEXT: {{^ADCC_PUSHFORWARD\(scale_jvp\)$}}
// CHECK-NEXT: {{^ {17}\^$}}
ADCC_PUSHFORWARD(scale_jvp)
float scale(float s);

ADCC_JVP(x)
float f(float x)
{
    return scale(x) * x;
}
