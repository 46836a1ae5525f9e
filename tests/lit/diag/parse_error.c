// clang's own errors are forwarded with location, source line and caret,
// and make adcc exit with status 1 without writing the output.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:16: error: use of undeclared identifier 'y'{{$}}
    // CHECK-NEXT: {{^    return x \* y;$}}
    // CHECK-NEXT: {{^ {15}\^$}}
    return x * y;
}
