/* bench_main.c: the adcc benchmark driver.
 *
 * For each model (Rosenbrock, n = 10^6; ADBench GMM, d = 10, K = 25,
 * n = 1000) it builds inputs from a fixed-seed RNG, validates, then times
 * the primal, adcc's generated gradient and the hand-written adjoint and
 * prints one table. Validation, before any timing, aborts the run on the
 * first mismatch:
 *   - hand gradient vs central finite differences of the primal on a few
 *     dozen random components;
 *   - the value each gradient returns vs the primal value;
 *   - each gradient accumulates into (does not overwrite) its adjoints;
 *   - adcc gradient vs hand gradient on every component, relative 1e-9.
 * Built with -DNO_ADCC the adcc parts are left out (the harness runs
 * without the generated code).
 *
 * Usage: bench_main [--reps N]   (N >= 7 timed repetitions per
 * measurement after one warm-up; the median is reported). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "bench.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NO_ADCC
#include <adcc_rt.h>
#endif

#define MIN_REPS 7
#define DEFAULT_REPS 11
#define FD_COMPONENTS 36
#define ADCC_VS_HAND_RTOL 1e-9
#define PRIMAL_RTOL 1e-12

/* ---- failure ------------------------------------------------------------ */

static void fail(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "\nbench: VALIDATION FAILED: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nbench: no timings reported.\n");
    exit(EXIT_FAILURE);
}

static void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count, size);
    if (!p) {
        fprintf(stderr, "bench: out of memory\n");
        exit(EXIT_FAILURE);
    }
    return p;
}

/* ---- fixed-seed RNG (splitmix64) ---------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_uniform(void)
{
    return (double)(rng_next() >> 11) * 0x1.0p-53;
}

static double rng_range(double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform();
}

/* Standard normal (Box-Muller). */
static double rng_normal(void)
{
    double u = 1.0 - rng_uniform(); /* (0, 1] */
    double v = rng_uniform();
    return sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

static size_t rng_index(size_t n)
{
    return (size_t)(rng_next() % n);
}

/* ---- the problems ------------------------------------------------------- */

/* A model seen as f(p) of one flat parameter vector p (the active
 * parameters laid end to end) with the gradient in a flat vector of the
 * same length. */
typedef struct problem problem;
struct problem {
    const char *name;
    size_t nparams;
    double *params;
    /* number of terms the objective sums, for the finite-difference noise
     * estimate */
    double nterms;
    double (*primal)(const problem *pb);
    double (*hand)(const problem *pb, double *grad);
    double (*adcc)(const problem *pb, double *grad); /* NULL with NO_ADCC */
    /* adcc's f_jvp along dir (tangent in *t) and f_hvp along dir (gradient
     * in g, H dir in g + nparams); NULL with NO_ADCC */
    double (*jvp)(const problem *pb, double *t);
    double (*hvp)(const problem *pb, double *g);
    double *dir;
    /* the component the c-th finite-difference sample looks at */
    size_t (*pick)(const problem *pb, int c);
    /* model data */
    int n, d, k, wishart_m;
    double wishart_gamma;
    const double *x;
};

static double ros_primal(const problem *pb)
{
    return rosenbrock(pb->params, pb->n);
}

static double ros_hand(const problem *pb, double *g)
{
    return rosenbrock_hand_grad(pb->params, g, pb->n);
}

#ifndef NO_ADCC
static double ros_adcc(const problem *pb, double *g)
{
    return rosenbrock_grad(pb->params, g, pb->n);
}

static double ros_jvp(const problem *pb, double *t)
{
    return rosenbrock_jvp(pb->params, pb->dir, pb->n, t);
}

static double ros_hvp(const problem *pb, double *g)
{
    return rosenbrock_hvp(pb->params, pb->dir, g, g + pb->nparams, pb->n);
}
#endif

/* GMM flat layout: alphas (k), means (k*d), icf (k*d(d+1)/2). */
static size_t gmm_means_off(const problem *pb) { return (size_t)pb->k; }
static size_t gmm_icf_off(const problem *pb)
{
    return (size_t)pb->k + (size_t)pb->k * (size_t)pb->d;
}

static double gmm_primal(const problem *pb)
{
    const double *p = pb->params;
    return gmm_objective(pb->d, pb->k, pb->n, p, p + gmm_means_off(pb),
                         p + gmm_icf_off(pb), pb->x, pb->wishart_gamma,
                         pb->wishart_m);
}

static double gmm_hand(const problem *pb, double *g)
{
    const double *p = pb->params;
    size_t mo = gmm_means_off(pb), io = gmm_icf_off(pb);
    return gmm_objective_hand_grad(pb->d, pb->k, pb->n, p, g, p + mo, g + mo,
                                   p + io, g + io, pb->x, pb->wishart_gamma,
                                   pb->wishart_m);
}

#ifndef NO_ADCC
static double gmm_adcc(const problem *pb, double *g)
{
    const double *p = pb->params;
    size_t mo = gmm_means_off(pb), io = gmm_icf_off(pb);
    return gmm_objective_grad(pb->d, pb->k, pb->n, p, g, p + mo, g + mo,
                              p + io, g + io, pb->x, pb->wishart_gamma,
                              pb->wishart_m);
}

static double gmm_jvp(const problem *pb, double *t)
{
    const double *p = pb->params, *v = pb->dir;
    size_t mo = gmm_means_off(pb), io = gmm_icf_off(pb);
    return gmm_objective_jvp(pb->d, pb->k, pb->n, p, v, p + mo, v + mo, p + io, v + io, pb->x,
                             pb->wishart_gamma, pb->wishart_m, t);
}

static double gmm_hvp(const problem *pb, double *g)
{
    const double *p = pb->params, *v = pb->dir;
    double *hv = g + pb->nparams;
    size_t mo = gmm_means_off(pb), io = gmm_icf_off(pb);
    return gmm_objective_hvp(pb->d, pb->k, pb->n, p, v, g, hv, p + mo, v + mo, g + mo, hv + mo,
                             p + io, v + io, g + io, hv + io, pb->x, pb->wishart_gamma,
                             pb->wishart_m);
}
#endif

/* Finite-difference samples: the first and last component, then random
 * ones. */
static size_t ros_pick(const problem *pb, int c)
{
    return c == 0 ? 0 : c == 1 ? pb->nparams - 1 : rng_index(pb->nparams);
}

/* Finite-difference samples cycle through the four kinds of parameter:
 * alpha, mean, log-diagonal q, strictly-lower L (random component and
 * entry each). */
static size_t gmm_pick(const problem *pb, int c)
{
    size_t d = (size_t)pb->d, k = (size_t)pb->k;
    size_t icf_sz = d * (d + 1) / 2;
    size_t comp = rng_index(k);
    switch (c % 4) {
    case 0:
        return comp;
    case 1:
        return gmm_means_off(pb) + comp * d + rng_index(d);
    case 2:
        return gmm_icf_off(pb) + comp * icf_sz + rng_index(d);
    default:
        if (d < 2)
            return gmm_icf_off(pb) + comp * icf_sz;
        return gmm_icf_off(pb) + comp * icf_sz + d + rng_index(icf_sz - d);
    }
}

static void make_rosenbrock(problem *pb, int n)
{
    memset(pb, 0, sizeof *pb);
    pb->name = "rosenbrock";
    pb->n = n;
    pb->nparams = (size_t)n;
    pb->params = xcalloc(pb->nparams, sizeof(double));
    for (size_t i = 0; i < pb->nparams; i++)
        pb->params[i] = rng_range(-1.5, 1.5);
    pb->nterms = n;
    pb->pick = ros_pick;
    pb->primal = ros_primal;
    pb->hand = ros_hand;
#ifndef NO_ADCC
    pb->adcc = ros_adcc;
    pb->jvp = ros_jvp;
    pb->hvp = ros_hvp;
#endif
}

static void make_gmm(problem *pb, int d, int k, int n)
{
    if (d < 1 || d > GMM_MAX_D) {
        fprintf(stderr, "bench: gmm needs 1 <= d <= %d (got %d)\n",
                GMM_MAX_D, d);
        exit(EXIT_FAILURE);
    }
    memset(pb, 0, sizeof *pb);
    pb->name = "gmm";
    pb->d = d;
    pb->k = k;
    pb->n = n;
    pb->wishart_gamma = 1.0; /* ADBench */
    pb->wishart_m = 0;
    size_t icf_sz = (size_t)d * (size_t)(d + 1) / 2;
    pb->nparams = (size_t)k + (size_t)k * d + (size_t)k * icf_sz;
    pb->params = xcalloc(pb->nparams, sizeof(double));
    double *alphas = pb->params;
    double *means = alphas + gmm_means_off(pb);
    double *icf = alphas + gmm_icf_off(pb);
    for (int c = 0; c < k; c++)
        alphas[c] = rng_normal();
    for (size_t i = 0; i < (size_t)k * d; i++)
        means[i] = rng_uniform();
    for (size_t i = 0; i < (size_t)k * icf_sz; i++)
        icf[i] = 0.5 * rng_normal();
    double *x = xcalloc((size_t)n * d, sizeof(double));
    for (size_t i = 0; i < (size_t)n * d; i++)
        x[i] = rng_uniform();
    pb->x = x;
    pb->nterms = (double)n * k;
    pb->pick = gmm_pick;
    pb->primal = gmm_primal;
    pb->hand = gmm_hand;
#ifndef NO_ADCC
    pb->adcc = gmm_adcc;
    pb->jvp = gmm_jvp;
    pb->hvp = gmm_hvp;
#endif
}

/* ---- validation --------------------------------------------------------- */

static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m)
            m = fabs(v[i]);
    return m;
}

/* Computes the gradient into a freshly zeroed vector and checks the value
 * returned against the primal. */
static double *gradient(const problem *pb, const char *which,
                        double (*fn)(const problem *, double *), double f)
{
    double *g = xcalloc(pb->nparams, sizeof(double));
    double fg = fn(pb, g);
    if (!(fabs(fg - f) <= PRIMAL_RTOL * fabs(f)))
        fail("%s: %s gradient returns %.17g, primal is %.17g", pb->name,
             which, fg, f);
    for (size_t i = 0; i < pb->nparams; i++)
        if (!isfinite(g[i]))
            fail("%s: %s gradient component %zu is %g", pb->name, which, i,
                 g[i]);
    return g;
}

/* The contract says adjoints accumulate: run again on top of 1 + g and
 * expect 1 + 2 g. */
static void check_accumulates(const problem *pb, const char *which,
                              double (*fn)(const problem *, double *),
                              const double *g)
{
    double *acc = xcalloc(pb->nparams, sizeof(double));
    for (size_t i = 0; i < pb->nparams; i++)
        acc[i] = 1.0 + g[i];
    fn(pb, acc);
    double scale = max_abs(g, pb->nparams);
    for (size_t i = 0; i < pb->nparams; i++) {
        double want = 1.0 + 2.0 * g[i];
        if (!(fabs(acc[i] - want) <= 1e-12 * (fabs(want) + scale + 1.0)))
            fail("%s: %s gradient does not accumulate: component %zu is "
                 "%.17g after a second call on top of 1 + g, want %.17g",
                 pb->name, which, i, acc[i], want);
    }
    free(acc);
}

/* Hand gradient vs central differences on FD_COMPONENTS random
 * components. The step is h = 1e-5 (1 + |p_j|) for the GMM; Rosenbrock is
 * a quartic in each x_j, so its central difference is exact up to
 * 400 x_j h^2 and takes a larger step against rounding noise. The
 * tolerance is a relative 1e-6 plus the rounding noise of two sums of
 * nterms terms, estimated as 4 sqrt(nterms) eps |f| / h, plus 1e-9 of the
 * largest gradient component. */
static void check_fd(problem *pb, const double *g, double f, double hrel,
                     double rtol)
{
    double gmax = max_abs(g, pb->nparams);
    double worst = 0.0;
    size_t worst_j = 0;
    for (int c = 0; c < FD_COMPONENTS; c++) {
        size_t j = pb->pick(pb, c);
        double p = pb->params[j];
        double h = hrel * (1.0 + fabs(p));
        pb->params[j] = p + h;
        double fp = pb->primal(pb);
        pb->params[j] = p - h;
        double fm = pb->primal(pb);
        pb->params[j] = p;
        double hh = (p + h) - (p - h); /* the step actually taken */
        double fd = (fp - fm) / hh;
        double noise = 4.0 * sqrt(pb->nterms) * DBL_EPSILON * fabs(f) / hh;
        double tol = rtol * fabs(g[j]) + noise + 1e-9 * gmax;
        double err = fabs(fd - g[j]);
        if (!(err <= tol))
            fail("%s: hand gradient vs finite differences, component %zu: "
                 "hand %.17g, central difference %.17g (|diff| %.3g > tol "
                 "%.3g)",
                 pb->name, j, g[j], fd, err, tol);
        if (err / tol > worst) {
            worst = err / tol;
            worst_j = j;
        }
    }
    printf("  %-10s hand vs finite differences: %d components ok "
           "(worst |diff|/tol %.3f at %zu)\n",
           pb->name, FD_COMPONENTS, worst, worst_j);
}

#ifndef NO_ADCC
/* adcc vs hand on every component: |a - h| <= rtol max(|h|, 1e-4 max|h|)
 * (the floor keeps components that cancel to near zero from demanding
 * more than rounding allows). */
static void check_adcc_vs_hand(const problem *pb, const double *ga,
                               const double *gh)
{
    double floor = 1e-4 * max_abs(gh, pb->nparams);
    double worst = 0.0;
    size_t worst_j = 0;
    for (size_t j = 0; j < pb->nparams; j++) {
        double den = fabs(gh[j]) > floor ? fabs(gh[j]) : floor;
        double rel = den > 0.0 ? fabs(ga[j] - gh[j]) / den
                               : fabs(ga[j] - gh[j]);
        if (!(rel <= ADCC_VS_HAND_RTOL))
            fail("%s: adcc gradient vs hand gradient, component %zu: adcc "
                 "%.17g, hand %.17g (relative %.3g > %g)",
                 pb->name, j, ga[j], gh[j], rel, ADCC_VS_HAND_RTOL);
        if (rel > worst) {
            worst = rel;
            worst_j = j;
        }
    }
    printf("  %-10s adcc vs hand: all %zu components agree (worst relative "
           "%.3g at %zu)\n",
           pb->name, pb->nparams, worst, worst_j);
}
#endif

static void validate(problem *pb, double hrel, double rtol)
{
    double f = pb->primal(pb);
    if (!isfinite(f))
        fail("%s: primal is %g", pb->name, f);
    double *gh = gradient(pb, "hand", pb->hand, f);
    check_accumulates(pb, "hand", pb->hand, gh);
    check_fd(pb, gh, f, hrel, rtol);
#ifndef NO_ADCC
    double *ga = gradient(pb, "adcc", pb->adcc, f);
    check_accumulates(pb, "adcc", pb->adcc, ga);
    check_adcc_vs_hand(pb, ga, gh);
    free(ga);
    if (adcc_tape_bytes() != 0)
        fail("%s: adcc tape holds %zu bytes after the gradient returned",
             pb->name, adcc_tape_bytes());
#endif
    free(gh);
}

#ifndef NO_ADCC
/* Forward mode and HVPs along a random direction v: f_jvp's value is the
 * primal and its tangent <g, v> (dot-product test against f_grad, relative
 * to the size of the terms); f_hvp's gradient is f_grad's and H v agrees
 * with fourth-order central differences of f_grad along v. */
static void validate_forward(problem *pb, double fd_rtol)
{
    size_t n = pb->nparams;
    pb->dir = xcalloc(n, sizeof(double));
    for (size_t i = 0; i < n; i++)
        pb->dir[i] = rng_range(-1.0, 1.0);
    double f = pb->primal(pb), t = 0.0;
    double *g = gradient(pb, "adcc", pb->adcc, f);
    if (!(fabs(pb->jvp(pb, &t) - f) <= PRIMAL_RTOL * fabs(f)))
        fail("%s: f_jvp's value differs from the primal", pb->name);
    double dot = 0.0, size = 0.0;
    for (size_t i = 0; i < n; i++) {
        dot += g[i] * pb->dir[i];
        size += fabs(g[i] * pb->dir[i]);
    }
    if (!(fabs(t - dot) <= 1e-10 * size))
        fail("%s: dot-product test: f_jvp %.17g vs <f_grad, v> %.17g", pb->name, t, dot);
    double *gh = xcalloc(2 * n, sizeof(double)), *fd = xcalloc(n, sizeof(double));
    double *gk = xcalloc(n, sizeof(double)), *p0 = xcalloc(n, sizeof(double));
    if (!(fabs(pb->hvp(pb, gh) - f) <= PRIMAL_RTOL * fabs(f)))
        fail("%s: f_hvp's value differs from the primal", pb->name);
    memcpy(p0, pb->params, n * sizeof(double));
    static const double steps[4] = {1.0, -1.0, 2.0, -2.0}, weights[4] = {8.0, -8.0, -1.0, 1.0};
    double h = 1e-3;
    for (int k = 0; k < 4; k++) {
        for (size_t i = 0; i < n; i++)
            pb->params[i] = p0[i] + steps[k] * h * pb->dir[i];
        memset(gk, 0, n * sizeof(double));
        pb->adcc(pb, gk);
        for (size_t i = 0; i < n; i++)
            fd[i] += weights[k] * gk[i] / (12.0 * h);
    }
    memcpy(pb->params, p0, n * sizeof(double));
    double hmax = max_abs(gh + n, n);
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(gh[i] - g[i]) <= 1e-12 * (fabs(g[i]) + 1e-300)))
            fail("%s: f_hvp's gradient component %zu is %.17g, f_grad's %.17g", pb->name, i, gh[i], g[i]);
        if (!(fabs(gh[n + i] - fd[i]) <= fd_rtol * (fabs(fd[i]) + hmax)))
            fail("%s: (H v)[%zu] = %.17g but finite differences of f_grad give %.17g", pb->name, i,
                 gh[n + i], fd[i]);
    }
    printf("  %-10s f_jvp: dot-product test ok; f_hvp: gradient and H v (vs finite differences) ok\n",
           pb->name);
    free(g);
    free(gh);
    free(fd);
    free(gk);
    free(p0);
}
#endif

/* ---- timing ------------------------------------------------------------- */

typedef struct timing {
    double median, min, max; /* ms; median < 0: not measured */
} timing;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static volatile double sink;

/* One warm-up, then reps timed calls; the nvec adjoint vectors are zeroed
 * before each call, outside the timed region. grad_fn NULL times the primal. */
static timing time_it(const problem *pb,
                      double (*grad_fn)(const problem *, double *), int reps, size_t nvec)
{
    size_t len = nvec * pb->nparams;
    double *g = grad_fn ? xcalloc(len, sizeof(double)) : NULL;
    double *t = xcalloc((size_t)reps, sizeof(double));
    for (int r = -1; r < reps; r++) {
        if (g)
            memset(g, 0, len * sizeof(double));
        double t0 = now_ms();
        double v = grad_fn ? grad_fn(pb, g) : pb->primal(pb);
        double t1 = now_ms();
        sink = v;
        if (r >= 0)
            t[r] = t1 - t0;
    }
    qsort(t, (size_t)reps, sizeof(double), cmp_double);
    timing res;
    res.median = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
    res.min = t[0];
    res.max = t[reps - 1];
    free(t);
    free(g);
    return res;
}

typedef struct row {
    char label[64];
    timing primal, adcc, hand, jvp, hvp;
} row;

static void print_spread(const char *what, timing t, int reps)
{
    if (t.median < 0.0)
        return;
    printf("    %-12s median %9.3f ms   min %9.3f   max %9.3f   (%d reps)\n",
           what, t.median, t.min, t.max, reps);
}

static row run_timing(const problem *pb, const char *label, int reps)
{
    row rw;
    snprintf(rw.label, sizeof rw.label, "%s", label);
    rw.primal = time_it(pb, NULL, reps, 1);
    rw.hand = time_it(pb, pb->hand, reps, 1);
    rw.adcc.median = rw.adcc.min = rw.adcc.max = -1.0;
    rw.jvp = rw.hvp = rw.adcc;
    if (pb->adcc)
        rw.adcc = time_it(pb, pb->adcc, reps, 1);
    if (pb->jvp) {
        rw.jvp = time_it(pb, pb->jvp, reps, 1);
        rw.hvp = time_it(pb, pb->hvp, reps, 2);
    }
    printf("  %s\n", label);
    print_spread("primal", rw.primal, reps);
    print_spread("adcc grad", rw.adcc, reps);
    print_spread("hand grad", rw.hand, reps);
    print_spread("adcc jvp", rw.jvp, reps);
    print_spread("adcc hvp", rw.hvp, reps);
    return rw;
}

static void print_cell_ms(double ms)
{
    if (ms < 0.0)
        printf(" %12s", "-");
    else
        printf(" %12.3f", ms);
}

static void print_cell_ratio(double num, double den)
{
    if (num < 0.0 || den <= 0.0)
        printf(" %11s", "-");
    else
        printf(" %11.2f", num / den);
}

static void print_table(const row *rows, int nrows)
{
    printf("\n%-30s %12s %12s %12s %11s %11s %11s\n", "model", "primal ms",
           "adcc grad ms", "hand grad ms", "grad/primal", "hand/primal",
           "adcc/hand");
    for (int i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        printf("%-30s", r->label);
        print_cell_ms(r->primal.median);
        print_cell_ms(r->adcc.median);
        print_cell_ms(r->hand.median);
        print_cell_ratio(r->adcc.median, r->primal.median);
        print_cell_ratio(r->hand.median, r->primal.median);
        print_cell_ratio(r->adcc.median, r->hand.median);
        printf("\n");
    }
    printf("(medians; grad/primal is the adcc gradient's; "
           "adcc/hand < 1 means adcc is faster)\n");
    printf("\n%-30s %12s %12s %11s %12s %12s %11s\n", "model", "primal ms", "jvp ms", "jvp/primal",
           "grad ms", "hvp ms", "hvp/grad");
    for (int i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        printf("%-30s", r->label);
        print_cell_ms(r->primal.median);
        print_cell_ms(r->jvp.median);
        print_cell_ratio(r->jvp.median, r->primal.median);
        print_cell_ms(r->adcc.median);
        print_cell_ms(r->hvp.median);
        print_cell_ratio(r->hvp.median, r->adcc.median);
        printf("\n");
    }
    printf("(medians of adcc's f_jvp, f_grad and f_hvp; one direction)\n");
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int reps = DEFAULT_REPS;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: %s [--reps N]   (N >= %d)\n", argv[0],
                    MIN_REPS);
            return 2;
        }
    }
    if (reps < MIN_REPS) {
        fprintf(stderr, "bench: --reps must be at least %d\n", MIN_REPS);
        return 2;
    }

#ifdef NO_ADCC
    printf("adcc benchmark (built with NO_ADCC: adcc gradient not measured)\n");
#else
    printf("adcc benchmark\n");
#endif

    const int ros_n = 1000000;
    const int gmm_d = 10, gmm_k = 25, gmm_n = 1000;
    problem ros, ros_small, gmm;
    make_rosenbrock(&ros, ros_n);
    make_gmm(&gmm, gmm_d, gmm_k, gmm_n);
    /* Validation only: the long sum of the n = 10^6 instance makes its
     * finite differences noisy (relative ~1e-4 tolerance), so the hand
     * gradient is also checked tightly on a short instance. */
    make_rosenbrock(&ros_small, 1000);
    ros_small.name = "ros-1000";

    printf("validation:\n");
    validate(&ros_small, 1e-4, 1e-6);
    validate(&ros, 1e-3, 1e-6);
    validate(&gmm, 1e-5, 1e-6);
#ifndef NO_ADCC
    validate_forward(&ros_small, 1e-9);
    validate_forward(&ros, 1e-9);
    validate_forward(&gmm, 1e-7);
    free(ros_small.dir);
#endif
    free(ros_small.params);

    printf("timing (one warm-up, then %d repetitions each):\n", reps);
    row rows[2];
    char label[64];
    snprintf(label, sizeof label, "rosenbrock n=%d", ros_n);
    rows[0] = run_timing(&ros, label, reps);
    snprintf(label, sizeof label, "gmm d=%d K=%d n=%d", gmm_d, gmm_k, gmm_n);
    rows[1] = run_timing(&gmm, label, reps);
#ifndef NO_ADCC
    printf("  adcc tape peak over the run: %.1f MiB\n",
           (double)adcc_tape_peak_bytes() / (1024.0 * 1024.0));
#endif

    print_table(rows, 2);

    free(ros.params);
    free(gmm.params);
    free(ros.dir);
    free(gmm.dir);
    free((void *)gmm.x);
    return 0;
}
