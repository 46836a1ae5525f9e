// Direct and mutual recursion: the forward helpers call the forward helpers
// and the reverse helpers call the reverse helpers (split mode), so the
// reverse sweep never re-runs a forward sweep (O(work), not O(depth^2)).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

// CHECK-LABEL: {{^}}static double pw_fwd(double x, int n){{$}}
// CHECK:       pw_fwd(x, n - 1)
// CHECK-LABEL: {{^}}static void pw_rev(double x, double *d_x, int n, double d_ret){{$}}
// CHECK-NOT:   _fwd(
// CHECK:       pw_rev(x, d_x, n - 1, {{.*}});
// CHECK-NOT:   _fwd(
// CHECK:       {{^}$}}
static double pw(double x, int n)
{
    if (n == 0)
        return 1.0;
    return x * pw(x, n - 1);
}

static double odd(double x, int n);

// CHECK-LABEL: {{^}}static double even_fwd(double x, int n){{$}}
// CHECK:       odd_fwd(x, n - 1)
// CHECK-LABEL: {{^}}static void even_rev(double x, double *d_x, int n, double d_ret){{$}}
// CHECK-NOT:   _fwd(
// CHECK:       odd_rev(x, d_x, n - 1, {{.*}});
// CHECK-NOT:   _fwd(
// CHECK:       {{^}$}}
static double even(double x, int n)
{
    if (n == 0)
        return x;
    return cos(odd(x, n - 1));
}

// CHECK-LABEL: {{^}}static double odd_fwd(double x, int n){{$}}
// CHECK:       even_fwd(x, n - 1)
// CHECK-LABEL: {{^}}static void odd_rev(double x, double *d_x, int n, double d_ret){{$}}
// CHECK-NOT:   _fwd(
// CHECK:       even_rev(x, d_x, n - 1, {{.*}});
// CHECK-NOT:   _fwd(
// CHECK:       {{^}$}}
static double odd(double x, int n)
{
    if (n == 0)
        return x * x;
    return sin(even(x, n - 1));
}

// CHECK-LABEL: {{^}}double rec_grad(double x, double *d_x, int n){{$}}
// CHECK:       pw_fwd(x, n)
// CHECK:       even_fwd(x, n)
// CHECK:       /* reverse sweep */
// CHECK:       even_rev(x, d_x, n, {{.*}});
// CHECK:       pw_rev(x, d_x, n, {{.*}});
// CHECK:       return adcc_result;
ADCC_GRAD(x)
double rec(double x, int n)
{
    return pw(x, n) + even(x, n);
}
