// A statement with an attribute (__attribute__((fallthrough)) in a switch)
// is a statement kind the IR lacks: rejected at the statement, with a hint
// to remove it.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int k)
{
    double y = x;
    switch (k) {
    case 0:
        y = y * x;
        // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:9: error: this statement is not supported; remove it or rewrite it with plain C statements{{$}}
        // CHECK-NEXT: {{^        __attribute__\(\(fallthrough\)\);$}}
        // CHECK-NEXT: {{^ {8}\^$}}
        __attribute__((fallthrough));
    case 1:
        y = y * x;
    }
    return y;
}
