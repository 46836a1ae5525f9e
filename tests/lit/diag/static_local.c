// A static local variable is rejected at its name.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:19: error: static local variables are not supported; use a global or a parameter{{$}}
    // CHECK-NEXT: {{^    static double acc = 0;$}}
    // CHECK-NEXT: {{^ {18}\^$}}
    static double acc = 0;
    acc += x;
    return acc * x;
}
