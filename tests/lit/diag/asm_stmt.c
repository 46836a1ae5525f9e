// A statement kind the IR lacks (inline asm) is rejected at the statement.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:5: error: this statement is not supported; remove it or rewrite it with plain C statements{{$}}
    // CHECK-NEXT: {{^    __asm__\("nop"\);$}}
    // CHECK-NEXT: {{^ {4}\^$}}
    __asm__("nop");
    return x * x;
}
