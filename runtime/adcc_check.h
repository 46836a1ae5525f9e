/* adcc_check.h: the checker that `adcc --emit-check` drivers include. It
 * compares a model's generated derivatives (f_grad, f_jvp, f_hvp) with
 * central finite differences of the model at seeded random points and
 * prints a table; the driver adcc writes supplies only the glue (the
 * sizes, and adapters that call the model's functions on flat vectors).
 * Header-only (static functions), so a driver needs no library beyond the
 * runtime it links anyway; nothing in adcc itself includes it.
 *
 * The scalar checked. A derivative's active parameters (those its
 * annotation names) form one flat input vector p, in parameter order (an
 * array contributes its elements). Its outputs are the floating result, if any, then the
 * final contents of every active non-const array; L(p) = ret + sum w_j y_j
 * with random weights w (the result's weight is 1, the contract's seed).
 * f_grad with d_y seeded by w gives dL/dp, the initial contents of the
 * arrays included (an array f only reads keeps its seed: dL/dy = w).
 *
 * Steps and tolerances (those of adcc's own tests, tests/grad/gradcheck.h).
 * The fourth-order central stencil (8(L(p+h)-L(p-h)) - (L(p+2h)-L(p-2h)))
 * / 12h, with a second opinion at another step (double h/4, float 2h): a
 * component fails only if both disagree.
 *   double: h = 2^-11 max(1, |p_i|); relative tolerance 1e-6, absolute
 *           1e-8 max(1, |L|).
 *   float:  h = 2^-6 2^floor(log2 max(1, |p_i|)), points on a grid of
 *           2^-10 so that p +- h, p +- 2h are exact; 2e-3 and 1e-4 max(1,|L|).
 * The error printed is |a - b| / max(|a|, |b|, atol / rtol): a check
 * passes when it is at most the relative tolerance. Primal values (what
 * f_grad, f_jvp and f_hvp return and write) must match f's to 1e-14
 * (float 1e-6); the dot-product test u.(J v) = (J^T u).v to 1e-10 (1e-5)
 * of the size of its terms. Inputs are uniform in [0.5, 1.5) (away from
 * the kinks and domain limits at 0 of fabs, sqrt and log), directions and
 * weights uniform in [-1, 1). */
#ifndef ADCC_CHECK_H
#define ADCC_CHECK_H

#include <adcc_rt.h>

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADCC_CHECK_MAXP 64
#define ADCC_CHECK_SEED 20240611u
#define ADCC_CHECK_LO 0.5
#define ADCC_CHECK_HI 1.5

typedef struct AdccCheckFn AdccCheckFn;
/* o = the outputs of f at p. */
typedef void (*AdccCheckEval)(const AdccCheckFn *fn, const double *p, double *o);
/* f_grad at p with seeds w: o its primal outputs, g the adjoints of p. */
typedef void (*AdccCheckGrad)(const AdccCheckFn *fn, const double *p, const double *w, double *o, double *g);
/* f_jvp at p along v: o its primal outputs, t their tangents. */
typedef void (*AdccCheckJvp)(const AdccCheckFn *fn, const double *p, const double *v, double *o, double *t);
/* f_hvp at p along v with seeds w: o, the gradient g and hv = H v. */
typedef void (*AdccCheckHvp)(const AdccCheckFn *fn, const double *p, const double *v, const double *w,
                             double *o, double *g, double *hv);

/* One derivative of one function: its parameters and the adapters. */
struct AdccCheckFn {
    const char *name;          /* the model function */
    const char *deriv;         /* "grad", "jvp", "hvp" */
    int is_float;              /* float steps and tolerances */
    long ival[ADCC_CHECK_MAXP];     /* integer parameters */
    size_t len[ADCC_CHECK_MAXP];    /* arrays: elements (scalars: 1) */
    double sval[ADCC_CHECK_MAXP];   /* inactive scalars */
    double *data[ADCC_CHECK_MAXP];  /* inactive arrays: contents */
    int active[ADCC_CHECK_MAXP];
    int output[ADCC_CHECK_MAXP];
    size_t in_off[ADCC_CHECK_MAXP];   /* active: offset in p */
    size_t out_off[ADCC_CHECK_MAXP];  /* outputs: offset in o */
    int nin, nout;
    int in_param[ADCC_CHECK_MAXP];    /* slot -> parameter */
    int out_param[ADCC_CHECK_MAXP + 1];   /* -1: the result */
    const char *pname[ADCC_CHECK_MAXP];
    size_t np, no;
    AdccCheckEval eval;
    AdccCheckGrad grad;        /* for jvp and hvp: f_grad, when it exists */
    AdccCheckJvp jvp;
    AdccCheckHvp hvp;
    const char *no_grad;       /* why there is no grad adapter (dot test) */
};

/* The whole run: random stream and counts. */
typedef struct AdccCheck {
    uint64_t seed, state;
    int passed, failed, skipped;
} AdccCheck;

/* ---- random numbers: splitmix64 ---------------------------------------- */

static inline uint64_t adcc_check_next(AdccCheck *ck)
{
    uint64_t z = (ck->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline double adcc_check_uniform(AdccCheck *ck, double lo, double hi)
{
    return lo + (hi - lo) * ((double)(adcc_check_next(ck) >> 11) * 0x1p-53);
}

/* An input value; on the 2^-10 grid for a float model. */
static inline double adcc_check_value(AdccCheck *ck, int is_float)
{
    double x = adcc_check_uniform(ck, ADCC_CHECK_LO, ADCC_CHECK_HI);
    return is_float ? floor(x * 0x1p10) * 0x1p-10 : x;
}

/* A direction or weight component; a multiple of 2^-4 for a float model. */
static inline double adcc_check_dir_value(AdccCheck *ck, int is_float)
{
    double x = adcc_check_uniform(ck, -1.0, 1.0);
    return is_float ? floor(x * 16.0) / 16.0 : x;
}

/* ---- the table ---------------------------------------------------------- */

static inline void adcc_check_row(AdccCheck *ck, const AdccCheckFn *fn, const char *param, double err,
                                  double tol)
{
    int ok = err <= tol;
    printf("%-20s %-5s %-16s %12.3e %10.1e  %s\n", fn->name, fn->deriv, param, err, tol, ok ? "PASS" : "FAIL");
    if (ok)
        ck->passed++;
    else
        ck->failed++;
}

/* A derivative the driver cannot check, and why. */
static inline void adcc_check_skip(AdccCheck *ck, const char *name, const char *deriv, const char *param,
                                   const char *why)
{
    printf("%-20s %-5s %-16s %12s %10s  SKIP: %s\n", name, deriv, param, "-", "-", why);
    ck->skipped++;
}

/* Seeds the stream (argv[1] overrides the fixed seed) and prints the header. */
static inline void adcc_check_init(AdccCheck *ck, const char *model, int argc, char **argv)
{
    memset(ck, 0, sizeof *ck);
    ck->seed = argc > 1 ? strtoull(argv[1], NULL, 0) : ADCC_CHECK_SEED;
    ck->state = ck->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    printf("adcc derivative check of %s: seed %llu, inputs uniform in [%g, %g)\n", model,
           (unsigned long long)ck->seed, ADCC_CHECK_LO, ADCC_CHECK_HI);
    printf("%-20s %-5s %-16s %12s %10s  %s\n", "function", "deriv", "parameter", "max rel err", "tolerance",
           "result");
}

/* Prints the summary; main's exit status: 0 when every check passed and
 * there was at least one, 1 otherwise. */
static inline int adcc_check_finish(AdccCheck *ck)
{
    adcc_tape_release();
    printf("%d passed, %d failed, %d skipped (seed %llu)\n", ck->passed, ck->failed, ck->skipped,
           (unsigned long long)ck->seed);
    if (ck->passed + ck->failed == 0) {
        printf("nothing was checked\n");
        return 1;
    }
    return ck->failed ? 1 : 0;
}

/* ---- describing a function (the driver's setup code) -------------------- */

static inline void adcc_check_begin(AdccCheckFn *fn, const char *name, const char *deriv, int is_float)
{
    memset(fn, 0, sizeof *fn);
    fn->name = name;
    fn->deriv = deriv;
    fn->is_float = is_float;
    for (int i = 0; i < ADCC_CHECK_MAXP; i++)
        fn->len[i] = 1;
}

/* The floating result: output 0, weight 1. */
static inline void adcc_check_result(AdccCheckFn *fn)
{
    fn->out_param[fn->nout++] = -1;
    fn->no = 1;
}

/* An array's extent from the driver's expression (negative: none). */
static inline size_t adcc_check_len(long n)
{
    return n > 0 ? (size_t)n : 0;
}

static inline size_t adcc_check_max(size_t a, long b)
{
    return b > 0 && (size_t)b > a ? (size_t)b : a;
}

/* Parameter i (named name) is active; an output too when it is a non-const array. */
static inline void adcc_check_active(AdccCheckFn *fn, int i, const char *name, int output)
{
    fn->pname[i] = name;
    fn->active[i] = 1;
    fn->in_param[fn->nin++] = i;
    fn->in_off[i] = fn->np;
    fn->np += fn->len[i];
    if (output) {
        fn->output[i] = 1;
        fn->out_param[fn->nout++] = i;
        fn->out_off[i] = fn->no;
        fn->no += fn->len[i];
    }
}

/* Parameter i is inactive: random contents, kept for every call. */
static inline void adcc_check_inactive(AdccCheck *ck, AdccCheckFn *fn, int i, int is_array)
{
    if (!is_array) {
        fn->sval[i] = adcc_check_value(ck, fn->is_float);
        return;
    }
    fn->data[i] = calloc(fn->len[i] ? fn->len[i] : 1, sizeof(double));
    if (!fn->data[i]) {
        fprintf(stderr, "adcc check: out of memory\n");
        exit(1);
    }
    for (size_t k = 0; k < fn->len[i]; k++)
        fn->data[i][k] = adcc_check_value(ck, fn->is_float);
}

static inline void adcc_check_end(AdccCheckFn *fn)
{
    for (int i = 0; i < ADCC_CHECK_MAXP; i++)
        free(fn->data[i]);
}

/* ---- the adapters' helpers ---------------------------------------------- */

static inline void *adcc_check_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "adcc check: out of memory\n");
        exit(1);
    }
    return p;
}

/* Where parameter i's values come from: p when active, else its data. */
static inline const double *adcc_check_src(const AdccCheckFn *fn, int i, const double *p)
{
    return fn->active[i] ? p + fn->in_off[i] : fn->data[i];
}

/* A fresh copy of array parameter i, from p (active) or its data. */
static inline double *adcc_check_arg(const AdccCheckFn *fn, int i, const double *p)
{
    double *a = adcc_check_alloc(fn->len[i], sizeof *a);
    memcpy(a, adcc_check_src(fn, i, p), fn->len[i] * sizeof *a);
    return a;
}

static inline float *adcc_check_arg_f(const AdccCheckFn *fn, int i, const double *p)
{
    float *a = adcc_check_alloc(fn->len[i], sizeof *a);
    const double *s = adcc_check_src(fn, i, p);
    for (size_t k = 0; k < fn->len[i]; k++)
        a[k] = (float)s[k];
    return a;
}

/* Scalar parameter i. */
static inline double adcc_check_scalar(const AdccCheckFn *fn, int i, const double *p)
{
    return fn->active[i] ? p[fn->in_off[i]] : fn->sval[i];
}

/* Array i's direction (v, laid out as p) or zeros when i is inactive. */
static inline double *adcc_check_dir(const AdccCheckFn *fn, int i, const double *v)
{
    double *a = adcc_check_alloc(fn->len[i], sizeof *a);
    if (fn->active[i])
        memcpy(a, v + fn->in_off[i], fn->len[i] * sizeof *a);
    return a;
}

static inline float *adcc_check_dir_f(const AdccCheckFn *fn, int i, const double *v)
{
    float *a = adcc_check_alloc(fn->len[i], sizeof *a);
    for (size_t k = 0; fn->active[i] && k < fn->len[i]; k++)
        a[k] = (float)v[fn->in_off[i] + k];
    return a;
}

static inline double adcc_check_dir_scalar(const AdccCheckFn *fn, int i, const double *v)
{
    return fn->active[i] ? v[fn->in_off[i]] : 0.0;
}

/* Array i's adjoint on entry: its output seed (w, laid out as o) or zeros. */
static inline double *adcc_check_seed(const AdccCheckFn *fn, int i, const double *w)
{
    double *a = adcc_check_alloc(fn->len[i], sizeof *a);
    if (fn->output[i])
        memcpy(a, w + fn->out_off[i], fn->len[i] * sizeof *a);
    return a;
}

static inline float *adcc_check_seed_f(const AdccCheckFn *fn, int i, const double *w)
{
    float *a = adcc_check_alloc(fn->len[i], sizeof *a);
    for (size_t k = 0; fn->output[i] && k < fn->len[i]; k++)
        a[k] = (float)w[fn->out_off[i] + k];
    return a;
}

/* Stores array i's values a at its place in g (laid out as p), if active. */
static inline void adcc_check_put(const AdccCheckFn *fn, int i, const double *a, double *g)
{
    if (fn->active[i])
        memcpy(g + fn->in_off[i], a, fn->len[i] * sizeof *a);
}

static inline void adcc_check_put_f(const AdccCheckFn *fn, int i, const float *a, double *g)
{
    for (size_t k = 0; fn->active[i] && k < fn->len[i]; k++)
        g[fn->in_off[i] + k] = (double)a[k];
}

static inline void adcc_check_put_scalar(const AdccCheckFn *fn, int i, double a, double *g)
{
    if (fn->active[i])
        g[fn->in_off[i]] = a;
}

/* Stores output array i's values a at its place in o, if an output. */
static inline void adcc_check_out(const AdccCheckFn *fn, int i, const double *a, double *o)
{
    if (fn->output[i])
        memcpy(o + fn->out_off[i], a, fn->len[i] * sizeof *a);
}

static inline void adcc_check_out_f(const AdccCheckFn *fn, int i, const float *a, double *o)
{
    for (size_t k = 0; fn->output[i] && k < fn->len[i]; k++)
        o[fn->out_off[i] + k] = (double)a[k];
}

/* ---- the checks ----------------------------------------------------------- */

/* Tolerances of one function: relative, absolute (scaled), primal, dot. */
typedef struct AdccCheckTol {
    double rtol, atol, primal, dot;
} AdccCheckTol;

/* |a - b| / max(|a|, |b|, atol / rtol); 0 when equal, NaN stays NaN. */
static inline double adcc_check_err(double a, double b, double rtol, double atol)
{
    double d = fabs(a - b);
    if (d == 0.0)
        return 0.0;
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    double floor_ = rtol > 0 && atol / rtol > m ? atol / rtol : m;
    return floor_ > 0 ? d / floor_ : d;
}

/* err for a report: NaN counts as the largest error. */
static inline double adcc_check_worse(double worst, double err)
{
    return (err != err || err > worst) ? err : worst;
}

static inline double adcc_check_L(const AdccCheckFn *fn, const double *w, double *o, const double *p)
{
    fn->eval(fn, p, o);
    double s = 0.0;
    for (size_t k = 0; k < fn->no; k++)
        s += w[k] * o[k];
    return s;
}

/* Fourth-order central difference of L along component i, step h. */
static inline double adcc_check_fd(const AdccCheckFn *fn, const double *w, double *o, double *q, size_t i,
                                   double h)
{
    double x0 = q[i];
    volatile double xp = x0 + h;
    double hs = xp - x0;
    q[i] = x0 + hs;
    double f1 = adcc_check_L(fn, w, o, q);
    q[i] = x0 - hs;
    double fm1 = adcc_check_L(fn, w, o, q);
    q[i] = x0 + 2.0 * hs;
    double f2 = adcc_check_L(fn, w, o, q);
    q[i] = x0 - 2.0 * hs;
    double fm2 = adcc_check_L(fn, w, o, q);
    q[i] = x0;
    return (8.0 * (f1 - fm1) - (f2 - fm2)) / (12.0 * hs);
}

static inline double adcc_check_scale(double v)
{
    return fabs(v) > 1.0 ? fabs(v) : 1.0;
}

static inline AdccCheckTol adcc_check_tol(const AdccCheckFn *fn, double L)
{
    AdccCheckTol t;
    t.rtol = fn->is_float ? 2e-3 : 1e-6;
    t.atol = (fn->is_float ? 1e-4 : 1e-8) * adcc_check_scale(L);
    t.primal = fn->is_float ? 1e-6 : 1e-14;
    t.dot = fn->is_float ? 1e-5 : 1e-10;
    return t;
}

/* The step for component value x (and the second opinion's). */
static inline double adcc_check_step(const AdccCheckFn *fn, double x, double *h2)
{
    double h = fn->is_float ? ldexp(0x1p-6, ilogb(adcc_check_scale(x))) : 0x1p-11 * adcc_check_scale(x);
    *h2 = fn->is_float ? 2.0 * h : 0.25 * h;
    return h;
}

/* A row per output: got (a derivative's primal outputs) against f's. */
static inline void adcc_check_primal(AdccCheck *ck, const AdccCheckFn *fn, const double *got,
                                     const double *want, double tol)
{
    double big = 0.0;
    for (size_t k = 0; k < fn->no; k++)
        big = fabs(want[k]) > big ? fabs(want[k]) : big;
    for (int s = 0; s < fn->nout; s++) {
        int i = fn->out_param[s];
        size_t off = i < 0 ? 0 : fn->out_off[i], n = i < 0 ? 1 : fn->len[i];
        double worst = 0.0;
        for (size_t k = off; k < off + n; k++)
            worst = adcc_check_worse(worst, adcc_check_err(got[k], want[k], tol, tol * adcc_check_scale(big)));
        char label[64];
        snprintf(label, sizeof label, "primal %s", i < 0 ? "return" : fn->pname[i]);
        adcc_check_row(ck, fn, label, worst, tol);
    }
}

/* Draws the point, the weights and two directions of one check. */
typedef struct AdccCheckPoint {
    double *p, *w, *v, *u, *o, *q;
} AdccCheckPoint;

static inline AdccCheckPoint adcc_check_point(AdccCheck *ck, const AdccCheckFn *fn)
{
    AdccCheckPoint pt;
    pt.p = adcc_check_alloc(fn->np, sizeof(double));
    pt.v = adcc_check_alloc(fn->np, sizeof(double));
    pt.u = adcc_check_alloc(fn->np, sizeof(double));
    pt.q = adcc_check_alloc(fn->np, sizeof(double));
    pt.w = adcc_check_alloc(fn->no, sizeof(double));
    pt.o = adcc_check_alloc(fn->no, sizeof(double));
    for (size_t k = 0; k < fn->np; k++) {
        pt.p[k] = adcc_check_value(ck, fn->is_float);
        pt.v[k] = adcc_check_dir_value(ck, fn->is_float);
        pt.u[k] = adcc_check_dir_value(ck, fn->is_float);
    }
    for (size_t k = 0; k < fn->no; k++)
        pt.w[k] = adcc_check_dir_value(ck, fn->is_float);
    if (fn->nout && fn->out_param[0] < 0)
        pt.w[0] = 1.0;
    return pt;
}

static inline void adcc_check_point_free(AdccCheckPoint *pt)
{
    free(pt->p), free(pt->v), free(pt->u), free(pt->q), free(pt->w), free(pt->o);
}

/* A row per active parameter: g against central differences of L. */
static inline void adcc_check_gradient(AdccCheck *ck, const AdccCheckFn *fn, AdccCheckPoint *pt,
                                       const double *g, AdccCheckTol t, const char *what)
{
    memcpy(pt->q, pt->p, fn->np * sizeof(double));
    for (int s = 0; s < fn->nin; s++) {
        int i = fn->in_param[s];
        double worst = 0.0;
        for (size_t k = fn->in_off[i]; k < fn->in_off[i] + fn->len[i]; k++) {
            double h2, h = adcc_check_step(fn, pt->p[k], &h2);
            double e = adcc_check_err(g[k], adcc_check_fd(fn, pt->w, pt->o, pt->q, k, h), t.rtol, t.atol);
            if (!(e <= t.rtol)) {
                double e2 = adcc_check_err(g[k], adcc_check_fd(fn, pt->w, pt->o, pt->q, k, h2), t.rtol, t.atol);
                e = e2 < e ? e2 : e;
            }
            worst = adcc_check_worse(worst, e);
        }
        char label[64];
        snprintf(label, sizeof label, "%s%s", what, fn->pname[i]);
        adcc_check_row(ck, fn, label, worst, t.rtol);
    }
}

/* f_grad: its primal outputs, and dL/dp per parameter. */
static inline void adcc_check_grad(AdccCheck *ck, AdccCheckFn *fn)
{
    AdccCheckPoint pt = adcc_check_point(ck, fn);
    double *o = adcc_check_alloc(fn->no, sizeof(double)), *g = adcc_check_alloc(fn->np, sizeof(double));
    double L = adcc_check_L(fn, pt.w, pt.o, pt.p);
    AdccCheckTol t = adcc_check_tol(fn, L);
    fn->grad(fn, pt.p, pt.w, o, g);
    adcc_check_primal(ck, fn, o, pt.o, t.primal);
    adcc_check_gradient(ck, fn, &pt, g, t, "d_");
    if (adcc_tape_bytes() != 0) {
        adcc_check_row(ck, fn, "tape left", (double)adcc_tape_bytes(), 0.0);
        adcc_tape_release();
    }
    free(o), free(g);
    adcc_check_point_free(&pt);
}

/* Fourth-order central differences of the outputs along v into d. */
static inline void adcc_check_fd_dir(const AdccCheckFn *fn, const AdccCheckPoint *pt, double h, double *d)
{
    static const double steps[4] = {1.0, -1.0, 2.0, -2.0}, weights[4] = {8.0, -8.0, -1.0, 1.0};
    memset(d, 0, fn->no * sizeof *d);
    for (int s = 0; s < 4; s++) {
        for (size_t k = 0; k < fn->np; k++)
            pt->q[k] = pt->p[k] + steps[s] * h * pt->v[k];
        fn->eval(fn, pt->q, pt->o);
        for (size_t k = 0; k < fn->no; k++)
            d[k] += weights[s] * pt->o[k] / (12.0 * h);
    }
}

static inline double adcc_check_max_abs(const double *p, size_t n)
{
    double m = 0.0;
    for (size_t k = 0; k < n; k++)
        m = fabs(p[k]) > m ? fabs(p[k]) : m;
    return m;
}

/* The dot-product test: w.(J v) from the tangents t against (J^T w).v. */
static inline void adcc_check_dot(AdccCheck *ck, AdccCheckFn *fn, AdccCheckPoint *pt, const double *t,
                                  AdccCheckTol tol)
{
    if (!fn->grad) {
        adcc_check_skip(ck, fn->name, fn->deriv, "dot test", fn->no_grad);
        return;
    }
    double *o = adcc_check_alloc(fn->no, sizeof(double)), *g = adcc_check_alloc(fn->np, sizeof(double));
    fn->grad(fn, pt->p, pt->w, o, g);
    double tangent = 0.0, dot = 0.0, size = 0.0;
    for (size_t k = 0; k < fn->no; k++)
        tangent += pt->w[k] * t[k], size += fabs(pt->w[k] * t[k]);
    for (size_t k = 0; k < fn->np; k++)
        dot += g[k] * pt->v[k], size += fabs(g[k] * pt->v[k]);
    double d = fabs(tangent - dot);
    adcc_check_row(ck, fn, "dot test", d == 0.0 ? 0.0 : d / (size > 0 ? size : 1.0), tol.dot);
    free(o), free(g);
}

/* f_jvp: its primal outputs, each output's tangent against central
 * differences along v, and the dot-product test against f_grad. */
static inline void adcc_check_jvp(AdccCheck *ck, AdccCheckFn *fn)
{
    AdccCheckPoint pt = adcc_check_point(ck, fn);
    double *o = adcc_check_alloc(fn->no, sizeof(double)), *t = adcc_check_alloc(fn->no, sizeof(double));
    double *fd = adcc_check_alloc(fn->no, sizeof(double)), *fd2 = adcc_check_alloc(fn->no, sizeof(double));
    double L = adcc_check_L(fn, pt.w, pt.o, pt.p);
    AdccCheckTol tol = adcc_check_tol(fn, adcc_check_max_abs(pt.o, fn->no) + fabs(L));
    fn->jvp(fn, pt.p, pt.v, o, t);
    adcc_check_primal(ck, fn, o, pt.o, tol.primal);
    double h2, h = adcc_check_step(fn, adcc_check_max_abs(pt.p, fn->np), &h2);
    adcc_check_fd_dir(fn, &pt, h, fd);
    adcc_check_fd_dir(fn, &pt, h2, fd2);
    for (int s = 0; s < fn->nout; s++) {
        int i = fn->out_param[s];
        size_t off = i < 0 ? 0 : fn->out_off[i], n = i < 0 ? 1 : fn->len[i];
        double worst = 0.0;
        for (size_t k = off; k < off + n; k++) {
            double e = adcc_check_err(t[k], fd[k], tol.rtol, tol.atol);
            double e2 = adcc_check_err(t[k], fd2[k], tol.rtol, tol.atol);
            worst = adcc_check_worse(worst, e2 < e ? e2 : e);
        }
        char label[64];
        snprintf(label, sizeof label, "t_%s", i < 0 ? "ret" : fn->pname[i]);
        adcc_check_row(ck, fn, label, worst, tol.rtol);
    }
    adcc_check_dot(ck, fn, &pt, t, tol);
    free(o), free(t), free(fd), free(fd2);
    adcc_check_point_free(&pt);
}

/* The gradient at q: by f_grad when it exists, else f_hvp's own d_. */
static inline void adcc_check_gradient_at(const AdccCheckFn *fn, const AdccCheckPoint *pt, const double *q,
                                          double *o, double *g, double *scratch)
{
    memset(g, 0, fn->np * sizeof *g);
    if (fn->grad)
        fn->grad(fn, q, pt->w, o, g);
    else
        fn->hvp(fn, q, pt->v, pt->w, o, g, scratch);
}

/* Central differences of the gradient along v, step h, into d. */
static inline void adcc_check_fd_grad(const AdccCheckFn *fn, const AdccCheckPoint *pt, double h, double *d,
                                      double *g, double *scratch)
{
    static const double steps[4] = {1.0, -1.0, 2.0, -2.0}, weights[4] = {8.0, -8.0, -1.0, 1.0};
    memset(d, 0, fn->np * sizeof *d);
    for (int s = 0; s < 4; s++) {
        for (size_t k = 0; k < fn->np; k++)
            pt->q[k] = pt->p[k] + steps[s] * h * pt->v[k];
        adcc_check_gradient_at(fn, pt, pt->q, pt->o, g, scratch);
        for (size_t k = 0; k < fn->np; k++)
            d[k] += weights[s] * g[k] / (12.0 * h);
    }
}

/* f_hvp: its primal outputs; its gradient against f_grad's (or against
 * finite differences of f without one); H v per parameter against central
 * differences of the gradient along v; the symmetry u.(H v) = v.(H u). */
static inline void adcc_check_hvp(AdccCheck *ck, AdccCheckFn *fn)
{
    AdccCheckPoint pt = adcc_check_point(ck, fn);
    size_t np = fn->np;
    double *o = adcc_check_alloc(fn->no, sizeof(double));
    double *g = adcc_check_alloc(np, sizeof(double)), *hv = adcc_check_alloc(np, sizeof(double));
    double *gr = adcc_check_alloc(np, sizeof(double)), *hu = adcc_check_alloc(np, sizeof(double));
    double *fd = adcc_check_alloc(np, sizeof(double)), *fd2 = adcc_check_alloc(np, sizeof(double));
    double L = adcc_check_L(fn, pt.w, pt.o, pt.p);
    AdccCheckTol tol = adcc_check_tol(fn, L);
    fn->hvp(fn, pt.p, pt.v, pt.w, o, g, hv);
    adcc_check_primal(ck, fn, o, pt.o, tol.primal);
    if (fn->grad) {
        adcc_check_gradient_at(fn, &pt, pt.p, pt.o, gr, hu);
        double big = adcc_check_max_abs(gr, np), worst = 0.0, rt = fn->is_float ? 1e-5 : 1e-12;
        for (size_t k = 0; k < np; k++)
            worst = adcc_check_worse(worst, adcc_check_err(g[k], gr[k], rt, rt * adcc_check_scale(big)));
        adcc_check_row(ck, fn, "d_ vs f_grad", worst, rt);
    } else {
        adcc_check_gradient(ck, fn, &pt, g, tol, "d_");
    }
    double gscale = adcc_check_scale(adcc_check_max_abs(g, np));
    double h2, h = adcc_check_step(fn, adcc_check_max_abs(pt.p, np), &h2);
    adcc_check_fd_grad(fn, &pt, h, fd, gr, hu);
    adcc_check_fd_grad(fn, &pt, h2, fd2, gr, hu);
    for (int s = 0; s < fn->nin; s++) {
        int i = fn->in_param[s];
        double worst = 0.0;
        for (size_t k = fn->in_off[i]; k < fn->in_off[i] + fn->len[i]; k++) {
            double e = adcc_check_err(hv[k], fd[k], tol.rtol, tol.atol * gscale);
            double e2 = adcc_check_err(hv[k], fd2[k], tol.rtol, tol.atol * gscale);
            worst = adcc_check_worse(worst, e2 < e ? e2 : e);
        }
        char label[64];
        snprintf(label, sizeof label, "hv_%s", fn->pname[i]);
        adcc_check_row(ck, fn, label, worst, tol.rtol);
    }
    memset(gr, 0, np * sizeof *gr);
    fn->hvp(fn, pt.p, pt.u, pt.w, o, gr, hu);
    double a = 0.0, b = 0.0, size = 0.0;
    for (size_t k = 0; k < np; k++)
        a += hv[k] * pt.u[k], b += pt.v[k] * hu[k], size += fabs(hv[k] * pt.u[k]) + fabs(pt.v[k] * hu[k]);
    adcc_check_row(ck, fn, "symmetry", fabs(a - b) == 0.0 ? 0.0 : fabs(a - b) / (size > 0 ? size : 1.0),
                   tol.dot);
    free(o), free(g), free(hv), free(gr), free(hu), free(fd), free(fd2);
    adcc_check_point_free(&pt);
}

/* Runs the check of fn's derivative, then frees its data. */
static inline void adcc_check_run(AdccCheck *ck, AdccCheckFn *fn)
{
    if (fn->no == 0) {
        adcc_check_skip(ck, fn->name, fn->deriv, "-", "nothing to check: no floating result and no active "
                                                      "non-const array");
    } else if (strcmp(fn->deriv, "grad") == 0) {
        adcc_check_grad(ck, fn);
    } else if (strcmp(fn->deriv, "jvp") == 0) {
        adcc_check_jvp(ck, fn);
    } else {
        adcc_check_hvp(ck, fn);
    }
    adcc_check_end(fn);
}

#endif
