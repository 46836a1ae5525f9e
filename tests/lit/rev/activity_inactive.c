// Activity analysis: only values that depend on an active input AND
// influence the result get adjoints. Here w is a parameter not named in
// ADCC_GRAD, c is computed only from inactive data (w, tab), dead depends on
// x but only steers an integer, k and i are integer counters: none of them
// gets a d_ variable, and tab (a pointer not named) gets no shadow.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=d_w --implicit-check-not=d_c --implicit-check-not=d_dead --implicit-check-not=d_k --implicit-check-not=d_i --implicit-check-not=d_tab < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}double act_grad(double x, double *d_x, double w, const double *tab, int n){{$}}
// CHECK:       *d_x +=
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double act(double x, double w, const double *tab, int n)
{
    double c = w * 2.0 + tab[0];
    double dead = sin(x) * 3.0;
    int k = 0;
    double s = 0;
    for (int i = 0; i < n; i++) {
        s += c * x * tab[i];
        k += 2;
    }
    if (dead > 100.0)
        k = 1;
    return s + k;
}

// Varied but not useful: a value computed from x that never reaches the
// result has no adjoint and no reverse work at all.
// CHECK-LABEL: {{^}}double unused_grad(double x, double *d_x, double *scratch){{$}}
// CHECK-NOT:   d_scratch
// CHECK-NOT:   d_u
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double unused(double x, double *scratch)
{
    double u = exp(x);
    scratch[0] = 1.0;
    (void)u;
    return x * scratch[0];
}
