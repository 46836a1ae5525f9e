// RUN: %gradcheck %s %t
// Covered writes that are not covered (found by adversarial testing): a
// stride-2 loop writes only every other element, so a later full write must
// still save the rest; a loop whose bound is a variable that a later loop
// counts with sees a different value than the later loop does; and a
// helper whose strided first loop cannot cover its second. Forward mode and
// Hessian-vector products of the three models are checked too.
#include <adcc.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double stride_cover(const double *x, int n)
{
    double a[8];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        a[i] = x[i];
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    for (int i = 0; i < n; i += 2)
        a[i] = 0.0;
    for (int i = 0; i < n; i++)
        a[i] = 0.0;
    return s;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double stale_counter(const double *x, int n)
{
    double a[8];
    double s = 0.0;
    int j = 1;
    for (int i = 0; i < n; i++)
        a[i] = x[i];
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    for (int i = 0; i < j; i++)
        a[i] = 0.0;
    for (j = 1; j <= n; j++)
        a[j - 1] = 0.0;
    return s;
}

static void strided(const double *v, double *out, int n)
{
    for (int i = 0; i < n; i += 2)
        out[i] = v[i] + 1.0;
    for (int i = 0; i < n; i++)
        out[i] = v[i] * v[i];
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double helper_stride(const double *x, int n)
{
    double b[8];
    double s = 0.0;
    for (int i = 0; i < n; i++)
        b[i] = x[i];
    for (int i = 0; i < n; i++)
        s += b[i] * b[i] * b[i];
    strided(x, b, n);
    for (int i = 0; i < n; i++)
        s += b[i];
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 7

double stride_cover_grad(const double *x, double *d_x, int n);
double stale_counter_grad(const double *x, double *d_x, int n);
double helper_stride_grad(const double *x, double *d_x, int n);
double stride_cover_jvp(const double *x, const double *t_x, int n, double *t_ret);
double stale_counter_jvp(const double *x, const double *t_x, int n, double *t_ret);
double helper_stride_jvp(const double *x, const double *t_x, int n, double *t_ret);
double stride_cover_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double stale_counter_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double helper_stride_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

static double eval_stride(const double *p, int np) { return stride_cover(p, np); }
static double eval_stale(const double *p, int np) { return stale_counter(p, np); }
static double eval_helper(const double *p, int np) { return helper_stride(p, np); }

static double jvp_stride(const double *p, const double *tp, int np)
{
    double t, v = stride_cover_jvp(p, tp, np, &t);
    return gc_jvp_checked(v, stride_cover(p, np), t);
}

static double jvp_stale(const double *p, const double *tp, int np)
{
    double t, v = stale_counter_jvp(p, tp, np, &t);
    return gc_jvp_checked(v, stale_counter(p, np), t);
}

static double jvp_helper(const double *p, const double *tp, int np)
{
    double t, v = helper_stride_jvp(p, tp, np, &t);
    return gc_jvp_checked(v, helper_stride(p, np), t);
}

static void grad_stride(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    stride_cover_grad(p, g, np);
}

static void grad_stale(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    stale_counter_grad(p, g, np);
}

static void grad_helper(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    helper_stride_grad(p, g, np);
}

static void hvp_stride(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    stride_cover_hvp(p, v, g, hv, np);
}

static void hvp_stale(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    stale_counter_hvp(p, v, g, hv, np);
}

static void hvp_helper(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    helper_stride_hvp(p, v, g, hv, np);
}

int main(void)
{
    GcRng rng = gc_seed(23);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N], tp[N], u[N];
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        memset(g, 0, sizeof g);
        stride_cover_grad(p, g, N);
        gc_check_grad("stride_cover", eval_stride, p, N, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("stride_cover", eval_stride, jvp_stride, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("stride_cover", grad_stride, hvp_stride, p, tp, u, N, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        stale_counter_grad(p, g, N);
        gc_check_grad("stale_counter", eval_stale, p, N, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("stale_counter", eval_stale, jvp_stale, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("stale_counter", grad_stale, hvp_stale, p, tp, u, N, GC_RTOL, GC_ATOL);
        memset(g, 0, sizeof g);
        helper_stride_grad(p, g, N);
        gc_check_grad("helper_stride", eval_helper, p, N, g, GC_RTOL, GC_ATOL);
        gc_check_jvp("helper_stride", eval_helper, jvp_helper, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("helper_stride", grad_helper, hvp_helper, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("cover_regressions");
}
#endif
