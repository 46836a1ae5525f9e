// A call through a function pointer (a global one here) is rejected at the
// call.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

extern double (*hook)(double);

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: calls through function pointers are not supported; call the function by its name{{$}}
    // CHECK-NEXT: {{^    return hook\(x\) \* x;$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    return hook(x) * x;
}
