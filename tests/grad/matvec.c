// RUN: %gradcheck %s %t
// Nested loops: a matrix-vector product through a flat row-major matrix,
// tanh applied per row, written to an output array. Forward mode (f_jvp)
// and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(A, x, y)
ADCC_JVP(A, x, y)
ADCC_HVP(A, x, y)
void matvec(const double *A, const double *x, double *y, int m, int n)
{
    for (int i = 0; i < m; i++) {
        double acc = 0.0;
        for (int j = 0; j < n; j++)
            acc += A[i * n + j] * x[j];
        y[i] = tanh(acc);
    }
}

#ifndef __ADCC__
#include "gradcheck.h"

#define M 4
#define N 5
#define NP (M * N + N + M)

void matvec_grad(const double *A, double *d_A, const double *x, double *d_x, double *y,
                 double *d_y, int m, int n);
void matvec_jvp(const double *A, const double *t_A, const double *x, const double *t_x, double *y,
                double *t_y, int m, int n);
void matvec_hvp(const double *A, const double *v_A, double *d_A, double *hv_A, const double *x,
                const double *v_x, double *d_x, double *hv_x, double *y, double *v_y, double *d_y,
                double *hv_y, int m, int n);

static double w[M];

/* p = A[0..M*N), x[0..N), initial y[0..M). */
static double eval(const double *p, int np)
{
    (void)np;
    double y[M];
    memcpy(y, p + M * N + N, sizeof y);
    matvec(p, p + M * N, y, M, N);
    return gc_dot(w, y, M);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[M], t_y[M], y_ref[M];
    memcpy(y, p + M * N + N, sizeof y);
    memcpy(y_ref, y, sizeof y);
    memcpy(t_y, tp + M * N + N, sizeof t_y);
    matvec_jvp(p, tp, p + M * N, tp + M * N, y, t_y, M, N);
    matvec(p, p + M * N, y_ref, M, N);
    gc_check_array(y, y_ref, M, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, M);
}

static void eval_grad(const double *p, int np, double *g)
{
    double y[M];
    memcpy(y, p + M * N + N, sizeof y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(g + M * N + N, w, sizeof w);
    matvec_grad(p, g, p + M * N, g + M * N, y, g + M * N + N, M, N);
}

/* The seeds w in d_y are inputs of f_grad with tangent 0: hv_y starts at 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double y[M], v_y[M];
    memcpy(y, p + M * N + N, sizeof y);
    memcpy(v_y, v + M * N + N, sizeof v_y);
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    memcpy(g + M * N + N, w, sizeof w);
    matvec_hvp(p, v, g, hv, p + M * N, v + M * N, g + M * N, hv + M * N, y, v_y, g + M * N + N,
               hv + M * N + N, M, N);
}

int main(void)
{
    GcRng rng = gc_seed(51);
    for (int t = 0; t < 6; t++) {
        double p[NP], g[NP] = {0.0}, y[M], y_ref[M];
        gc_fill(&rng, p, NP, -0.8, 0.8);
        gc_fill(&rng, w, M, -1.0, 1.0);
        memcpy(y, p + M * N + N, sizeof y);
        memcpy(y_ref, y, sizeof y);
        memcpy(g + M * N + N, w, sizeof w);
        matvec_grad(p, g, p + M * N, g + M * N, y, g + M * N + N, M, N);
        matvec(p, p + M * N, y_ref, M, N);
        gc_check_array(y, y_ref, M, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("matvec", eval, p, NP, g, GC_RTOL, GC_ATOL);
        double tp[NP], u[NP];
        gc_fill_dir(&rng, tp, NP);
        gc_fill_dir(&rng, u, NP);
        gc_check_jvp("matvec", eval, eval_jvp, p, tp, NP, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("matvec", eval_grad, eval_hvp, p, tp, u, NP, GC_RTOL, GC_ATOL);
    }
    return gc_report("matvec");
}
#endif
