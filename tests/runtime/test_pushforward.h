/* test_pushforward.h: the check of a tensor op's forward rule (its <op>_pf)
 * for tests/runtime/test_pushforward*.c, in f64, on fdcheck.h's layouts and
 * stencil; not part of adt.
 *
 * A test describes its op as a PfOp: the inputs (a double parameter is a
 * 0-d tensor, its tangent a 0-d tensor or NULL), the op itself (op, or
 * op_scalar for a double result), its forward rule (pf or pf_scalar) and
 * its reverse rule (pullback, as in fdcheck.h). PF_CHECK then
 *   1. draws a direction v_k for every differentiable input (N(0, 1) in
 *      op->tan_layout) and calls the forward rule: the primal must equal
 *      the op's result exactly (shape, dtype and every value), the tangent
 *      have the result's shape and dtype;
 *   2. compares the tangent with the fourth-order central difference of
 *      the op along v, (8 (f(x+hv) - f(x-hv)) - (f(x+2hv) - f(x-2hv))) / 12h,
 *      h = FD_STEP: along all directions at once, then along each alone
 *      (the other tangents NULL). The error is the largest difference over
 *      the largest numeric element (at least FD_FLOOR); it must stay below
 *      tol (FD_TOL unless the test gives another);
 *   3. NULL tangents mean zero: the tangents with one direction at a time
 *      add up to the full one, and so does the tangent with all directions
 *      but one plus that one's (PF_SUM_TOL, relative); all tangents NULL or
 *      all explicit zero tensors give a tangent that is exactly zero;
 *   4. the dot-product test against the pullback: for a random w shaped
 *      like the result, <pf(v), w> = sum_k <v_k, pb(w)_k> up to PF_DOT_TOL
 *      times the sum of the magnitudes of all the products (inputs marked
 *      no_pb, whose pullback refuses them, are left out of both sides);
 *   5. the same call in f32 (inputs and directions converted) agrees with
 *      f64 to PF_F32_TOL relative to the largest element;
 *   6. no call changed the inputs or the directions.
 * Each failure prints file:line, the op's name and both values. */
#ifndef TEST_PUSHFORWARD_H
#define TEST_PUSHFORWARD_H

#include "fdcheck.h"

#define PF_SUM_TOL 1e-12
#define PF_DOT_TOL 1e-12
#define PF_F32_TOL 1e-4

typedef struct PfOp PfOp;
struct PfOp {
    const char *name;
    int n;                                 /* number of inputs */
    adt_tensor *in[FD_MAX_INPUTS];         /* f64, borrowed */
    int skip[FD_MAX_INPUTS];               /* not differentiable (labels): NULL tangent, never perturbed */
    int no_pb[FD_MAX_INPUTS];              /* differentiable forward only: left out of the dot test */
    /* Exactly one of op / op_scalar is set, and the matching pf / pf_scalar. */
    adt_tensor *(*op)(adt_tensor *const *in, void *ctx);
    double (*op_scalar)(adt_tensor *const *in, void *ctx);
    /* Calls the forward rule; t_in[k] may be NULL. */
    adt_tensor *(*pf)(adt_tensor *const *in, adt_tensor *const *t_in, adt_tensor **t_ret, void *ctx);
    double (*pf_scalar)(adt_tensor *const *in, adt_tensor *const *t_in, double *t_ret, void *ctx);
    void (*pullback)(adt_tensor *const *in, adt_tensor *const *d_in, const adt_tensor *seed, double seed_scalar,
                     void *ctx);
    void *ctx;
    FdLayout tan_layout;                   /* directions and adjoints */
    FdLayout seed_layout;                  /* the dot test's w */
    uint64_t rng_seed;
    double worst;                          /* out: the worst finite-difference error */
};

/* fd_randn and fd_empty_layout behind calls gcc does not inline or clone:
 * inlined with a constant 1-d shape, -Warray-bounds flags fd_empty_layout's
 * 2-d branch, which 1-d tensors never take. */
#if defined(__GNUC__) && !defined(__clang__)
#define PF_OPAQUE __attribute__((noipa, unused))
#else
#define PF_OPAQUE __attribute__((noinline, unused))
#endif
PF_OPAQUE static adt_tensor *pf_randn(adt_rng *rng, int ndim, const int64_t *shape, FdLayout layout)
{
    return fd_randn(rng, ndim, shape, layout);
}

PF_OPAQUE static adt_tensor *pf_empty_layout(adt_dtype dt, int ndim, const int64_t *shape, FdLayout layout)
{
    return fd_empty_layout(dt, ndim, shape, layout);
}

/* A result: a tensor (t) or, when t is NULL, a double (s). */
typedef struct PfVal {
    adt_tensor *t;
    double s;
} PfVal;

static inline void pf_val_free(PfVal v)
{
    adt_free(v.t);
}

static inline double pf_max_abs(PfVal v)
{
    if (!v.t)
        return fabs(v.s);
    double m = 0;
    int64_t n = adt_numel(v.t);
    for (int64_t k = 0; k < n; k++)
        m = fmax(m, fabs(fd_at(v.t, k)));
    return m;
}

/* max |a - b|, infinite when a value is NaN or the shapes differ. */
static inline double pf_max_diff(PfVal a, PfVal b)
{
    if (!a.t != !b.t || (a.t && !adt_same_shape(a.t, b.t)))
        return INFINITY;
    if (!a.t)
        return isnan(a.s - b.s) ? INFINITY : fabs(a.s - b.s);
    double m = 0;
    int64_t n = adt_numel(a.t);
    for (int64_t k = 0; k < n; k++) {
        double d = fabs(fd_at(a.t, k) - fd_at(b.t, k));
        m = isnan(d) ? INFINITY : fmax(m, d);
    }
    return m;
}

/* <a, b> and sum |a_i b_i| */
static inline double pf_dot(PfVal a, PfVal b, double *mag)
{
    if (!a.t) {
        *mag += fabs(a.s * b.s);
        return a.s * b.s;
    }
    double s = 0;
    int64_t n = adt_numel(a.t);
    for (int64_t k = 0; k < n; k++) {
        double p = fd_at(a.t, k) * fd_at(b.t, k);
        s += p;
        *mag += fabs(p);
    }
    return s;
}

static inline PfVal pf_eval_op(const PfOp *op, adt_tensor *const *in)
{
    PfVal r = {0};
    if (op->op)
        r.t = op->op(in, op->ctx);
    else
        r.s = op->op_scalar(in, op->ctx);
    return r;
}

/* Calls the forward rule; *tan gets the tangent. A tensor rule must set
 * *t_ret, a scalar one must overwrite the NaN it is given. */
static inline PfVal pf_eval_pf(const PfOp *op, adt_tensor *const *in, adt_tensor *const *t_in, PfVal *tan)
{
    PfVal r = {0};
    *tan = (PfVal){NULL, NAN};
    if (op->pf)
        r.t = op->pf(in, t_in, &tan->t, op->ctx);
    else
        r.s = op->pf_scalar(in, t_in, &tan->s, op->ctx);
    return r;
}

/* A contiguous copy of a tensor result (detached from the inputs it may view). */
static inline PfVal pf_detach(PfVal v)
{
    if (v.t) {
        adt_tensor *c = adt_clone(v.t);
        adt_free(v.t);
        v.t = c;
    }
    return v;
}

/* The op along the directions of the inputs with use[k]: the fourth-order
 * central difference at x0 (copies of the inputs, which are restored). */
static inline PfVal pf_numeric(const PfOp *op, adt_tensor *const *x0, adt_tensor *const *v, const int *use)
{
    const double h = FD_STEP, off[4] = {h, -h, 2 * h, -2 * h};
    PfVal g[4];
    for (int j = 0; j < 4; j++) {
        for (int k = 0; k < op->n; k++) {
            if (!use[k])
                continue;
            int64_t n = adt_numel(x0[k]);
            for (int64_t e = 0; e < n; e++)
                fd_put(op->in[k], e, fd_at(x0[k], e) + off[j] * fd_at(v[k], e));
        }
        g[j] = pf_detach(pf_eval_op(op, op->in));
    }
    for (int k = 0; k < op->n; k++)
        if (use[k])
            fd_copy_values(op->in[k], x0[k]);
    PfVal r = {0};
    if (!g[0].t) {
        r.s = (8 * (g[0].s - g[1].s) - (g[2].s - g[3].s)) / (12 * h);
    } else {
        r.t = adt_clone(g[0].t);
        int64_t n = adt_numel(r.t);
        for (int64_t e = 0; e < n; e++) {
            double d = 8 * (fd_at(g[0].t, e) - fd_at(g[1].t, e)) - (fd_at(g[2].t, e) - fd_at(g[3].t, e));
            fd_put(r.t, e, d / (12 * h));
        }
    }
    for (int j = 0; j < 4; j++)
        pf_val_free(g[j]);
    return r;
}

/* Compares a tangent with the numeric one along the inputs of use;
 * returns the number of failures (printed). */
static inline int pf_compare_numeric(PfOp *op, adt_tensor *const *x0, adt_tensor *const *v, const int *use,
                                     PfVal tan, double tol, const char *what, const char *file, int line)
{
    PfVal num = pf_numeric(op, x0, v, use);
    double scale = fmax(pf_max_abs(num), FD_FLOOR), e = pf_max_diff(tan, num) / scale;
    int failed = !(e <= tol);
    op->worst = fmax(op->worst, e);
    if (failed) {
        fprintf(stderr, "%s:%d: pfcheck %s: tangent along %s is off the finite difference: error %.3g > %.3g\n",
                file, line, op->name, what, e, tol);
        if (!tan.t)
            fprintf(stderr, "    analytic %.15g, numeric %.15g\n", tan.s, num.s);
        else
            for (int64_t k = 0; k < adt_numel(num.t) && k < adt_numel(tan.t); k++)
                if (fabs(fd_at(tan.t, k) - fd_at(num.t, k)) / scale > tol) {
                    fprintf(stderr, "    element %lld: analytic %.15g, numeric %.15g\n", (long long)k,
                            fd_at(tan.t, k), fd_at(num.t, k));
                    break;
                }
    }
    pf_val_free(num);
    return failed;
}

/* The primal equals the op's result exactly and the tangent is shaped and
 * typed as it; returns the number of failures (printed). */
static inline int pf_check_call(const PfOp *op, PfVal primal, PfVal tan, PfVal want, adt_dtype dt, const char *what,
                                const char *file, int line)
{
    int failures = 0;
    if (primal.t && (primal.t->dtype != dt || pf_max_diff(primal, want) != 0)) {
        fprintf(stderr, "%s:%d: pfcheck %s (%s): the primal differs from the op's result by %g\n", file, line,
                op->name, what, pf_max_diff(primal, want));
        failures++;
    }
    if (!primal.t && !(primal.s == want.s || (isnan(primal.s) && isnan(want.s)))) {
        fprintf(stderr, "%s:%d: pfcheck %s (%s): the primal %.17g is not the op's %.17g\n", file, line, op->name,
                what, primal.s, want.s);
        failures++;
    }
    if (op->pf && (!tan.t || !adt_same_shape(tan.t, want.t) || tan.t->dtype != dt)) {
        fprintf(stderr, "%s:%d: pfcheck %s (%s): the tangent is missing or not shaped and typed as the result\n",
                file, line, op->name, what);
        failures++;
    }
    if (!op->pf && isnan(tan.s)) {
        fprintf(stderr, "%s:%d: pfcheck %s (%s): *t_ret was not set\n", file, line, op->name, what);
        failures++;
    }
    return failures;
}

/* Calls the forward rule with tangents t_in and checks the call; returns the tangent. */
static inline PfVal pf_call_checked(const PfOp *op, adt_tensor *const *t_in, PfVal want, const char *what,
                                    int *failures, const char *file, int line)
{
    PfVal tan, primal = pf_eval_pf(op, op->in, t_in, &tan);
    *failures += pf_check_call(op, primal, tan, want, ADT_F64, what, file, line);
    pf_val_free(primal);
    if (op->pf && !tan.t) /* reported; go on with zeros */
        tan.t = adt_zeros_like(want.t);
    return tan;
}

/* Step 4: the dot-product test; returns the number of failures (printed). */
static inline int pf_check_dot(const PfOp *op, adt_tensor *const *v, PfVal want, adt_rng *rng, const char *file,
                               int line)
{
    adt_tensor *t_in[FD_MAX_INPUTS] = {0}, *adj[FD_MAX_INPUTS] = {0};
    int failures = 0;
    for (int k = 0; k < op->n; k++) {
        if (op->skip[k] || op->no_pb[k])
            continue;
        t_in[k] = v[k];
        adj[k] = fd_empty_layout(ADT_F64, v[k]->ndim, v[k]->shape, op->tan_layout);
        for (int64_t e = 0; e < adt_numel(adj[k]); e++)
            fd_put(adj[k], e, 0);
    }
    PfVal tan = pf_call_checked(op, t_in, want, "dot test", &failures, file, line);
    PfVal w = {0};
    if (want.t)
        w.t = fd_randn(rng, want.t->ndim, want.t->shape, op->seed_layout);
    else
        w.s = 0.5 + adt_rng_uniform(rng);
    op->pullback(op->in, adj, w.t, w.s, op->ctx);
    double mag = 0, lhs = pf_dot(tan, w, &mag), rhs = 0;
    for (int k = 0; k < op->n; k++)
        if (adj[k])
            rhs += pf_dot((PfVal){v[k], 0}, (PfVal){adj[k], 0}, &mag);
    if (!(fabs(lhs - rhs) <= PF_DOT_TOL * mag)) {
        fprintf(stderr, "%s:%d: pfcheck %s: <pf(v), w> = %.17g but <v, pb(w)> = %.17g (magnitude %.3g)\n", file,
                line, op->name, lhs, rhs, mag);
        failures++;
    }
    pf_val_free(tan);
    pf_val_free(w);
    for (int k = 0; k < op->n; k++)
        adt_free(adj[k]);
    return failures;
}

/* Step 5: the call in f32 against the f64 one. */
static inline int pf_check_f32(const PfOp *op, adt_tensor *const *v, PfVal want, PfVal tan64, const char *file,
                               int line)
{
    PfOp op32 = *op;
    adt_tensor *t_in[FD_MAX_INPUTS] = {0};
    int failures = 0;
    for (int k = 0; k < op->n; k++) {
        op32.in[k] = adt_to_dtype(op->in[k], ADT_F32);
        if (v[k])
            t_in[k] = adt_to_dtype(v[k], ADT_F32);
    }
    PfVal tan, primal = pf_eval_pf(&op32, op32.in, t_in, &tan);
    if ((primal.t && primal.t->dtype != ADT_F32) || (tan.t && tan.t->dtype != ADT_F32)) {
        fprintf(stderr, "%s:%d: pfcheck %s: the f32 call does not give f32 results\n", file, line, op->name);
        failures++;
    }
    double ep = pf_max_diff(primal, want) / fmax(pf_max_abs(want), FD_FLOOR);
    double et = pf_max_diff(tan, tan64) / fmax(pf_max_abs(tan64), FD_FLOOR);
    if (!(ep <= PF_F32_TOL && et <= PF_F32_TOL)) {
        fprintf(stderr, "%s:%d: pfcheck %s: f32 differs from f64: primal by %.3g, tangent by %.3g (> %g)\n", file,
                line, op->name, ep, et, PF_F32_TOL);
        failures++;
    }
    pf_val_free(primal);
    pf_val_free(tan);
    for (int k = 0; k < op->n; k++) {
        adt_free(op32.in[k]);
        adt_free(t_in[k]);
    }
    return failures;
}

/* Runs the whole check (see the top of the file); returns the number of
 * failed checks, each printed with file:line. */
static inline int pf_check_at(PfOp *op, double tol, const char *file, int line)
{
    adt_rng rng;
    adt_tensor *v[FD_MAX_INPUTS] = {0}, *x0[FD_MAX_INPUTS] = {0}, *v0[FD_MAX_INPUTS] = {0};
    adt_tensor *none[FD_MAX_INPUTS] = {0}, *zero[FD_MAX_INPUTS] = {0}, *one[FD_MAX_INPUTS] = {0};
    int failures = 0, use[FD_MAX_INPUTS] = {0};
    adt_rng_seed(&rng, op->rng_seed ? op->rng_seed : 20240917u);
    op->worst = 0;
    for (int k = 0; k < op->n; k++) {
        if (!op->skip[k] && op->in[k]->dtype != ADT_F64) {
            fprintf(stderr, "%s:%d: pfcheck %s: input %d is not f64\n", file, line, op->name, k);
            return 1;
        }
        x0[k] = adt_clone(op->in[k]);
        if (op->skip[k])
            continue;
        use[k] = 1;
        v[k] = fd_randn(&rng, op->in[k]->ndim, op->in[k]->shape, op->tan_layout);
        v0[k] = adt_clone(v[k]);
        zero[k] = fd_empty_layout(ADT_F64, v[k]->ndim, v[k]->shape, op->tan_layout);
        for (int64_t e = 0; e < adt_numel(zero[k]); e++)
            fd_put(zero[k], e, 0);
    }
    PfVal want = pf_eval_op(op, op->in);

    /* 1, 2: every direction at once */
    PfVal tan = pf_call_checked(op, v, want, "all tangents", &failures, file, line);
    failures += pf_compare_numeric(op, x0, v, use, tan, tol, "every input", file, line);

    /* 2, 3: one direction at a time, adding up to the full tangent */
    PfVal sum = {0};
    if (tan.t)
        sum.t = adt_zeros_like(tan.t);
    double sum_scale = pf_max_abs(tan);
    for (int k = 0; k < op->n; k++) {
        if (op->skip[k])
            continue;
        char what[32];
        int only[FD_MAX_INPUTS] = {0};
        snprintf(what, sizeof what, "input %d", k);
        one[k] = v[k];
        only[k] = 1;
        PfVal tk = pf_call_checked(op, one, want, what, &failures, file, line);
        one[k] = NULL;
        failures += pf_compare_numeric(op, x0, v, only, tk, tol, what, file, line);
        sum_scale = fmax(sum_scale, pf_max_abs(tk));
        if (tk.t)
            adt_axpy_(sum.t, 1.0, tk.t);
        else
            sum.s += tk.s;
        pf_val_free(tk);
    }
    double d = pf_max_diff(sum, tan);
    if (!(d <= PF_SUM_TOL * fmax(sum_scale, FD_FLOOR))) {
        fprintf(stderr, "%s:%d: pfcheck %s: the tangents of each input alone add up to %g away from the full one\n",
                file, line, op->name, d);
        failures++;
    }

    /* 3: all directions but one (the rest NULL), plus that one alone, give the full tangent */
    for (int k = 0; k < op->n; k++) {
        if (op->skip[k])
            continue;
        char what[32];
        snprintf(what, sizeof what, "all inputs but %d", k);
        adt_tensor *rest[FD_MAX_INPUTS];
        memcpy(rest, v, sizeof rest);
        rest[k] = NULL;
        one[k] = v[k];
        PfVal tr = pf_call_checked(op, rest, want, what, &failures, file, line);
        PfVal tk = pf_call_checked(op, one, want, what, &failures, file, line);
        one[k] = NULL;
        if (tr.t)
            adt_axpy_(tr.t, 1.0, tk.t);
        else
            tr.s += tk.s;
        d = pf_max_diff(tr, tan);
        if (!(d <= PF_SUM_TOL * fmax(sum_scale, FD_FLOOR))) {
            fprintf(stderr, "%s:%d: pfcheck %s: the tangent of %s, plus input %d's, is %g away from the full one\n",
                    file, line, op->name, what, k, d);
            failures++;
        }
        pf_val_free(tr);
        pf_val_free(tk);
    }

    /* 3: NULL and zero tangents give an exactly zero tangent */
    PfVal t_null = pf_call_checked(op, none, want, "all tangents NULL", &failures, file, line);
    PfVal t_zero = pf_call_checked(op, zero, want, "zero tangents", &failures, file, line);
    if (pf_max_abs(t_null) != 0 || pf_max_abs(t_zero) != 0) {
        fprintf(stderr, "%s:%d: pfcheck %s: NULL tangents give %g, zero tangents %g (expected 0)\n", file, line,
                op->name, pf_max_abs(t_null), pf_max_abs(t_zero));
        failures++;
    }

    /* 4, 5 */
    failures += pf_check_dot(op, v, want, &rng, file, line);
    failures += pf_check_f32(op, v, want, tan, file, line);

    /* 6 */
    for (int k = 0; k < op->n; k++) {
        if (fd_max_diff(x0[k], op->in[k]) != 0 || (v[k] && fd_max_diff(v0[k], v[k]) != 0)) {
            fprintf(stderr, "%s:%d: pfcheck %s: input %d or its direction was changed\n", file, line, op->name, k);
            failures++;
        }
        adt_free(x0[k]);
        adt_free(v[k]);
        adt_free(v0[k]);
        adt_free(zero[k]);
    }
    pf_val_free(want);
    pf_val_free(tan);
    pf_val_free(sum);
    pf_val_free(t_null);
    pf_val_free(t_zero);
    if (getenv("FDCHECK_VERBOSE"))
        printf("%s:%d: pfcheck %s: worst error %.3g\n", file, line, op->name, op->worst);
    return failures;
}

/* PF_CHECK(&op, tol): the check, reporting the caller's file:line. */
#define PF_CHECK(op, tol) pf_check_at((op), (tol), __FILE__, __LINE__)

#endif
