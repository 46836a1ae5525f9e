// f_hvp of a model calling helpers: f_hvp differentiates f_grad, so the
// active helper's forward and reverse sweeps get forward versions,
// bond_fwd_hvp (the primal call with its tangent) and bond_rev_hvp (its
// adjoint d_ and, beside it, hv_ = the adjoint's tangent, with the seed
// d_ret and its tangent v_d_ret); the inactive helper weight (an int
// argument) is copied as it is. Nothing else is emitted: no static
// function that f_hvp does not call (no bond_fwd / bond_rev of the plain
// f_grad, no bond_jvp, no chain_grad); the compile with -Werror
// (-Wunused-function) checks that too.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s --implicit-check-not=static --implicit-check-not=chain_grad --implicit-check-not=_jvp < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

static double weight(int i)
{
    return 1.0 / (1.0 + i);
}

static double bond(double u, double v)
{
    return u * u * v + cos(u - v);
}

ADCC_HVP(x)
double chain(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++)
        s += weight(i) * bond(x[i], x[i + 1]) * s;
    return s;
}

// CHECK:       {{^}}static double weight(int i);
// CHECK-NEXT:  {{^}}static double bond_fwd_hvp(double u, double v_u, double v, double v_v, double *v_ret);
// CHECK-NEXT:  {{^}}static void bond_rev_hvp(double u, double v_u, double *d_u, double *hv_u, double v, double v_v, double *d_v, double *hv_v, double d_ret, double v_d_ret);
// CHECK:       {{^}}static double weight(int i){{$}}
// CHECK:       {{^}}static double bond_fwd_hvp(double u, double v_u, double v, double v_v, double *v_ret){{$}}
// CHECK:           *v_ret = v_adcc_result;
// CHECK-NEXT:      return adcc_result;
// CHECK:       {{^}}static void bond_rev_hvp(
// CHECK:           *hv_v += -v_adcc_a3;
// CHECK-NEXT:      *d_v += -adcc_a3;
// CHECK-LABEL: {{^}}double chain_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n){{$}}
// CHECK:           double adcc_t1 = weight(i);
// CHECK:           double adcc_t2 = bond_fwd_hvp(x[i], v_x[i], x[i + 1], v_x[i + 1], &v_adcc_t2);
// CHECK:           /* reverse sweep */
// CHECK:           bond_rev_hvp(x[i], v_x[i], &d_x[i], &hv_x[i], x[i + 1], v_x[i + 1], &d_x[i + 1], &hv_x[i + 1], adcc_a{{[0-9]+}}, v_adcc_a{{[0-9]+}});
// CHECK:           return adcc_result;
