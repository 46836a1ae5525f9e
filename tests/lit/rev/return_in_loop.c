// return inside a loop: the early return does not skip the reverse sweep:
// f_grad has a single return, at its end, after the reverse sweep, and it
// returns the value of whichever return statement ran.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>

// CHECK-LABEL: {{^}}double firstbig_grad(const double *x, double *d_x, int n){{$}}
// CHECK-NOT:   {{^ *return}}
// CHECK:       /* reverse sweep */
// CHECK-NOT:   {{^ *return}}
// CHECK:       d_x[i] +=
// CHECK-NOT:   {{^ *return}}
// CHECK:       return adcc_result;
// CHECK-NEXT:  }
ADCC_GRAD(x)
double firstbig(const double *x, int n)
{
    double s = 1;
    for (int i = 0; i < n; i++) {
        s *= x[i];
        if (s > 100)
            return s;
    }
    return -s;
}
