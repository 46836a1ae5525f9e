// Whole-range saves: a counted loop that overwrites out[i + k] once per
// iteration, with nothing else in the loop writing out and a reversed loop
// that never reads it, pushes the range once before the loop and pops it
// once after the reversed loop (a reversed loop left empty is dropped).
// Each negative case keeps its per-element saves: a break, a second write
// to the same array, a reversed loop that reads the array, a call that is
// given the array, and f_grad's own output (the redo log needs each
// element). Float arrays use the _f calls.
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

static void ffill(int n, int k, const float *x, float *out)
{
    for (int i = 0; i < n; i++)
        out[i + k] = x[i] * x[i];
}

static void dfill(int n, const double *x, double *out)
{
    for (int i = 1; i <= n; i++)
        out[i] = sin(x[i]);
}

static void stop(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        if (x[i] > 2.0)
            break;
        out[i] = x[i] * x[i];
    }
}

static void twice(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        out[i] = x[i] * x[i];
        out[n + i] = x[i];
    }
}

static void reads(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] = out[i] * x[i];
}

static void touch(int n, double *out) { out[0] *= 2.0; (void)n; }

static void calls(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        out[i] = x[i] * 3.0;
        touch(n, out);
    }
}

// CHECK-LABEL: {{^}}static void ffill_fwd({{.*}}){{$}}
// CHECK-NEXT:  {
// CHECK:       adcc_push_array_f(&out[k], n > 0 ? n : 0);
// CHECK-NEXT:  for (int i = 0; i < n; i++) {
// CHECK-NEXT:  out[i + k] = x[i] * x[i];
// CHECK-LABEL: {{^}}static void ffill_rev({{.*}}){{$}}
// CHECK-NOT:   adcc_pop_f
// CHECK:       adcc_pop_array_f(&out[k], n > 0 ? n : 0);
// CHECK-NEXT:  }

// CHECK-LABEL: {{^}}static void dfill_fwd({{.*}}){{$}}
// CHECK:       adcc_push_array_d(&out[1], n >= 1 ? n : 0);
// CHECK-NEXT:  for (int i = 1; i <= n; i++) {
// CHECK-LABEL: {{^}}static void dfill_rev({{.*}}){{$}}
// CHECK:       adcc_pop_array_d(&out[1], n >= 1 ? n : 0);

// CHECK-LABEL: {{^}}static void stop_fwd({{.*}}){{$}}
// CHECK-NOT:   adcc_push_array
// CHECK:       adcc_push_d(out[i]);
// CHECK-LABEL: {{^}}static void twice_fwd({{.*}}){{$}}
// CHECK-NOT:   adcc_push_array
// CHECK:       adcc_push_d(out[i]);
// CHECK:       adcc_push_d(out[n + i]);
// CHECK-LABEL: {{^}}static void reads_fwd({{.*}}){{$}}
// CHECK-NOT:   adcc_push_array
// CHECK:       adcc_push_d(out[i]);
// CHECK-LABEL: {{^}}static void calls_fwd({{.*}}){{$}}
// CHECK-NOT:   adcc_push_array
// CHECK:       adcc_push_d(out[i]);
ADCC_GRAD(x, xf)
double model(int n, const double *x, const float *xf)
{
    double a[8];
    float b[8];
    ffill(n, 1, xf, b);
    ffill(n, 0, xf, b);
    dfill(n, x, a);
    double s = a[1] * b[0] + a[2] * b[1];
    stop(n, x, a);
    twice(n, x, a);
    reads(n, x, a);
    calls(n, x, a);
    return s + a[0] * a[1];
}

// CHECK-LABEL: {{^}}void out_grad({{.*}}){{$}}
// CHECK:       s += y[i] * y[i];
// CHECK:       for (int i = 0; i < n; i++) {
// CHECK-NEXT:  adcc_push_d(y[i]);
// CHECK-NEXT:  y[i] = s * (i + 1.0);
// CHECK:       adcc_redo_d(&y[i]);
// CHECK-NEXT:  y[i] = adcc_pop_d();
ADCC_GRAD(y)
void out(int n, double *y)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += y[i] * y[i];
    for (int i = 0; i < n; i++)
        y[i] = s * (i + 1.0);
}
