// RUN: %gradcheck %s %t
// Nested loops: a matrix-vector product through a flat row-major matrix,
// tanh applied per row, written to an output array.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(A, x, y)
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
    }
    return gc_report("matvec");
}
#endif
