// Forward mode: a pointer obtained from a function with no body points at
// memory whose tangent adcc cannot know; storing active values through it is
// an error at the call with the ways out.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

double *buffer(int n);

ADCC_JVP(x)
double f(const double *x, int n)
{
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:17: error: the pointer returned by 'buffer' reaches data that carries derivatives, and adcc cannot give it a tangent; pass the buffer in as a parameter, allocate it here with malloc/calloc, or return an index instead of a pointer{{$}}
    // CHECK-NEXT: {{^    double \*p = buffer\(n\);$}}
    // CHECK-NEXT: {{^ {16}\^$}}
    double *p = buffer(n);
    p[0] = x[0] * x[0];
    return p[0] * x[1];
}
