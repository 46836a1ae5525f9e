/* fdcheck.h: finite-difference check of a tensor op's reverse rule, in f64,
 * for the runtime unit tests (tests/runtime/test_*.c); not part of adt.
 *
 * A test describes its op as an FdOp: the input tensors (any layout: make
 * non-contiguous ones with fd_randn / fd_relayout), a forward closure that
 * maps them to a tensor (forward) or to a double (forward_scalar), and the
 * pullback closure. FD_CHECK (a macro adding file:line) then
 *   1. draws a random seed s (a tensor shaped like the result, in
 *      op->seed_layout, or a double) and adjoints pre-filled with random
 *      nonzero values (in op->adj_layout), calls the pullback once, and takes
 *      the increase of each adjoint as the analytic gradient of <s, f(x)>;
 *   2. compares every element of every input not marked in op->skip with the
 *      fourth-order central difference
 *        (8 (g(x+h) - g(x-h)) - (g(x+2h) - g(x-2h))) / 12h,
 *      g(x) = <s, f(x)>, h = FD_STEP * max(1, |x_i|) (about 4.9e-4), which
 *      is accurate to ~1e-11 for smooth f, so a failure is a wrong rule;
 *   3. calls the pullback with all adjoints NULL (must be a no-op), and with
 *      one adjoint at a time (each must get the same increase as in 1), and
 *      checks that no call changed the inputs or the seed.
 * The error of element i of input k is |a_i - n_i| / max(max_j |n_j|, FD_FLOOR):
 * relative to the size of that input's gradient, so near-zero components do
 * not produce noise (FD_FLOOR, 1e-6, keeps a gradient that is zero
 * everywhere from turning rounding noise of 1e-16 into an error). The check
 * fails when the worst error exceeds tol (FD_TOL, 1e-7, unless the test
 * gives another); it prints file:line, the op's name, the input, the
 * element and both values. Differentiable inputs must be f64.
 * Test points keep kinks (relu, max) much further than 2h away.
 *
 * FD_EXPECT_ERROR(failures, statement, "text") runs the statement with an
 * error handler that longjmps back, and counts a failure (printed with
 * file:line) unless adt_error was called with a message containing text. */
#ifndef FDCHECK_H
#define FDCHECK_H

#include "adt.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FD_MAX_INPUTS 6
#define FD_STEP 0x1p-11
#define FD_TOL 1e-7
#define FD_FLOOR 1e-6

/* Layouts of test tensors, all holding the same values:
 *   FD_CONTIG      row-major, offset 0;
 *   FD_PADDED      the last dimension padded (row stride > width), offset 1
 *                  (a narrowed view: unit inner stride, larger leading one);
 *   FD_TRANSPOSED  the last two dimensions swapped in memory (column-major
 *                  matrices; 1-d tensors get FD_STRIDED);
 *   FD_STRIDED     every stride doubled (no unit stride at all). */
typedef enum { FD_CONTIG, FD_PADDED, FD_TRANSPOSED, FD_STRIDED } FdLayout;

typedef struct FdOp FdOp;
struct FdOp {
    const char *name;
    int n;                                  /* number of inputs */
    adt_tensor *in[FD_MAX_INPUTS];          /* f64, borrowed */
    int skip[FD_MAX_INPUTS];                /* nonzero: not differentiable (labels): NULL adjoint, never perturbed */
    /* Exactly one of forward / forward_scalar is set. */
    adt_tensor *(*forward)(adt_tensor *const *in, void *ctx);
    double (*forward_scalar)(adt_tensor *const *in, void *ctx);
    /* Calls the op's rule: seed is the tensor seed (NULL for a scalar op),
     * seed_scalar the double seed (scalar ops). d_in[k] may be NULL. */
    void (*pullback)(adt_tensor *const *in, adt_tensor *const *d_in, const adt_tensor *seed,
                     double seed_scalar, void *ctx);
    void *ctx;
    FdLayout seed_layout;
    FdLayout adj_layout;
    uint64_t rng_seed;                      /* seeds, adjoint prefill */
    double worst;                           /* out: the worst error found */
};

/* ---- element access by flat row-major position ------------------------ */

static inline void fd_unravel(const adt_tensor *t, int64_t k, int64_t *idx)
{
    for (int d = t->ndim - 1; d >= 0; d--) {
        idx[d] = k % t->shape[d];
        k /= t->shape[d];
    }
}

static inline double fd_at(const adt_tensor *t, int64_t k)
{
    int64_t idx[ADT_MAX_DIMS];
    fd_unravel(t, k, idx);
    return adt_get(t, idx);
}

static inline void fd_put(adt_tensor *t, int64_t k, double v)
{
    int64_t idx[ADT_MAX_DIMS];
    fd_unravel(t, k, idx);
    adt_set(t, idx, v);
}

/* Copies src's values into dst (same number of elements), element by element. */
static inline void fd_copy_values(adt_tensor *dst, const adt_tensor *src)
{
    int64_t n = adt_numel(src);
    for (int64_t k = 0; k < n; k++)
        fd_put(dst, k, fd_at(src, k));
}

static inline double fd_dot(const adt_tensor *a, const adt_tensor *b)
{
    double s = 0;
    int64_t n = adt_numel(a);
    for (int64_t k = 0; k < n; k++)
        s += fd_at(a, k) * fd_at(b, k);
    return s;
}

/* max_k |a_k - b_k| */
static inline double fd_max_diff(const adt_tensor *a, const adt_tensor *b)
{
    double m = 0;
    int64_t n = adt_numel(a);
    for (int64_t k = 0; k < n; k++)
        m = fmax(m, fabs(fd_at(a, k) - fd_at(b, k)));
    return m;
}

/* ---- layouts ----------------------------------------------------------- */

/* A new empty tensor of dtype dt and the given shape, laid out as asked. */
static inline adt_tensor *fd_empty_layout(adt_dtype dt, int ndim, const int64_t *shape, FdLayout layout)
{
    int64_t big[ADT_MAX_DIMS + 1];
    memcpy(big, shape, (size_t)ndim * sizeof *big);
    if (layout == FD_TRANSPOSED && ndim < 2)
        layout = FD_STRIDED;
    switch (layout) {
    case FD_CONTIG:
        return adt_empty(dt, ndim, shape);
    case FD_PADDED: {
        int last = ndim - 1;
        if (ndim == 0)
            return adt_empty(dt, ndim, shape);
        big[last] = shape[last] + 3;
        adt_tensor *base = adt_empty(dt, ndim, big);
        adt_tensor *v = adt_narrow(base, last, 1, shape[last]);
        adt_free(base);
        return v;
    }
    case FD_TRANSPOSED: {
        big[ndim - 2] = shape[ndim - 1];
        big[ndim - 1] = shape[ndim - 2];
        adt_tensor *base = adt_empty(dt, ndim, big);
        adt_tensor *v = adt_transpose(base, ndim - 2, ndim - 1);
        adt_free(base);
        return v;
    }
    case FD_STRIDED: {
        big[ndim] = 2;
        adt_tensor *base = adt_empty(dt, ndim + 1, big);
        adt_tensor *v = adt_select(base, ndim, 0);
        adt_free(base);
        return v;
    }
    }
    abort();
}

/* A new tensor with t's dtype and values in the given layout. */
static inline adt_tensor *fd_relayout(const adt_tensor *t, FdLayout layout)
{
    adt_tensor *r = fd_empty_layout(t->dtype, t->ndim, t->shape, layout);
    fd_copy_values(r, t);
    return r;
}

/* A new f64 tensor of N(0, 1) values in the given layout. */
static inline adt_tensor *fd_randn(adt_rng *rng, int ndim, const int64_t *shape, FdLayout layout)
{
    adt_tensor *r = fd_empty_layout(ADT_F64, ndim, shape, layout);
    int64_t n = adt_numel(r);
    for (int64_t k = 0; k < n; k++)
        fd_put(r, k, adt_rng_normal(rng));
    return r;
}

/* ---- the check ---------------------------------------------------------- */

typedef struct FdRun {
    adt_tensor *seed;                       /* NULL for scalar ops */
    double seed_scalar;
    adt_tensor *grad[FD_MAX_INPUTS];        /* increase of adj (analytic gradient) */
} FdRun;

/* g(x) = <seed, f(x)> */
static inline double fd_objective(const FdOp *op, const FdRun *run)
{
    if (op->forward_scalar)
        return run->seed_scalar * op->forward_scalar(op->in, op->ctx);
    adt_tensor *y = op->forward(op->in, op->ctx);
    double g = fd_dot(run->seed, y);
    adt_free(y);
    return g;
}

/* dg/dx_k of input i by the fourth-order central stencil. */
static inline double fd_numeric(const FdOp *op, const FdRun *run, int i, int64_t k)
{
    adt_tensor *x = op->in[i];
    double x0 = fd_at(x, k);
    double h = FD_STEP * fmax(1.0, fabs(x0));
    double g[4];
    const double off[4] = {h, -h, 2 * h, -2 * h};
    for (int j = 0; j < 4; j++) {
        fd_put(x, k, x0 + off[j]);
        g[j] = fd_objective(op, run);
    }
    fd_put(x, k, x0);
    return (8 * (g[0] - g[1]) - (g[2] - g[3])) / (12 * h);
}

/* Calls the pullback with adjoints set where mask[i] is nonzero; returns in
 * grad[i] (new tensors) the increase of each adjoint set. */
static inline void fd_run_pullback(const FdOp *op, FdRun *run, adt_rng *rng, const int *mask,
                                   adt_tensor **grad)
{
    adt_tensor *adj[FD_MAX_INPUTS] = {0};
    adt_tensor *before[FD_MAX_INPUTS] = {0};
    for (int i = 0; i < op->n; i++) {
        if (!mask[i])
            continue;
        adj[i] = fd_randn(rng, op->in[i]->ndim, op->in[i]->shape, op->adj_layout);
        before[i] = adt_clone(adj[i]);
    }
    op->pullback(op->in, adj, run->seed, run->seed_scalar, op->ctx);
    for (int i = 0; i < op->n; i++) {
        if (!mask[i])
            continue;
        grad[i] = adt_clone(before[i]);
        int64_t n = adt_numel(grad[i]);
        for (int64_t k = 0; k < n; k++)
            fd_put(grad[i], k, fd_at(adj[i], k) - fd_at(before[i], k));
        adt_free(adj[i]);
        adt_free(before[i]);
    }
}

/* Worst error of input i's analytic gradient against finite differences;
 * *where gets the element. */
static inline double fd_compare_input(const FdOp *op, const FdRun *run, int i, int64_t *where,
                                      double *analytic, double *numeric)
{
    int64_t n = adt_numel(op->in[i]);
    double *num = malloc((size_t)(n > 0 ? n : 1) * sizeof *num);
    double scale = FD_FLOOR, worst = 0;
    for (int64_t k = 0; k < n; k++) {
        num[k] = fd_numeric(op, run, i, k);
        scale = fmax(scale, fabs(num[k]));
    }
    *where = -1;
    for (int64_t k = 0; k < n; k++) {
        double a = fd_at(run->grad[i], k);
        double e = fabs(a - num[k]) / scale;
        if (e >= worst || isnan(e)) {
            worst = isnan(e) ? INFINITY : e;
            *where = k;
            *analytic = a;
            *numeric = num[k];
        }
    }
    free(num);
    return worst;
}

/* Checks calls with no adjoint and with one adjoint at a time against the
 * full call; returns the number of failures (printed). */
static inline int fd_check_masks(const FdOp *op, FdRun *run, adt_rng *rng, const char *file, int line)
{
    int failures = 0, mask[FD_MAX_INPUTS] = {0};
    adt_tensor *grad[FD_MAX_INPUTS] = {0};
    fd_run_pullback(op, run, rng, mask, grad);
    for (int i = 0; i < op->n; i++) {
        if (op->skip[i])
            continue;
        memset(mask, 0, sizeof mask);
        mask[i] = 1;
        fd_run_pullback(op, run, rng, mask, grad);
        adt_tensor *zero = adt_zeros_like(grad[i]);
        double d = fd_max_diff(grad[i], run->grad[i]), scale = fd_max_diff(run->grad[i], zero);
        adt_free(zero);
        if (!(d <= 1e-12 * (1 + scale))) {
            fprintf(stderr, "%s:%d: fdcheck %s: input %d alone gets a gradient %g away from the full call's\n",
                    file, line, op->name, i, d);
            failures++;
        }
        adt_free(grad[i]);
        grad[i] = NULL;
    }
    return failures;
}

/* Runs the whole check (see the top of the file); returns 0 when it passes,
 * else the number of failed checks, each printed with file:line. */
static inline int fd_check_at(FdOp *op, double tol, const char *file, int line)
{
    adt_rng rng;
    FdRun run = {0};
    int failures = 0, mask[FD_MAX_INPUTS];
    adt_tensor *saved[FD_MAX_INPUTS + 1] = {0};
    adt_rng_seed(&rng, op->rng_seed ? op->rng_seed : 20240601u);
    for (int i = 0; i < op->n; i++) {
        if (!op->skip[i] && op->in[i]->dtype != ADT_F64) {
            fprintf(stderr, "%s:%d: fdcheck %s: input %d is not f64\n", file, line, op->name, i);
            return 1;
        }
    }
    if (op->forward) {
        adt_tensor *y = op->forward(op->in, op->ctx);
        run.seed = fd_randn(&rng, y->ndim, y->shape, op->seed_layout);
        adt_free(y);
    } else {
        run.seed_scalar = 0.5 + adt_rng_uniform(&rng);
    }
    for (int i = 0; i < op->n; i++) {
        mask[i] = !op->skip[i];
        saved[i] = adt_clone(op->in[i]);
    }
    if (run.seed)
        saved[op->n] = adt_clone(run.seed);
    fd_run_pullback(op, &run, &rng, mask, run.grad);
    op->worst = 0;
    for (int i = 0; i < op->n; i++) {
        if (op->skip[i])
            continue;
        int64_t k;
        double a = 0, nu = 0, e = fd_compare_input(op, &run, i, &k, &a, &nu);
        if (e > tol) {
            fprintf(stderr, "%s:%d: fdcheck %s: input %d element %lld: analytic %.12g, numeric %.12g "
                    "(error %.3g > %.3g)\n", file, line, op->name, i, (long long)k, a, nu, e, tol);
            failures++;
        }
        op->worst = fmax(op->worst, e);
    }
    failures += fd_check_masks(op, &run, &rng, file, line);
    for (int i = 0; i <= op->n; i++) {
        if (saved[i] && fd_max_diff(saved[i], i < op->n ? op->in[i] : run.seed) != 0) {
            fprintf(stderr, "%s:%d: fdcheck %s: the pullback changed %s %d\n", file, line, op->name,
                    i < op->n ? "input" : "the seed", i);
            failures++;
        }
        adt_free(saved[i]);
        if (i < op->n)
            adt_free(run.grad[i]);
    }
    adt_free(run.seed);
    if (getenv("FDCHECK_VERBOSE"))
        printf("%s:%d: fdcheck %s: worst error %.3g\n", file, line, op->name, op->worst);
    return failures;
}

/* ---- expected errors --------------------------------------------------- */

typedef struct FdTrap {
    jmp_buf jb;
    char message[1024];
} FdTrap;

static inline FdTrap *fd_trap(void)
{
    static FdTrap trap;
    return &trap;
}

static inline void fd_on_error(const char *message, void *ctx)
{
    (void)ctx;
    snprintf(fd_trap()->message, sizeof fd_trap()->message, "%s", message);
    longjmp(fd_trap()->jb, 1);
}

/* 0 when an error containing `expected` was raised, else 1 (printed). */
static inline int fd_error_result(int raised, const char *expected, const char *stmt, const char *file, int line)
{
    if (!raised) {
        fprintf(stderr, "%s:%d: expected an error from %s\n", file, line, stmt);
        return 1;
    }
    if (!strstr(fd_trap()->message, expected)) {
        fprintf(stderr, "%s:%d: %s: error \"%s\" does not contain \"%s\"\n", file, line, stmt,
                fd_trap()->message, expected);
        return 1;
    }
    return 0;
}

#define FD_EXPECT_ERROR(failures, stmt, expected)                                            \
    do {                                                                                     \
        volatile int raised_ = 0;                                                            \
        adt_error_fn old_ = adt_set_error_handler(fd_on_error, NULL);                        \
        if (setjmp(fd_trap()->jb) == 0) {                                                    \
            stmt;                                                                            \
        } else {                                                                             \
            raised_ = 1;                                                                     \
        }                                                                                    \
        adt_set_error_handler(old_, NULL);                                                   \
        (failures) += fd_error_result(raised_, (expected), #stmt, __FILE__, __LINE__);       \
    } while (0)

/* FD_CHECK(&op, tol): the check, reporting the caller's file:line. */
#define FD_CHECK(op, tol) fd_check_at((op), (tol), __FILE__, __LINE__)

/* ---- test points ---- */

/* Where an op is smooth: anywhere, positive (log, sqrt), away from 0
 * (relu), away from +-0.5 (clamp(-0.5, 0.5)). */
typedef enum { DOM_ANY, DOM_POSITIVE, DOM_AWAY_FROM_0, DOM_AWAY_FROM_BOUNDS } Domain;

/* Moves x's values into the op's smooth domain, keeping kinks > 0.05 away
 * (the stencil moves an element by at most 2h |v| < 0.01). */
static inline void fd_to_domain(adt_tensor *x, Domain dom)
{
    for (int64_t k = 0; k < adt_numel(x); k++) {
        double v = fd_at(x, k);
        switch (dom) {
        case DOM_ANY: break;
        case DOM_POSITIVE: fd_put(x, k, fabs(v) + 0.5); break;
        case DOM_AWAY_FROM_0: fd_put(x, k, v + (v < 0 ? -0.1 : 0.1)); break;
        case DOM_AWAY_FROM_BOUNDS: fd_put(x, k, fabs(fabs(v) - 0.5) < 0.05 ? v * 1.3 : v); break;
        }
    }
}

/* Values 0.1 apart in a random order: every maximum is unique by far more
 * than the stencil's step. */
static inline void fd_spread_values(adt_rng *rng, adt_tensor *t)
{
    int64_t n = adt_numel(t);
    double *v = malloc((size_t)n * sizeof *v);
    if (!v)
        abort();
    for (int64_t k = 0; k < n; k++)
        v[k] = 0.1 * (double)k - 0.05 * (double)n;
    for (int64_t k = n - 1; k > 0; k--) {
        int64_t j = (int64_t)(adt_rng_uniform(rng) * (double)(k + 1));
        double s = v[k];
        v[k] = v[j];
        v[j] = s;
    }
    for (int64_t k = 0; k < n; k++)
        fd_put(t, k, v[k]);
    free(v);
}

#endif
