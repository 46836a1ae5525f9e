// The copy of a static const global table in the generated file keeps its
// const qualifier (so it stays read-only, as in the model), for a 1-D and a
// 2-D table.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

static const double W[4] = {0.5, 1.5, -2.0, 3.0};
static const float M[2][2] = {{1.0f, 2.0f}, {3.0f, 4.0f}};

// CHECK:       {{^}}static const double W[4] = {0.5, 1.5, -2.0, 3.0};
// CHECK:       {{^}}static const float M[2][2] =
// CHECK-LABEL: {{^}}double ctable_grad(const double *x, double *d_x){{$}}
ADCC_GRAD(x)
double ctable(const double *x)
{
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += W[i] * x[i] * M[i % 2][i / 2];
    return s;
}
