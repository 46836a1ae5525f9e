// A global variable that carries derivatives in reverse mode is an error at
// the global's declaration saying to pass it as a parameter.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:8: error: global variable 'acc' carries derivatives here; adcc does not differentiate through globals: pass it to the function as a parameter{{$}}
// CHECK-NEXT: {{^double acc;$}}
// CHECK-NEXT: {{^ {7}\^$}}
double acc;

ADCC_GRAD(x)
double f(double x)
{
    acc = x * x;
    return acc * x;
}
