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
 * releases it so that LeakSanitizer sees no leak.
 *
 * Forward mode and Hessian-vector products (gc_check_jvp, gc_check_hvp): a
 * test's jvp wrapper maps (p, tp) to the directional derivative of the same
 * scalar by f_jvp; it is compared with central differences of eval along tp
 * and, by the dot-product test, with <grad, tp> from f_grad (GC_DOT_RTOL,
 * 1e-10 relative to the terms; 1e-5 for float models). An hvp wrapper gives
 * the gradient and H v by f_hvp, compared with f_grad, with central
 * differences of f_grad along v, and for symmetry of H. */
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

/* ---- forward mode: f_jvp ----------------------------------------------- */

/* The directional derivative of the test's scalar along tp, computed by
 * f_jvp: with the model's outputs y weighted by w, sum_j w_j t_y_j. */
typedef double (*GcJvpFn)(const double *p, const double *tp, int np);

#define GC_DOT_RTOL 1e-10
#define GC_DOT_RTOL_F 1e-5

/* Fills tp[0..n) with a direction: uniform in [-1, 1) (double models), or
 * multiples of 2^-4 (float models: p +- h tp stays on the float grid). */
static inline void gc_fill_dir(GcRng *r, double *tp, int n)
{
    gc_fill(r, tp, n, -1.0, 1.0);
}

static inline void gc_fill_dir_f(GcRng *r, double *tp, int n)
{
    for (int i = 0; i < n; i++)
        tp[i] = (double)gc_int(r, -16, 16) * 0x1p-4;
}

/* Fourth-order central difference of eval along the direction tp, step h. */
static inline double gc_fd_dir(GcEvalFn eval, const double *p, const double *tp, double *q, int np, double h)
{
    static const double steps[4] = {1.0, -1.0, 2.0, -2.0};
    double f[4];
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < np; i++)
            q[i] = p[i] + steps[k] * h * tp[i];
        f[k] = eval(q, np);
    }
    return (8.0 * (f[0] - f[1]) - (f[2] - f[3])) / (12.0 * h);
}

static inline double gc_max_abs(const double *p, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fabs(p[i]) > m ? fabs(p[i]) : m;
    return m;
}

/* f_jvp's tangent t, after checking its primal value v against the model's. */
static inline double gc_jvp_checked(double v, double want, double t)
{
    gc_check_close(v, want, GC_PRIMAL_RTOL, 0.0);
    return t;
}

/* The dot-product test of forward against reverse mode: tangent = <J tp, w>
 * from f_jvp must equal <tp, J^T w> = sum_i grad_i tp_i from f_grad, to
 * dot_tol relative to sum_i |grad_i tp_i| (the size of the terms, so that
 * a sum that cancels to nearly zero is judged by its rounding). */
static inline void gc_check_dot_impl(const char *file, int line, const char *name, double tangent,
                                     const double *tp, const double *grad, int np, double dot_tol)
{
    double dot = 0.0, size = 0.0;
    for (int i = 0; i < np; i++) {
        dot += grad[i] * tp[i];
        size += fabs(grad[i] * tp[i]);
    }
    gc_st()->checked++;
    if (fabs(tangent - dot) <= dot_tol * (size > fabs(tangent) ? size : fabs(tangent)) ||
        fabs(tangent - dot) <= 1e-300)
        return;
    if (gc_fail())
        fprintf(stderr, "%s:%d: %s: dot-product test: f_jvp gives %.17g, f_grad gives %.17g "
                "(difference %.3g, terms of size %.3g)\n", file, line, name, tangent, dot,
                fabs(tangent - dot), size);
}

static inline void gc_check_jvp_impl(const char *file, int line, const char *name, GcEvalFn eval,
                                     GcJvpFn jvp, const double *p, const double *tp, int np,
                                     const double *grad, double rel_tol, double abs_floor, int is_float)
{
    double *q = malloc((size_t)(np > 0 ? np : 1) * sizeof *q);
    if (!q) {
        fprintf(stderr, "%s:%d: %s: out of memory\n", file, line, name);
        gc_st()->failed++;
        return;
    }
    double tangent = jvp(p, tp, np);
    gc_check_dot_impl(file, line, name, tangent, tp, grad, np, is_float ? GC_DOT_RTOL_F : GC_DOT_RTOL);
    double scale = gc_scale(gc_max_abs(p, np));
    double h = is_float ? ldexp(GC_H_F, ilogb(scale)) : GC_H * scale;
    double h2 = is_float ? 2.0 * h : 0.25 * h;
    gc_st()->checked++;
    double fd = gc_fd_dir(eval, p, tp, q, np, h);
    if (!gc_agree(tangent, fd, rel_tol, abs_floor)) {
        double fd2 = gc_fd_dir(eval, p, tp, q, np, h2);
        if (!gc_agree(tangent, fd2, rel_tol, abs_floor) && gc_fail())
            fprintf(stderr, "%s:%d: %s: f_jvp gives the directional derivative %.17g but finite "
                    "differences give %.17g (step %g) and %.17g (step %g)\n",
                    file, line, name, tangent, fd, h, fd2, h2);
    }
    free(q);
}

/* Checks f_jvp's directional derivative along tp at p: against central
 * differences of eval along tp (rel_tol / abs_floor as for the gradient)
 * and, by the dot-product test, against grad, the test's f_grad gradient at
 * the same p (GC_DOT_RTOL). */
#define gc_check_jvp(name, eval, jvp, p, tp, np, grad, rel_tol, abs_floor) \
    gc_check_jvp_impl(__FILE__, __LINE__, name, eval, jvp, p, tp, np, grad, rel_tol, abs_floor, 0)

/* The same for a float model: p on the float grid, tp from gc_fill_dir_f. */
#define gc_check_jvp_f(name, eval, jvp, p, tp, np, grad, rel_tol, abs_floor) \
    gc_check_jvp_impl(__FILE__, __LINE__, name, eval, jvp, p, tp, np, grad, rel_tol, abs_floor, 1)

/* ---- Hessian-vector products: f_hvp ------------------------------------- */

/* The gradient of the test's scalar at p by f_grad, into g[0..np). */
typedef void (*GcGradFn)(const double *p, int np, double *g);
/* The gradient and the Hessian times v at p by f_hvp, into g and hv. */
typedef void (*GcHvpFn)(const double *p, const double *v, int np, double *g, double *hv);

/* Fourth-order central differences of the gradient along v into out. */
static inline void gc_fd_grad_dir(GcGradFn grad, const double *p, const double *v, int np, double h,
                                  double *q, double *gk, double *out)
{
    static const double steps[4] = {1.0, -1.0, 2.0, -2.0};
    static const double weights[4] = {8.0, -8.0, -1.0, 1.0};
    for (int i = 0; i < np; i++)
        out[i] = 0.0;
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < np; i++)
            q[i] = p[i] + steps[k] * h * v[i];
        grad(q, np, gk);
        for (int i = 0; i < np; i++)
            out[i] += weights[k] * gk[i];
    }
    for (int i = 0; i < np; i++)
        out[i] /= 12.0 * h;
}

/* Checks f_hvp at p along v: its gradient equals f_grad's (GC_PRIMAL_RTOL);
 * each component of H v against central differences of f_grad along v
 * (rel_tol / abs_floor, a second step as a second opinion); and symmetry,
 * <H v, u> = <v, H u> for a second direction u (GC_DOT_RTOL of the terms). */
static inline void gc_check_hvp_impl(const char *file, int line, const char *name, GcGradFn grad,
                                     GcHvpFn hvp, const double *p, const double *v, const double *u,
                                     int np, double rel_tol, double abs_floor)
{
    size_t n = (size_t)(np > 0 ? np : 1);
    double *buf = calloc(7 * n, sizeof *buf);
    if (!buf) {
        fprintf(stderr, "%s:%d: %s: out of memory\n", file, line, name);
        gc_st()->failed++;
        return;
    }
    double *g = buf, *gh = buf + n, *hv = buf + 2 * n, *hu = buf + 3 * n, *fd = buf + 4 * n;
    double *q = buf + 5 * n, *gk = buf + 6 * n;
    grad(p, np, g);
    hvp(p, v, np, gh, hv);
    for (int i = 0; i < np; i++) {
        gc_st()->checked++;
        if (!gc_agree(gh[i], g[i], GC_PRIMAL_RTOL * 100, 1e-300) && gc_fail())
            fprintf(stderr, "%s:%d: %s: f_hvp's gradient[%d] = %.17g but f_grad gives %.17g\n",
                    file, line, name, i, gh[i], g[i]);
    }
    double h = GC_H * gc_scale(gc_max_abs(p, np)), h2 = 0.25 * h;
    gc_fd_grad_dir(grad, p, v, np, h, q, gk, fd);
    double *fd2 = NULL;
    for (int i = 0; i < np; i++) {
        gc_st()->checked++;
        if (gc_agree(hv[i], fd[i], rel_tol, abs_floor))
            continue;
        if (!fd2) {
            fd2 = malloc(n * sizeof *fd2);
            if (!fd2)
                break;
            gc_fd_grad_dir(grad, p, v, np, h2, q, gk, fd2);
        }
        if (!gc_agree(hv[i], fd2[i], rel_tol, abs_floor) && gc_fail())
            fprintf(stderr, "%s:%d: %s: (H v)[%d] = %.17g but finite differences of the gradient "
                    "give %.17g (step %g) and %.17g (step %g)\n",
                    file, line, name, i, hv[i], fd[i], h, fd2[i], h2);
    }
    free(fd2);
    hvp(p, u, np, gh, hu);
    double a = 0.0, b = 0.0, size = 0.0;
    for (int i = 0; i < np; i++) {
        a += hv[i] * u[i];
        b += v[i] * hu[i];
        size += fabs(hv[i] * u[i]) + fabs(v[i] * hu[i]);
    }
    gc_st()->checked++;
    if (fabs(a - b) > GC_DOT_RTOL * size && fabs(a - b) > 1e-300 && gc_fail())
        fprintf(stderr, "%s:%d: %s: symmetry: <H v, u> = %.17g but <v, H u> = %.17g\n",
                file, line, name, a, b);
    free(buf);
}

#define gc_check_hvp(name, grad, hvp, p, v, u, np, rel_tol, abs_floor) \
    gc_check_hvp_impl(__FILE__, __LINE__, name, grad, hvp, p, v, u, np, rel_tol, abs_floor)

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
