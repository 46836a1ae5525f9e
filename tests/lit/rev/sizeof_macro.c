// sizeof inside function-like macros: the macro's text is not where clang's
// extent points, so adcc writes sizeof from the operand's type, from the
// macro's own tokens for a builtin type, or as the size clang computed when
// the type is a macro argument; the statement after the malloc stays whole.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <stdlib.h>

#define NB(n) ((n) * sizeof(double))
#define NEL(p, n) ((n) * sizeof *(p))
#define ALLOC(n, T) malloc((n) * sizeof(T))

// CHECK-LABEL: {{^}}double f_grad(const double *x, double *d_x, int n){{$}}
// CHECK:       {{^}}    double *a = malloc(n * sizeof(double));{{$}}
// CHECK:       {{^}}    double *b = malloc(n * sizeof(double));{{$}}
// CHECK:       {{^}}    double *c = malloc(n * 8ul);{{$}}
ADCC_GRAD(x)
double f(const double *x, int n)
{
    double *a = malloc(NB(n));
    double *b = malloc(NEL(b, n));
    double *c = ALLOC(n, double);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        a[i] = x[i] * x[i];
        b[i] = a[i];
        c[i] = b[i];
        s += c[i];
    }
    free(a);
    free(b);
    free(c);
    return s;
}
