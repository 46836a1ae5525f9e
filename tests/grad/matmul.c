// RUN: %gradcheck %s %t
// A small matmul in a triple loop nest into a local 2-D array, then a loss
// reading the product twice (trace plus half the squared Frobenius norm).
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>

#define N 4

ADCC_GRAD(A, B)
ADCC_JVP(A, B)
ADCC_HVP(A, B)
double matmul_loss(const double *A, const double *B)
{
    double C[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            C[i][j] = 0.0;
            for (int k = 0; k < N; k++)
                C[i][j] += A[i * N + k] * B[k * N + j];
        }
    double s = 0.0;
    for (int i = 0; i < N; i++) {
        s += C[i][i];
        for (int j = 0; j < N; j++)
            s += 0.5 * C[i][j] * C[i][j];
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double matmul_loss_grad(const double *A, double *d_A, const double *B, double *d_B);
double matmul_loss_jvp(const double *A, const double *t_A, const double *B, const double *t_B,
                       double *t_ret);
double matmul_loss_hvp(const double *A, const double *v_A, double *d_A, double *hv_A,
                       const double *B, const double *v_B, double *d_B, double *hv_B);

/* p = A[0..N*N), B[0..N*N). */
static double eval(const double *p, int np)
{
    (void)np;
    return matmul_loss(p, p + N * N);
}

static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double t;
    double v = matmul_loss_jvp(p, tp, p + N * N, tp + N * N, &t);
    gc_check_close(v, matmul_loss(p, p + N * N), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    matmul_loss_grad(p, g, p + N * N, g + N * N);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    matmul_loss_hvp(p, v, g, hv, p + N * N, v + N * N, g + N * N, hv + N * N);
}

int main(void)
{
    GcRng rng = gc_seed(52);
    for (int t = 0; t < 6; t++) {
        double p[2 * N * N], g[2 * N * N] = {0.0};
        gc_fill(&rng, p, 2 * N * N, -1.0, 1.0);
        double v = matmul_loss_grad(p, g, p + N * N, g + N * N);
        double want = matmul_loss(p, p + N * N);
        gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("matmul_loss", eval, p, 2 * N * N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        double tp[2 * N * N], u[2 * N * N];
        gc_fill_dir(&rng, tp, 2 * N * N);
        gc_fill_dir(&rng, u, 2 * N * N);
        gc_check_jvp("matmul_loss", eval, eval_jvp, p, tp, 2 * N * N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        gc_check_hvp("matmul_loss", eval_grad, eval_hvp, p, tp, u, 2 * N * N, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("matmul");
}
#endif
