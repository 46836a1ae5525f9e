// RUN: %gradcheck %s %t
// A small matmul in a triple loop nest into a local 2-D array, then a loss
// reading the product twice (trace plus half the squared Frobenius norm).
#include <adcc.h>

#define N 4

ADCC_GRAD(A, B)
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

/* p = A[0..N*N), B[0..N*N). */
static double eval(const double *p, int np)
{
    (void)np;
    return matmul_loss(p, p + N * N);
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
    }
    return gc_report("matmul");
}
#endif
