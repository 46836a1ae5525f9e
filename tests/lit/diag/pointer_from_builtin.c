// Reverse mode: a pointer that carries derivatives made by a compiler
// builtin (not a function of the file) has no shadow adcc can follow: an
// error at the call for the expression and one for the returned pointer.
// (__builtin_assume_aligned is not one: it returns its argument, see
// grad/assume_aligned.c.)
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double *x, double *y)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+6]]:17: error: adcc cannot follow this pointer expression to its derivative; compute the pointer from a parameter or array with + and -{{$}}
    // CHECK-NEXT: {{^    double \*p = __builtin_memcpy\(y, x, 2 \* sizeof\(double\)\);$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    // CHECK-NEXT: {{^}}[[FILE]]:[[@LINE+3]]:17: error: the pointer returned by '__builtin_memcpy' reaches data that carries derivatives, and adcc cannot give it a shadow; pass the buffer in as a parameter, allocate it here with malloc/calloc, or return an index instead of a pointer{{$}}
    // CHECK-NEXT: {{^    double \*p = __builtin_memcpy\(y, x, 2 \* sizeof\(double\)\);$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    double *p = __builtin_memcpy(y, x, 2 * sizeof(double));
    return p[0] * p[1];
}
