// Using a function's name as a value is rejected at the name.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: use of 'sin' is not supported here; call the function instead of using its name as a value{{$}}
    // CHECK-NEXT: {{^    return x \* \(sin != 0\);$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    return x * (sin != 0);
}
