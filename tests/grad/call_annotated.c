// RUN: %gradcheck %s %t
// An annotated function calling another annotated (non-static) function,
// once on x and once on x + 1; both gradients are checked, and so are both
// functions' forward mode and Hessian-vector products.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double energy(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += d * d + 0.1 * cos(x[i]);
    }
    return e;
}

ADCC_GRAD(x, s)
ADCC_JVP(x, s)
ADCC_HVP(x, s)
double scaled_energy(const double *x, double s, int n)
{
    return s * energy(x, n) + s * s * energy(x + 1, n - 1);
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 9

double energy_grad(const double *x, double *d_x, int n);
double scaled_energy_grad(const double *x, double *d_x, double s, double *d_s, int n);
double energy_jvp(const double *x, const double *t_x, int n, double *t_ret);
double scaled_energy_jvp(const double *x, const double *t_x, double s, double t_s, int n, double *t_ret);
double energy_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double scaled_energy_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, double s,
                         double v_s, double *d_s, double *hv_s, int n);

static double eval_energy(const double *p, int np)
{
    return energy(p, np);
}

/* p = x[0..N), s. */
static double eval_scaled(const double *p, int np)
{
    (void)np;
    return scaled_energy(p, p[N], N);
}

static double jvp_energy(const double *p, const double *tp, int np)
{
    double t;
    double v = energy_jvp(p, tp, np, &t);
    gc_check_close(v, energy(p, np), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static double jvp_scaled(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = scaled_energy_jvp(p, tp, p[N], tp[N], N, &t);
    gc_check_close(v, scaled_energy(p, p[N], N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void grad_energy(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    energy_grad(p, g, np);
}

static void grad_scaled(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    scaled_energy_grad(p, g, p[N], &g[N], N);
}

static void hvp_energy(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    energy_hvp(p, v, g, hv, np);
}

static void hvp_scaled(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    scaled_energy_hvp(p, v, g, hv, p[N], v[N], &g[N], &hv[N], N);
}

int main(void)
{
    GcRng rng = gc_seed(38);
    for (int t = 0; t < 6; t++) {
        double p[N + 1], g[N + 1] = {0.0}, ge[N] = {0.0};
        gc_fill(&rng, p, N + 1, -1.5, 1.5);
        double v = energy_grad(p, ge, N);
        double want = energy(p, N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("energy", eval_energy, p, N, ge, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[N + 1], u[N + 1];
        gc_fill_dir(&rng, tp, N + 1);
        gc_fill_dir(&rng, u, N + 1);
        gc_check_jvp("energy", eval_energy, jvp_energy, p, tp, N, ge, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("energy", grad_energy, hvp_energy, p, tp, u, N, GC_RTOL, GC_ATOL * gc_scale(want));
        v = scaled_energy_grad(p, g, p[N], &g[N], N);
        want = scaled_energy(p, p[N], N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("scaled_energy", eval_scaled, p, N + 1, g, GC_RTOL,
                      GC_ATOL * gc_scale(want));
        gc_check_jvp("scaled_energy", eval_scaled, jvp_scaled, p, tp, N + 1, g, GC_RTOL,
                     GC_ATOL * gc_scale(want));
        gc_check_hvp("scaled_energy", grad_scaled, hvp_scaled, p, tp, u, N + 1, GC_RTOL,
                     GC_ATOL * gc_scale(want));
    }
    return gc_report("call_annotated");
}
#endif
