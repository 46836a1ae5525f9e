// ADCC_GRAD() with no parameter names is an error at the annotation that
// shows how to list them.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_GRAD names no parameters; list the parameters to differentiate with respect to, e.g. ADCC_GRAD(x){{$}}
// CHECK-NEXT: {{^ADCC_GRAD\(\)$}}
// CHECK-NEXT: {{^\^$}}
ADCC_GRAD()
double f(double x)
{
    return x * x;
}
