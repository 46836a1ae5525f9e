// RUN: %gradcheck %s %t
// f_hvp against exact Hessians of closed-form functions: a quadratic form
// 0.5 x^T A x + b^T x with a fixed nonsymmetric A (H = (A + A^T) / 2), the
// n-dimensional Rosenbrock function (tridiagonal H), log-sum-exp
// (H = diag(s) - s s^T, s = softmax(x)), a product/exp/sin of two scalars
// (2x2 H by hand), and a chain of calls to a helper in a loop (H a sum of
// 2x2 blocks). For each, H v for random directions v and for every unit
// vector (so the whole Hessian is rebuilt column by column) is compared
// with the exact H v to 1e-12 relative to the size of its terms; f_hvp's
// gradient with the exact gradient; and gc_check_hvp compares with finite
// differences of f_grad and checks symmetry.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_HVP(x)
double quad(const double *x, const double *A, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double r = 0.0;
        for (int j = 0; j < n; j++)
            r += A[i * n + j] * x[j];
        s += 0.5 * x[i] * r + b[i] * x[i];
    }
    return s;
}

ADCC_GRAD(x)
ADCC_HVP(x)
double rosenbrock(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i], c = 1.0 - x[i];
        s += 100.0 * a * a + c * c;
    }
    return s;
}

ADCC_GRAD(x)
ADCC_HVP(x)
double logsumexp(const double *x, int n)
{
    double m = x[0];
    for (int i = 1; i < n; i++)
        m = x[i] > m ? x[i] : m;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += exp(x[i] - m);
    return m + log(s);
}

ADCC_GRAD(a, b)
ADCC_HVP(a, b)
double prod_exp_sin(double a, double b)
{
    return a * b * exp(a) + sin(a * b);
}

/* u^2 v + cos(u - v) */
static double bond(double u, double v)
{
    return u * u * v + cos(u - v);
}

ADCC_GRAD(x)
ADCC_HVP(x)
double chain(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n - 1; i++)
        s += bond(x[i], x[i + 1]);
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

double quad_grad(const double *x, double *d_x, const double *A, const double *b, int n);
double quad_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, const double *A, const double *b,
                int n);
double rosenbrock_grad(const double *x, double *d_x, int n);
double rosenbrock_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double logsumexp_grad(const double *x, double *d_x, int n);
double logsumexp_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double prod_exp_sin_grad(double a, double *d_a, double b, double *d_b);
double prod_exp_sin_hvp(double a, double v_a, double *d_a, double *hv_a, double b, double v_b, double *d_b,
                        double *hv_b);
double chain_grad(const double *x, double *d_x, int n);
double chain_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);

#define N 7
#define MAXN N

static double A[N * N], bvec[N];

/* ---- f_grad / f_hvp wrappers, p = the active inputs --------------------- */

static void quad_g(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    quad_grad(p, g, A, bvec, np);
}
static void quad_h(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = quad_hvp(p, v, g, hv, A, bvec, np);
    gc_check_close(r, quad(p, A, bvec, np), GC_PRIMAL_RTOL, 0.0);
}
static void rosen_g(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    rosenbrock_grad(p, g, np);
}
static void rosen_h(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = rosenbrock_hvp(p, v, g, hv, np);
    gc_check_close(r, rosenbrock(p, np), GC_PRIMAL_RTOL, 0.0);
}
static void lse_g(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    logsumexp_grad(p, g, np);
}
static void lse_h(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = logsumexp_hvp(p, v, g, hv, np);
    gc_check_close(r, logsumexp(p, np), GC_PRIMAL_RTOL, 0.0);
}
static void pes_g(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    prod_exp_sin_grad(p[0], &g[0], p[1], &g[1]);
}
static void pes_h(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = prod_exp_sin_hvp(p[0], v[0], &g[0], &hv[0], p[1], v[1], &g[1], &hv[1]);
    gc_check_close(r, prod_exp_sin(p[0], p[1]), GC_PRIMAL_RTOL, 0.0);
}
static void chain_g(const double *p, int np, double *g)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    chain_grad(p, g, np);
}
static void chain_h(const double *p, const double *v, int np, double *g, double *hv)
{
    memset(g, 0, sizeof(double) * (size_t)np);
    memset(hv, 0, sizeof(double) * (size_t)np);
    double r = chain_hvp(p, v, g, hv, np);
    gc_check_close(r, chain(p, np), GC_PRIMAL_RTOL, 0.0);
}

/* ---- exact gradients and Hessians (H row-major n-by-n) ------------------ */

static void quad_exact(const double *x, int n, double *g, double *H)
{
    for (int i = 0; i < n; i++) {
        g[i] = bvec[i];
        for (int j = 0; j < n; j++) {
            H[i * n + j] = 0.5 * (A[i * n + j] + A[j * n + i]);
            g[i] += 0.5 * (A[i * n + j] + A[j * n + i]) * x[j];
        }
    }
}

static void rosen_exact(const double *x, int n, double *g, double *H)
{
    memset(H, 0, sizeof(double) * (size_t)(n * n));
    memset(g, 0, sizeof(double) * (size_t)n);
    for (int i = 0; i < n - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        g[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
        g[i + 1] += 200.0 * a;
        H[i * n + i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        H[(i + 1) * n + i + 1] += 200.0;
        H[i * n + i + 1] = H[(i + 1) * n + i] = -400.0 * x[i];
    }
}

static void lse_exact(const double *x, int n, double *g, double *H)
{
    double m = x[0], sum = 0.0;
    for (int i = 1; i < n; i++)
        m = x[i] > m ? x[i] : m;
    for (int i = 0; i < n; i++)
        sum += exp(x[i] - m);
    for (int i = 0; i < n; i++)
        g[i] = exp(x[i] - m) / sum;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            H[i * n + j] = (i == j ? g[i] : 0.0) - g[i] * g[j];
}

static void pes_exact(const double *x, int n, double *g, double *H)
{
    (void)n;
    double a = x[0], b = x[1], e = exp(a), s = sin(a * b), c = cos(a * b);
    g[0] = b * e * (1.0 + a) + b * c;
    g[1] = a * e + a * c;
    H[0] = b * e * (2.0 + a) - b * b * s;
    H[1] = H[2] = e * (1.0 + a) + c - a * b * s;
    H[3] = -a * a * s;
}

static void chain_exact(const double *x, int n, double *g, double *H)
{
    memset(H, 0, sizeof(double) * (size_t)(n * n));
    memset(g, 0, sizeof(double) * (size_t)n);
    for (int i = 0; i < n - 1; i++) {
        double u = x[i], v = x[i + 1], s = sin(u - v), c = cos(u - v);
        g[i] += 2.0 * u * v - s;
        g[i + 1] += u * u + s;
        H[i * n + i] += 2.0 * v - c;
        H[i * n + i + 1] += 2.0 * u + c;
        H[(i + 1) * n + i] += 2.0 * u + c;
        H[(i + 1) * n + i + 1] += -c;
    }
}

/* ---- the checks ----------------------------------------------------------- */

typedef struct Case {
    const char *name;
    GcGradFn grad;
    GcHvpFn hvp;
    void (*exact)(const double *x, int n, double *g, double *H);
} Case;

/* H v by f_hvp against the exact H v, each component to 1e-12 relative to
 * sum_j |H_ij v_j|; the gradient to 1e-13 relative likewise. */
static void check_direction(const Case *c, const double *p, const double *v, int n, const double *g_exact,
                            const double *H)
{
    double g[MAXN], hv[MAXN];
    c->hvp(p, v, n, g, hv);
    for (int i = 0; i < n; i++) {
        double want = 0.0, size = 0.0;
        for (int j = 0; j < n; j++) {
            want += H[i * n + j] * v[j];
            size += fabs(H[i * n + j] * v[j]);
        }
        gc_check_close(hv[i], want, 1e-12, 1e-12 * size);
    }
    gc_check_array(g, g_exact, n, 1e-13, 1e-13 * gc_scale(gc_max_abs(g_exact, n)));
}

static void check_case(const Case *c, GcRng *rng, const double *p, int n)
{
    double g_exact[MAXN], H[MAXN * MAXN], v[MAXN], u[MAXN];
    c->exact(p, n, g_exact, H);
    double scale = gc_scale(gc_max_abs(H, n * n));
    for (int k = 0; k < 3; k++) {
        gc_fill_dir(rng, v, n);
        check_direction(c, p, v, n, g_exact, H);
    }
    /* the whole Hessian, column by column */
    for (int j = 0; j < n; j++) {
        double e[MAXN] = {0.0};
        e[j] = 1.0;
        check_direction(c, p, e, n, g_exact, H);
    }
    gc_fill_dir(rng, v, n);
    gc_fill_dir(rng, u, n);
    gc_check_hvp(c->name, c->grad, c->hvp, p, v, u, n, GC_RTOL, GC_ATOL * scale);
}

int main(void)
{
    static const Case cases[] = {
        {"quad", quad_g, quad_h, quad_exact},
        {"rosenbrock", rosen_g, rosen_h, rosen_exact},
        {"logsumexp", lse_g, lse_h, lse_exact},
        {"prod_exp_sin", pes_g, pes_h, pes_exact},
        {"chain", chain_g, chain_h, chain_exact},
    };
    GcRng rng = gc_seed(2024);
    gc_fill(&rng, A, N * N, -1.0, 1.0);
    gc_fill(&rng, bvec, N, -1.0, 1.0);
    for (int t = 0; t < 4; t++) {
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            int n = strcmp(cases[k].name, "prod_exp_sin") == 0 ? 2 : N;
            double p[MAXN];
            gc_fill(&rng, p, n, -1.5, 1.5);
            check_case(&cases[k], &rng, p, n);
        }
    }
    return gc_report("hvp_closed_form");
}
#endif
