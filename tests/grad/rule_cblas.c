// RUN: %gradcheck %s %t
// A library routine under a rule, wrapped as a user would: matvec_blas (a
// body that calls OpenBLAS's cblas_dgemv) and axpy_blas (a prototype-only
// wrapper of cblas_daxpy, defined in the check section) carry
// ADCC_PULLBACK and ADCC_PUSHFORWARD rules that call cblas themselves (the
// transposed gemv and a rank-one dger for the pullback). A two-layer
// model y = B tanh(A x) + alpha h is checked by f_grad and f_jvp against
// finite differences and with the dot-product test, with every one of A,
// B, x and alpha active, and again with only x active (the rules then get
// NULL for the inactive adjoints and tangents).
#include <adcc.h>
#include <cblas.h>
#include <math.h>
#include <stddef.h>

void matvec_blas_pb(int m, int n, const double *A, double *d_A, const double *x, double *d_x, double *y,
                    double *d_y);
void matvec_blas_pf(int m, int n, const double *A, const double *t_A, const double *x, const double *t_x,
                    double *y, double *t_y);
void axpy_blas_pb(int n, double alpha, double *d_alpha, const double *x, double *d_x, double *y, double *d_y);
void axpy_blas_pf(int n, double alpha, double t_alpha, const double *x, const double *t_x, double *y,
                  double *t_y);

/* y = A x, A m-by-n row-major. */
ADCC_PULLBACK(matvec_blas_pb)
ADCC_PUSHFORWARD(matvec_blas_pf)
void matvec_blas(int m, int n, const double *A, const double *x, double *y)
{
    cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, 1.0, A, n, x, 1, 0.0, y, 1);
}

/* y += alpha x */
ADCC_PULLBACK(axpy_blas_pb)
ADCC_PUSHFORWARD(axpy_blas_pf)
void axpy_blas(int n, double alpha, const double *x, double *y);

/* y = A x is overwritten: d_x += A^T d_y, d_A += d_y x^T, then d_y = 0. */
void matvec_blas_pb(int m, int n, const double *A, double *d_A, const double *x, double *d_x, double *y,
                    double *d_y)
{
    (void)y;
    if (d_x)
        cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1.0, A, n, d_y, 1, 1.0, d_x, 1);
    if (d_A)
        cblas_dger(CblasRowMajor, m, n, 1.0, d_y, 1, x, 1, d_A, n);
    for (int i = 0; i < m; i++)
        d_y[i] = 0.0;
}

/* t_y = t_A x + A t_x. */
void matvec_blas_pf(int m, int n, const double *A, const double *t_A, const double *x, const double *t_x,
                    double *y, double *t_y)
{
    cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, 1.0, A, n, x, 1, 0.0, y, 1);
    for (int i = 0; i < m; i++)
        t_y[i] = 0.0;
    if (t_x)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, 1.0, A, n, t_x, 1, 0.0, t_y, 1);
    if (t_A)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, 1.0, t_A, n, x, 1, 1.0, t_y, 1);
}

#define IN 5
#define HID 4
#define OUT 3

/* y = B tanh(A x) + alpha h[0..OUT): A HID-by-IN, B OUT-by-HID. */
ADCC_GRAD(A, B, x, alpha, y)
ADCC_JVP(A, B, x, alpha, y)
void model(const double *A, const double *B, const double *x, double alpha, double *y)
{
    double a[HID], h[HID];
    matvec_blas(HID, IN, A, x, a);
    for (int i = 0; i < HID; i++)
        h[i] = tanh(a[i]);
    matvec_blas(OUT, HID, B, h, y);
    axpy_blas(OUT, alpha, h, y);
}

/* The same with only x (and the output) active. */
ADCC_GRAD(x, y)
ADCC_JVP(x, y)
void model_x(const double *A, const double *B, const double *x, double alpha, double *y)
{
    double a[HID], h[HID];
    matvec_blas(HID, IN, A, x, a);
    for (int i = 0; i < HID; i++)
        h[i] = tanh(a[i]);
    matvec_blas(OUT, HID, B, h, y);
    axpy_blas(OUT, alpha, h, y);
}

#ifndef __ADCC__
#include "gradcheck.h"

void model_grad(const double *A, double *d_A, const double *B, double *d_B, const double *x, double *d_x,
                double alpha, double *d_alpha, double *y, double *d_y);
void model_jvp(const double *A, const double *t_A, const double *B, const double *t_B, const double *x,
               const double *t_x, double alpha, double t_alpha, double *y, double *t_y);
void model_x_grad(const double *A, const double *B, const double *x, double *d_x, double alpha, double *y,
                  double *d_y);
void model_x_jvp(const double *A, const double *B, const double *x, const double *t_x, double alpha, double *y,
                 double *t_y);

void axpy_blas(int n, double alpha, const double *x, double *y)
{
    cblas_daxpy(n, alpha, x, 1, y, 1);
}

/* y += alpha x: d_alpha += <x, d_y>, d_x += alpha d_y; d_y passes on. */
void axpy_blas_pb(int n, double alpha, double *d_alpha, const double *x, double *d_x, double *y, double *d_y)
{
    (void)y;
    if (d_alpha)
        *d_alpha += cblas_ddot(n, x, 1, d_y, 1);
    if (d_x)
        cblas_daxpy(n, alpha, d_y, 1, d_x, 1);
}

/* t_y += t_alpha x + alpha t_x */
void axpy_blas_pf(int n, double alpha, double t_alpha, const double *x, const double *t_x, double *y, double *t_y)
{
    cblas_daxpy(n, alpha, x, 1, y, 1);
    cblas_daxpy(n, t_alpha, x, 1, t_y, 1);
    if (t_x)
        cblas_daxpy(n, alpha, t_x, 1, t_y, 1);
}

#define NA (HID * IN)
#define NB (OUT * HID)
#define NP (NA + NB + IN + 1 + OUT)

static double w[OUT];

/* p = A, B, x, alpha, initial y (y is only written: zero gradient). */
static double eval(const double *p, int np)
{
    (void)np;
    double y[OUT];
    memcpy(y, p + NA + NB + IN + 1, sizeof y);
    model(p, p + NA, p + NA + NB, p[NA + NB + IN], y);
    return gc_dot(w, y, OUT);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[OUT], t_y[OUT], y_ref[OUT];
    memcpy(y, p + NA + NB + IN + 1, sizeof y);
    memcpy(y_ref, y, sizeof y);
    memcpy(t_y, tp + NA + NB + IN + 1, sizeof t_y);
    model_jvp(p, tp, p + NA, tp + NA, p + NA + NB, tp + NA + NB, p[NA + NB + IN], tp[NA + NB + IN], y, t_y);
    model(p, p + NA, p + NA + NB, p[NA + NB + IN], y_ref);
    gc_check_array(y, y_ref, OUT, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, OUT);
}

/* model_x: q = x, initial y; A, B, alpha fixed. */
static double fixed[NA + NB + 1];

static double eval_x(const double *q, int nq)
{
    (void)nq;
    double y[OUT];
    memcpy(y, q + IN, sizeof y);
    model_x(fixed, fixed + NA, q, fixed[NA + NB], y);
    return gc_dot(w, y, OUT);
}

static double eval_x_jvp(const double *q, const double *tq, int nq)
{
    (void)nq;
    double y[OUT], t_y[OUT];
    memcpy(y, q + IN, sizeof y);
    memcpy(t_y, tq + IN, sizeof t_y);
    model_x_jvp(fixed, fixed + NA, q, tq, fixed[NA + NB], y, t_y);
    return gc_dot(w, t_y, OUT);
}

int main(void)
{
    GcRng rng = gc_seed(97);
    for (int t = 0; t < 6; t++) {
        double p[NP], g[NP] = {0.0}, tp[NP];
        gc_fill(&rng, p, NP, -1.0, 1.0);
        gc_fill(&rng, w, OUT, -1.0, 1.0);
        double y[OUT], y_ref[OUT];
        memcpy(y, p + NA + NB + IN + 1, sizeof y);
        memcpy(y_ref, y, sizeof y);
        memcpy(g + NA + NB + IN + 1, w, sizeof w);
        model_grad(p, g, p + NA, g + NA, p + NA + NB, g + NA + NB, p[NA + NB + IN], &g[NA + NB + IN], y,
                   g + NA + NB + IN + 1);
        model(p, p + NA, p + NA + NB, p[NA + NB + IN], y_ref);
        gc_check_array(y, y_ref, OUT, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("cblas", eval, p, NP, g, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tp, NP);
        gc_check_jvp("cblas", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);

        /* only x active */
        double q[IN + OUT], gq[IN + OUT] = {0.0}, tq[IN + OUT];
        memcpy(fixed, p, (NA + NB) * sizeof(double));
        fixed[NA + NB] = p[NA + NB + IN];
        memcpy(q, p + NA + NB, IN * sizeof(double));
        memcpy(q + IN, p + NA + NB + IN + 1, OUT * sizeof(double));
        memcpy(y, q + IN, sizeof y);
        memcpy(gq + IN, w, sizeof w);
        model_x_grad(fixed, fixed + NA, q, gq, fixed[NA + NB], y, gq + IN);
        gc_check_array(y, y_ref, OUT, GC_PRIMAL_RTOL, 0.0);
        gc_check_array(gq, g + NA + NB, IN, 1e-14, 1e-300);
        gc_check_grad("cblas_x", eval_x, q, IN + OUT, gq, GC_RTOL, GC_ATOL);
        gc_fill_dir(&rng, tq, IN + OUT);
        gc_check_jvp("cblas_x", eval_x, eval_x_jvp, q, tq, IN + OUT, gq, GC_RTOL, GC_ATOL);
    }
    return gc_report("rule_cblas");
}
#endif
