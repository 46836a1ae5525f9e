// A string literal in differentiated code (a printf call) is rejected at
// the literal.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>
#include <stdio.h>

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:12: error: string literals are not supported in differentiated code; move the code that uses them (printf and the like) out of the differentiated function{{$}}
    // CHECK-NEXT: {{^    printf\("%g\\n", x\);$}}
    // CHECK-NEXT: {{^ {11}\^$}}
    printf("%g\n", x);
    return x * x;
}
