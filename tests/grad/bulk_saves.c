// RUN: %gradcheck %s %t
// Whole-range saves (ad/rev_bulk.c): helpers whose counted loops overwrite
// an array the caller reads again, called repeatedly on the same scratch
// memory, so every save is needed. fill (offset k*n, `<=` bound), the
// model's own per-k loop and local_fill's inner loop are saved as ranges;
// fill_stop (a break), pairs (two writes per iteration) and scale (the
// reversed loop reads out) keep per-element saves. Local arrays saved at
// the end of their scope (local_fill's t, grid's 2-D g) go in one call.
// Gradient, jvp and hvp all go through both kinds of save.
#include <adcc.h>
#include <math.h>

#define NMAX 6

static void fill(int n, int k, const double *x, double *out)
{
    for (int i = 0; i <= n - 1; i++)
        out[i + k * n] = sin(x[i]) * (x[i] + k);
}

static void fill_stop(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        if (x[i] > 5.0)
            break;
        out[i] = x[i] * x[i] - out[i];
    }
}

static void pairs(int n, const double *x, double *out)
{
    for (int i = 0; i < n - 1; i++) {
        out[i] = x[i] * out[i + 1];
        out[i + 1] = cos(x[i]) + out[i];
    }
}

static void scale(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++)
        out[i] *= x[i] + 1.5;
}

static double sum_sq(int n, const double *v)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}

static double local_fill(int n, const double *x)
{
    double s = 0.0;
    for (int j = 0; j < 2; j++) {
        double t[NMAX];
        for (int i = 0; i < n; i++)
            t[i] = x[i] * (j + 1.0);
        s += sum_sq(n, t);
    }
    return s;
}

/* A 2-D local array the reverse sweep reads after its scope: saved at the
 * scope's end in one call over all its elements. */
static double grid(int n, const double *x)
{
    double s = 0.0;
    for (int j = 0; j < 2; j++) {
        double g[2][3];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                g[a][b] = x[(a + b + j) % n] * (a + 1.0);
        s += g[0][1] * g[1][2] + g[1][0] * g[0][0];
    }
    return s;
}

ADCC_GRAD(x)
ADCC_JVP(x)
ADCC_HVP(x)
double bulk(int n, int reps, const double *x)
{
    double buf[2 * NMAX];
    double m[NMAX];
    double s = 0.0;
    for (int r = 0; r < reps; r++) {
        fill(n, 0, x, buf);
        fill(n, 1, x, buf);
        s += sum_sq(2 * n, buf);
        fill_stop(n, x, buf);
        pairs(n, x, buf + n);
        s += sum_sq(2 * n, buf);
        scale(n, x, buf);
        s += 0.5 * sum_sq(n, buf);
        for (int k = 0; k < n; k++)
            m[k] = sum_sq(n, buf) * x[k] + buf[k + n];
        for (int k = 0; k < n; k++)
            s += m[k] * m[k] * 0.01;
        s += local_fill(n, x) + grid(n, x);
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 5

double bulk_grad(int n, int reps, const double *x, double *d_x);
double bulk_jvp(int n, int reps, const double *x, const double *t_x, double *t_ret);
double bulk_hvp(int n, int reps, const double *x, const double *v_x, double *d_x, double *hv_x);

static double eval(const double *p, int np) { return bulk(np, 3, p); }

static double eval_jvp(const double *p, const double *tp, int np)
{
    double t;
    double v = bulk_jvp(np, 3, p, tp, &t);
    gc_check_close(v, bulk(np, 3, p), GC_PRIMAL_RTOL, 0.0);
    return t;
}

static void eval_grad(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    bulk_grad(np, 3, p, g);
}

static void eval_hvp(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    bulk_hvp(np, 3, p, v, g, hv);
}

int main(void)
{
    GcRng rng = gc_seed(113);
    for (int t = 0; t < 4; t++) {
        double p[N], g[N] = {0.0};
        gc_fill(&rng, p, N, -0.9, 0.9);
        bulk_grad(N, 3, p, g);
        gc_check_grad("bulk", eval, p, N, g, GC_RTOL, GC_ATOL);
        double tp[N], u[N];
        gc_fill_dir(&rng, tp, N);
        gc_fill_dir(&rng, u, N);
        gc_check_jvp("bulk", eval, eval_jvp, p, tp, N, g, GC_RTOL, GC_ATOL);
        gc_check_hvp("bulk", eval_grad, eval_hvp, p, tp, u, N, GC_RTOL, GC_ATOL);
    }
    return gc_report("bulk_saves");
}
#endif
