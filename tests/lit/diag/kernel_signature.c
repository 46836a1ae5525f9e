// ADCC_KERNEL sits on a per-element function, void k(int i, ...), with
// floating-point data to differentiate, and names no parameters: anything
// else is an error at the function or the annotation.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:8: error: ADCC_KERNEL 'f' must be a per-element function, void f(int i, ...): it returns nothing and takes the element's index first{{$}}
// CHECK-NEXT: {{^double f\(double x\)$}}
// CHECK-NEXT: {{^ {7}\^$}}
double f(double x)
{
    return x * x;
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:6: error: ADCC_KERNEL 'g' must be a per-element function, void g(int i, ...): it returns nothing and takes the element's index first{{$}}
// CHECK-NEXT: {{^void g\(double \*y, int i\)$}}
// CHECK-NEXT: {{^ {5}\^$}}
void g(double *y, int i)
{
    y[i] = 1.0;
}

ADCC_KERNEL
// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:6: error: ADCC_KERNEL 'h' has no floating-point parameter to differentiate; a kernel reads or writes float or double arrays{{$}}
// CHECK-NEXT: {{^void h\(int i, int \*y\)$}}
// CHECK-NEXT: {{^ {5}\^$}}
void h(int i, int *y)
{
    y[i] = i;
}

// CHECK: {{^}}[[FILE]]:[[@LINE+3]]:1: error: ADCC_KERNEL must sit on the definition of 'k' (with its body){{$}}
// CHECK-NEXT: {{^ADCC_KERNEL$}}
// CHECK-NEXT: {{^\^$}}
ADCC_KERNEL
void k(int i, double *y);
