// Forward mode: an unsupported construct inside a helper that an annotated
// function differentiates is reported at the construct, with a note at the
// helper (diag/callee_unsupported.c is the reverse mode one).
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+9]]:19: error: static local variables are not supported; use a global or a parameter{{$}}
// CHECK-NEXT: {{^    static double calls = 0;$}}
// CHECK-NEXT: {{^ {18}\^$}}
// CHECK-NEXT: {{^}}[[FILE]]:[[@LINE+4]]:15: note: while differentiating 'sq'{{$}}
// CHECK-NEXT: {{^static double sq\(double a\)$}}
// CHECK-NEXT: {{^ {14}\^$}}

static double sq(double a)
{
    static double calls = 0;
    calls += 1;
    return a * a;
}

ADCC_JVP(x)
double f(double x)
{
    return sq(x) * x;
}
