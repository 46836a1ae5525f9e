// RUN: %gradcheck %s %t
// Forward mode of void functions with outputs: standardize writes two
// scalar outputs through pointers and an output array; relax updates y in
// place (y[i] = f(y[i], x), so y is input and output, its tangent a
// direction on entry and the outputs' tangents on return) and accumulates
// into a scalar that is also an input; relax_f is the same in float. f_jvp
// is compared with central differences along random directions and with
// f_grad by the dot-product test; the primal outputs with the model's.
#include <adcc.h>
#include <math.h>

/* mean, variance and standardized copy of x */
ADCC_GRAD(x, mean, var, z)
ADCC_JVP(x, mean, var, z)
void standardize(const double *x, int n, double *mean, double *var, double *z)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    double v = 0.0;
    for (int i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    v /= n;
    *mean = m;
    *var = v;
    for (int i = 0; i < n; i++)
        z[i] = (x[i] - m) / sqrt(v + 0.1);
}

/* y[i] = f(y[i], x[i]) twice over; *acc += sum of the new y (an input too) */
ADCC_GRAD(y, x, k, acc)
ADCC_JVP(y, x, k, acc)
void relax(double *y, const double *x, double k, double *acc, int n)
{
    for (int sweep = 0; sweep < 2; sweep++)
        for (int i = 0; i < n; i++)
            y[i] = y[i] + k * sin(x[i] - y[i]) * (i > 0 ? y[i - 1] : 1.0);
    for (int i = 0; i < n; i++)
        *acc += y[i] * *acc * 0.1 + y[i];
}

ADCC_GRAD(y, x, k, acc)
ADCC_JVP(y, x, k, acc)
void relax_f(float *y, const float *x, float k, float *acc, int n)
{
    for (int sweep = 0; sweep < 2; sweep++)
        for (int i = 0; i < n; i++)
            y[i] = y[i] + k * sinf(x[i] - y[i]) * (i > 0 ? y[i - 1] : 1.0f);
    for (int i = 0; i < n; i++)
        *acc += y[i] * *acc * 0.1f + y[i];
}

#ifndef __ADCC__
#include "gradcheck.h"

void standardize_grad(const double *x, double *d_x, int n, double *mean, double *d_mean, double *var,
                      double *d_var, double *z, double *d_z);
void standardize_jvp(const double *x, const double *t_x, int n, double *mean, double *t_mean, double *var,
                     double *t_var, double *z, double *t_z);
void relax_grad(double *y, double *d_y, const double *x, double *d_x, double k, double *d_k, double *acc,
                double *d_acc, int n);
void relax_jvp(double *y, double *t_y, const double *x, const double *t_x, double k, double t_k, double *acc,
               double *t_acc, int n);
void relax_f_grad(float *y, float *d_y, const float *x, float *d_x, float k, float *d_k, float *acc, float *d_acc,
                  int n);
void relax_f_jvp(float *y, float *t_y, const float *x, const float *t_x, float k, float t_k, float *acc,
                 float *t_acc, int n);

#define N 5

/* weights of the outputs in the test's scalar */
static double w[N + 2];

/* ---- standardize: p = x, initial mean, var, z (only written) ------------ */
#define NS (N + 2 + N)

static double eval_std(const double *p, int np)
{
    (void)np;
    double mean = p[N], var = p[N + 1], z[N];
    memcpy(z, p + N + 2, sizeof z);
    standardize(p, N, &mean, &var, z);
    return w[0] * mean + w[1] * var + gc_dot(w + 2, z, N);
}

static double eval_std_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double mean = p[N], var = p[N + 1], z[N], t_mean = tp[N], t_var = tp[N + 1], t_z[N];
    double mean_ref = mean, var_ref = var, z_ref[N];
    memcpy(z, p + N + 2, sizeof z);
    memcpy(z_ref, z, sizeof z);
    memcpy(t_z, tp + N + 2, sizeof t_z);
    standardize_jvp(p, tp, N, &mean, &t_mean, &var, &t_var, z, t_z);
    standardize(p, N, &mean_ref, &var_ref, z_ref);
    gc_check_close(mean, mean_ref, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(var, var_ref, GC_PRIMAL_RTOL, 0.0);
    gc_check_array(z, z_ref, N, GC_PRIMAL_RTOL, 0.0);
    return w[0] * t_mean + w[1] * t_var + gc_dot(w + 2, t_z, N);
}

static void check_standardize(GcRng *rng)
{
    double p[NS], g[NS] = {0.0}, tp[NS];
    gc_fill(rng, p, NS, -2.0, 2.0);
    gc_fill(rng, w, N + 2, -1.0, 1.0);
    double mean = p[N], var = p[N + 1], z[N];
    memcpy(z, p + N + 2, sizeof z);
    g[N] = w[0];
    g[N + 1] = w[1];
    memcpy(g + N + 2, w + 2, N * sizeof(double));
    standardize_grad(p, g, N, &mean, &g[N], &var, &g[N + 1], z, g + N + 2);
    gc_check_grad("standardize", eval_std, p, NS, g, GC_RTOL, GC_ATOL);
    gc_fill_dir(rng, tp, NS);
    gc_check_jvp("standardize", eval_std, eval_std_jvp, p, tp, NS, g, GC_RTOL, GC_ATOL);
}

/* ---- relax: p = initial y, x, k, initial acc ---------------------------- */
#define NR (2 * N + 2)

static double eval_relax(const double *p, int np)
{
    (void)np;
    double y[N], acc = p[2 * N + 1];
    memcpy(y, p, sizeof y);
    relax(y, p + N, p[2 * N], &acc, N);
    return gc_dot(w, y, N) + w[N] * acc;
}

static double eval_relax_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[N], t_y[N], y_ref[N], acc = p[2 * N + 1], t_acc = tp[2 * N + 1], acc_ref = acc;
    memcpy(y, p, sizeof y);
    memcpy(y_ref, p, sizeof y);
    memcpy(t_y, tp, sizeof t_y);
    relax_jvp(y, t_y, p + N, tp + N, p[2 * N], tp[2 * N], &acc, &t_acc, N);
    relax(y_ref, p + N, p[2 * N], &acc_ref, N);
    gc_check_array(y, y_ref, N, GC_PRIMAL_RTOL, 0.0);
    gc_check_close(acc, acc_ref, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, N) + w[N] * t_acc;
}

static void check_relax(GcRng *rng)
{
    double p[NR], g[NR] = {0.0}, tp[NR];
    gc_fill(rng, p, NR, -1.5, 1.5);
    gc_fill(rng, w, N + 1, -1.0, 1.0);
    double y[N], acc = p[2 * N + 1];
    memcpy(y, p, sizeof y);
    memcpy(g, w, N * sizeof(double));
    g[2 * N + 1] = w[N];
    relax_grad(y, g, p + N, g + N, p[2 * N], &g[2 * N], &acc, &g[2 * N + 1], N);
    gc_check_grad("relax", eval_relax, p, NR, g, GC_RTOL, GC_ATOL);
    gc_fill_dir(rng, tp, NR);
    gc_check_jvp("relax", eval_relax, eval_relax_jvp, p, tp, NR, g, GC_RTOL, GC_ATOL);
}

/* ---- relax_f: the same in float ----------------------------------------- */

static double eval_relax_f(const double *p, int np)
{
    (void)np;
    float y[N], x[N], acc = (float)p[2 * N + 1];
    gc_d2f(y, p, N);
    gc_d2f(x, p + N, N);
    relax_f(y, x, (float)p[2 * N], &acc, N);
    double yd[N];
    gc_f2d(yd, y, N);
    return gc_dot(w, yd, N) + w[N] * acc;
}

static double eval_relax_f_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    float y[N], x[N], t_y[N], t_x[N], y_ref[N], acc = (float)p[2 * N + 1], t_acc = (float)tp[2 * N + 1];
    float acc_ref = acc;
    gc_d2f(y, p, N);
    gc_d2f(y_ref, p, N);
    gc_d2f(x, p + N, N);
    gc_d2f(t_y, tp, N);
    gc_d2f(t_x, tp + N, N);
    relax_f_jvp(y, t_y, x, t_x, (float)p[2 * N], (float)tp[2 * N], &acc, &t_acc, N);
    relax_f(y_ref, x, (float)p[2 * N], &acc_ref, N);
    double yd[N], yd_ref[N], td[N];
    gc_f2d(yd, y, N);
    gc_f2d(yd_ref, y_ref, N);
    gc_f2d(td, t_y, N);
    gc_check_array(yd, yd_ref, N, GC_PRIMAL_RTOL_F, 0.0);
    gc_check_close(acc, acc_ref, GC_PRIMAL_RTOL_F, 0.0);
    return gc_dot(w, td, N) + w[N] * t_acc;
}

static void check_relax_f(GcRng *rng)
{
    double p[NR], g[NR], tp[NR];
    gc_fill_f(rng, p, NR, -1.5, 1.5);
    gc_fill(rng, w, N + 1, -1.0, 1.0);
    float y[N], x[N], d_y[N], d_x[N] = {0.0f}, d_k = 0.0f, acc = (float)p[2 * N + 1], d_acc = (float)w[N];
    gc_d2f(y, p, N);
    gc_d2f(x, p + N, N);
    gc_d2f(d_y, w, N);
    relax_f_grad(y, d_y, x, d_x, (float)p[2 * N], &d_k, &acc, &d_acc, N);
    gc_f2d(g, d_y, N);
    gc_f2d(g + N, d_x, N);
    g[2 * N] = d_k;
    g[2 * N + 1] = d_acc;
    gc_check_grad_f("relax_f", eval_relax_f, p, NR, g, GC_RTOL_F, GC_ATOL_F);
    gc_fill_dir_f(rng, tp, NR);
    gc_check_jvp_f("relax_f", eval_relax_f, eval_relax_f_jvp, p, tp, NR, g, GC_RTOL_F, GC_ATOL_F);
}

int main(void)
{
    GcRng rng = gc_seed(404);
    for (int t = 0; t < 8; t++) {
        check_standardize(&rng);
        check_relax(&rng);
        check_relax_f(&rng);
    }
    return gc_report("jvp_outputs");
}
#endif
