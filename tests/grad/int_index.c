// RUN: %gradcheck %s %t
// Integer index arrays beside floating code: a gather x[perm[i]], a
// scatter-add y[idx[i]] += ... with repeated indices, and int counters.
// Forward mode (f_jvp) and Hessian-vector products (f_hvp) are checked too.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x, y)
ADCC_JVP(x, y)
ADCC_HVP(x, y)
void gather_scatter(const double *x, const int *idx, const int *perm, double *y, int n, int m)
{
    int count[8] = {0};
    for (int j = 0; j < m; j++)
        y[j] = 0.0;
    for (int i = 0; i < n; i++) {
        int j = idx[i];
        double g = x[perm[i]];
        y[j] += g * x[i] + 0.5 * sin(g);
        count[j]++;
    }
    for (int j = 0; j < m; j++)
        if (count[j] > 0)
            y[j] /= (double)count[j];
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 12
#define M 5

void gather_scatter_grad(const double *x, double *d_x, const int *idx, const int *perm,
                         double *y, double *d_y, int n, int m);
void gather_scatter_jvp(const double *x, const double *t_x, const int *idx, const int *perm,
                        double *y, double *t_y, int n, int m);
void gather_scatter_hvp(const double *x, const double *v_x, double *d_x, double *hv_x,
                        const int *idx, const int *perm, double *y, double *v_y, double *d_y,
                        double *hv_y, int n, int m);

static double w[M];
static int idx[N], perm[N];

/* p = x[0..N), initial y[0..M). */
static double eval(const double *p, int np)
{
    (void)np;
    double y[M];
    memcpy(y, p + N, sizeof y);
    gather_scatter(p, idx, perm, y, N, M);
    return gc_dot(w, y, M);
}

/* tp = t_x[0..N), then y's initial tangent (y is only written: its tangent
 * on return is the outputs'). */
static double eval_jvp(const double *p, const double *tp, int np)
{
    (void)np;
    double y[M], t_y[M], y_ref[M];
    memcpy(y, p + N, sizeof y);
    memcpy(y_ref, p + N, sizeof y_ref);
    memcpy(t_y, tp + N, sizeof t_y);
    gather_scatter_jvp(p, tp, idx, perm, y, t_y, N, M);
    gather_scatter(p, idx, perm, y_ref, N, M);
    gc_check_array(y, y_ref, M, GC_PRIMAL_RTOL, 0.0);
    return gc_dot(w, t_y, M);
}

static void eval_grad(const double *p, int np, double *g)
{
    double y[M];
    memset(g, 0, sizeof(double) * (size_t)np);
    memcpy(y, p + N, sizeof y);
    memcpy(g + N, w, sizeof w);
    gather_scatter_grad(p, g, idx, perm, y, g + N, N, M);
}

/* d_y holds the seed w on entry; its tangent hv_y starts at 0. */
static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    double y[M], v_y[M];
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    memcpy(y, p + N, sizeof y);
    memcpy(v_y, v + N, sizeof v_y);
    memcpy(g + N, w, sizeof w);
    gather_scatter_hvp(p, v, g, hv, idx, perm, y, v_y, g + N, hv + N, N, M);
}

int main(void)
{
    GcRng rng = gc_seed(42);
    for (int t = 0; t < 6; t++) {
        double p[N + M], g[N + M] = {0.0}, y[M], y_ref[M];
        gc_fill(&rng, p, N + M, -1.5, 1.5);
        gc_fill(&rng, w, M, -1.0, 1.0);
        for (int i = 0; i < N; i++) {
            idx[i] = gc_int(&rng, 0, M - 2); /* y[M-1] gets nothing: stays 0 */
            perm[i] = i;
        }
        for (int i = N - 1; i > 0; i--) {
            int j = gc_int(&rng, 0, i), tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        memcpy(y, p + N, sizeof y);
        memcpy(y_ref, p + N, sizeof y_ref);
        memcpy(g + N, w, sizeof w);
        gather_scatter_grad(p, g, idx, perm, y, g + N, N, M);
        gather_scatter(p, idx, perm, y_ref, N, M);
        gc_check_array(y, y_ref, M, GC_PRIMAL_RTOL, 0.0);
        gc_check_grad("gather_scatter", eval, p, N + M, g, GC_RTOL, GC_ATOL);
        double tp[N + M], u[N + M];
        gc_fill_dir(&rng, tp, N + M);
        gc_fill_dir(&rng, u, N + M);
        gc_check_jvp("gather_scatter", eval, eval_jvp, p, tp, N + M, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("gather_scatter", eval_grad, eval_hvp, p, tp, u, N + M, GC_RTOL, GC_ATOL);
    }
    return gc_report("int_index");
}
#endif
