/* gradcheck.h: helpers of the numeric gradient tests in tests/grad: a seeded
 * RNG, fill helpers, and checks that compare adcc's gradients with finite
 * differences. Only a test's check section (#ifndef __ADCC__) includes it.
 *
 * Finite differences. Every component is checked with the fourth-order
 * central stencil (8(f(p+h)-f(p-h)) - (f(p+2h)-f(p-2h))) / 12h, which is
 * accurate to about 1e-11 relative for smooth double models, so a failure
 * means a wrong gradient, not a noisy reference. A component that fails at
 * step h gets a second opinion at another step (double h/4, float 2h) and
 * fails only if both disagree; both estimates are printed.
 *   double: h = 2^-11 * max(1, |p_i|) (about 4.9e-4); tolerances GC_RTOL
 *           (1e-6) and GC_ATOL (1e-8, scaled by the test to the model's
 *           magnitude where needed).
 *   float:  the model runs in float, so the stencil uses a larger step,
 *           h = 2^-6 * 2^floor(log2(max(1, |p_i|))), and points on a grid of
 *           multiples of 2^-10 (gc_fill_f) so that p_i +- h and p_i +- 2h are
 *           exact floats; tolerances GC_RTOL_F (2e-3) and GC_ATOL_F (1e-4).
 * A component passes when |g - fd| <= rel_tol * max(|g|, |fd|) or
 * |g - fd| <= abs_floor. Test points keep every kink and branch switch at
 * least 2h (double) or 4h (float) away, so the stencil never crosses one.
 *
 * A test wraps its model in eval(p, np), mapping one flat vector p to a
 * scalar: the active inputs back to back, then the initial contents of every
 * array the model writes; a model's outputs y enter the scalar as
 * sum_j w_j y_j with fixed random weights w. The test seeds d_y with w, zeroes
 * the other adjoints, calls f_grad, and checks [d_inputs..., d_y...] against
 * eval: after the call d_y holds the gradient w.r.t. y's initial contents
 * (zero where f only writes y).
 *
 * Primal values: f_grad's returned value and the outputs it writes must
 * equal f's to GC_PRIMAL_RTOL (double) or GC_PRIMAL_RTOL_F (float).
 * gc_report also checks that the gradient calls left adcc's tape empty, then
 * releases it so that LeakSanitizer sees no leak. */
#ifndef GRADCHECK_H
#define GRADCHECK_H

#include <adcc_rt.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GC_RTOL 1e-6
#define GC_ATOL 1e-8
#define GC_RTOL_F 2e-3
#define GC_ATOL_F 1e-4
#define GC_PRIMAL_RTOL 1e-14
#define GC_PRIMAL_RTOL_F 1e-6
#define GC_H 0x1p-11
#define GC_H_F 0x1p-6
#define GC_GRID_F 0x1p-10
#define GC_MAX_PRINTED 25

/* ---- state: checks run, failures, messages printed --------------------- */

typedef struct GcState {
    long checked;
    long failed;
    long printed;
} GcState;

static inline GcState *gc_st(void)
{
    static GcState state;
    return &state;
}

/* Counts one failure and says whether its message should still be printed. */
static inline int gc_fail(void)
{
    GcState *s = gc_st();
    s->failed++;
    if (s->printed++ < GC_MAX_PRINTED)
        return 1;
    if (s->printed == GC_MAX_PRINTED + 1)
        fprintf(stderr, "(further failures not printed)\n");
    return 0;
}

/* ---- RNG: splitmix64, fixed seeds --------------------------------------- */

typedef struct GcRng {
    uint64_t s;
} GcRng;

/* A generator whose stream depends only on seed. */
static inline GcRng gc_seed(uint64_t seed)
{
    GcRng r;
    r.s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    return r;
}

static inline uint64_t gc_next(GcRng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform double in [lo, hi). */
static inline double gc_uniform(GcRng *r, double lo, double hi)
{
    return lo + (hi - lo) * ((double)(gc_next(r) >> 11) * 0x1p-53);
}

/* Uniform int in [lo, hi]. */
static inline int gc_int(GcRng *r, int lo, int hi)
{
    return lo + (int)(gc_next(r) % (uint64_t)(hi - lo + 1));
}

/* Fills p[0..n) uniformly from [lo, hi). */
static inline void gc_fill(GcRng *r, double *p, int n, double lo, double hi)
{
    for (int i = 0; i < n; i++)
        p[i] = gc_uniform(r, lo, hi);
}

/* Fills p[0..n) from [lo, hi) with multiples of 2^-10: exact floats whose
 * float-step neighbours are exact too (see gc_check_grad_f). */
static inline void gc_fill_f(GcRng *r, double *p, int n, double lo, double hi)
{
    for (int i = 0; i < n; i++)
        p[i] = floor(gc_uniform(r, lo, hi) / GC_GRID_F) * GC_GRID_F;
}

/* Copies between double and float arrays. */
static inline void gc_d2f(float *dst, const double *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = (float)src[i];
}

static inline void gc_f2d(double *dst, const float *src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = (double)src[i];
}

/* Distance from v to the nearest integer: test points keep it large where a
 * model has floor, round, int casts or switch cases on a scaled input. */
static inline double gc_dist_int(double v)
{
    return fabs(v - nearbyint(v));
}

/* max(1, |v|): the scale tests use for absolute floors. */
static inline double gc_scale(double v)
{
    return fabs(v) > 1.0 ? fabs(v) : 1.0;
}

/* sum_i w[i] * y[i]: the scalar a test builds from a model's outputs. */
static inline double gc_dot(const double *w, const double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w[i] * y[i];
    return s;
}

/* ---- checks ------------------------------------------------------------- */

typedef double (*GcEvalFn)(const double *p, int np);

/* Fourth-order central difference of eval along component i, step h. */
static inline double gc_fd(GcEvalFn eval, double *q, int np, int i, double h)
{
    double x0 = q[i];
    volatile double xp = x0 + h;
    double hs = xp - x0; /* the step actually representable at x0 */
    q[i] = x0 + hs;
    double f1 = eval(q, np);
    q[i] = x0 - hs;
    double fm1 = eval(q, np);
    q[i] = x0 + 2.0 * hs;
    double f2 = eval(q, np);
    q[i] = x0 - 2.0 * hs;
    double fm2 = eval(q, np);
    q[i] = x0;
    return (8.0 * (f1 - fm1) - (f2 - fm2)) / (12.0 * hs);
}

static inline int gc_agree(double g, double fd, double rel_tol, double abs_floor)
{
    double d = fabs(g - fd);
    double m = fabs(g) > fabs(fd) ? fabs(g) : fabs(fd);
    return d <= rel_tol * m || d <= abs_floor;
}

static inline void gc_check_grad_impl(const char *file, int line, const char *name,
                                      GcEvalFn eval, const double *p, int np,
                                      const double *grad, double rel_tol,
                                      double abs_floor, int is_float)
{
    double *q = malloc((size_t)(np > 0 ? np : 1) * sizeof *q);
    if (!q) {
        fprintf(stderr, "%s:%d: %s: out of memory\n", file, line, name);
        gc_st()->failed++;
        return;
    }
    memcpy(q, p, (size_t)np * sizeof *q);
    for (int i = 0; i < np; i++) {
        gc_st()->checked++;
        double h, h2;
        if (is_float) {
            h = ldexp(GC_H_F, ilogb(gc_scale(p[i])));
            h2 = 2.0 * h;
            if ((double)(float)(p[i] + 2.0 * h2) != p[i] + 2.0 * h2 ||
                (double)(float)(p[i] - 2.0 * h2) != p[i] - 2.0 * h2 ||
                (double)(float)(p[i] + h) != p[i] + h ||
                (double)(float)p[i] != p[i]) {
                if (gc_fail())
                    fprintf(stderr, "%s:%d: %s: point p[%d] = %.17g is not on the float grid "
                            "(fill it with gc_fill_f)\n", file, line, name, i, p[i]);
                continue;
            }
        } else {
            h = GC_H * gc_scale(p[i]);
            h2 = 0.25 * h;
        }
        double fd = gc_fd(eval, q, np, i, h);
        if (gc_agree(grad[i], fd, rel_tol, abs_floor))
            continue;
        double fd2 = gc_fd(eval, q, np, i, h2);
        if (gc_agree(grad[i], fd2, rel_tol, abs_floor))
            continue;
        if (gc_fail())
            fprintf(stderr, "%s:%d: %s: gradient[%d] = %.17g but finite differences give "
                    "%.17g (step %g) and %.17g (step %g) at p[%d] = %.17g\n",
                    file, line, name, i, grad[i], fd, h, fd2, h2, i, p[i]);
    }
    free(q);
}

/* Compares grad[0..np) with finite differences of eval at p (double model). */
#define gc_check_grad(name, eval, p, np, grad, rel_tol, abs_floor) \
    gc_check_grad_impl(__FILE__, __LINE__, name, eval, p, np, grad, rel_tol, abs_floor, 0)

/* The same for a float model: p on the float grid (gc_fill_f), float steps. */
#define gc_check_grad_f(name, eval, p, np, grad, rel_tol, abs_floor) \
    gc_check_grad_impl(__FILE__, __LINE__, name, eval, p, np, grad, rel_tol, abs_floor, 1)

static inline void gc_check_close_impl(const char *file, int line, const char *what,
                                       double got, double want, double rel_tol,
                                       double abs_floor)
{
    gc_st()->checked++;
    if (gc_agree(got, want, rel_tol, abs_floor))
        return;
    if (gc_fail())
        fprintf(stderr, "%s:%d: %s = %.17g but expected %.17g\n", file, line, what, got, want);
}

/* Checks that value got equals want to rel_tol (or within abs_floor). */
#define gc_check_close(got, want, rel_tol, abs_floor) \
    gc_check_close_impl(__FILE__, __LINE__, #got, got, want, rel_tol, abs_floor)

static inline void gc_check_array_impl(const char *file, int line, const char *what,
                                       const double *got, const double *want, int n,
                                       double rel_tol, double abs_floor)
{
    for (int i = 0; i < n; i++) {
        gc_st()->checked++;
        if (gc_agree(got[i], want[i], rel_tol, abs_floor))
            continue;
        if (gc_fail())
            fprintf(stderr, "%s:%d: %s[%d] = %.17g but expected %.17g\n", file, line, what, i,
                    got[i], want[i]);
    }
}

/* Checks got[0..n) against want[0..n) elementwise. */
#define gc_check_array(got, want, n, rel_tol, abs_floor) \
    gc_check_array_impl(__FILE__, __LINE__, #got, got, want, n, rel_tol, abs_floor)

static inline void gc_check_true_impl(const char *file, int line, const char *expr, int ok)
{
    gc_st()->checked++;
    if (!ok && gc_fail())
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
}

/* Checks that a condition holds, printing the expression if not. */
#define gc_check(cond) gc_check_true_impl(__FILE__, __LINE__, #cond, (cond) != 0)

/* Checks that the tape is empty, releases it, prints the summary and returns
 * main's exit status. */
static inline int gc_report(const char *name)
{
    GcState *s = gc_st();
    size_t left = adcc_tape_bytes();
    if (left != 0) {
        s->failed++;
        fprintf(stderr, "%s: the tape still holds %zu bytes after the gradient calls\n",
                name, left);
    } else {
        adcc_tape_release();
    }
    if (s->checked == 0) {
        fprintf(stderr, "%s: nothing was checked\n", name);
        return 1;
    }
    if (s->failed) {
        fprintf(stderr, "%s: %ld of %ld checks FAILED\n", name, s->failed, s->checked);
        return 1;
    }
    printf("%s: %ld components checked, all ok\n", name, s->checked);
    return 0;
}

#endif
