/* test_second.h: the check of a pullback's forward rule (its <op>_pb_pf)
 * for tests/runtime/test_second*.c, in f64, on fdcheck.h's layouts and
 * stencil; not part of adt.
 *
 * A pullback accumulates d_x += J(x)^T g. Its forward rule does the same
 * and accumulates t_d_x += J(x)^T t_g + (d/dx (J(x)^T g))[t_x]: the
 * derivative of the pullback's increment D(x, g) along the tangents t_x of
 * the inputs and t_g of the seed. A test describes its op as an SoOp: the
 * inputs (a double parameter is a 0-d tensor, and so are its adjoint and
 * their tangents), the op (for the seed's shape; none for an op returning
 * a double), the pullback and its forward rule. SO_CHECK then checks
 *   1. the primal part: in every call of the forward rule that passes
 *      adjoints d_x (pre-filled with random values), they end where the
 *      pullback alone takes them (bitwise, or within SO_PRIMAL_TOL of the
 *      largest element);
 *   2. the tangent part: the increase of each t_d_x (pre-filled with random
 *      values) against the fourth-order central difference
 *      (8 (D(h) - D(-h)) - (D(2h) - D(-2h))) / 12h, D(eps) the increment of
 *      the pullback at (x + eps t_x, g + eps t_g) into zeroed adjoints,
 *      h = FD_STEP: along every tangent at once, along each input's alone
 *      and along the seed's alone (the others NULL). The error of an
 *      adjoint is its largest difference over its largest numeric element
 *      (at least FD_FLOOR); it must stay below tol (FD_TOL unless the test
 *      gives another);
 *   3. the NULL conventions: all t_d_x NULL leaves the adjoints as the
 *      pullback leaves them and touches nothing else; one t_d_x NULL
 *      leaves the others' increases as in the full call, and so do NULL
 *      adjoints d_x; all input tangents and the seed's NULL add exactly
 *      nothing; the increases along each direction alone add up to the
 *      full one (SO_SUM_TOL relative);
 *   4. symmetry: with t_g NULL the rule maps t_x to H t_x, H the Hessian
 *      of <g, f(x)>, so for random directions u, w, <w, H u> = <u, H w> up
 *      to SO_SYM_TOL times the sum of the magnitudes of the products
 *      (inputs without an adjoint stay out);
 *   5. the same call in f32 (inputs in op->in_layout, tangents, seeds and
 *      adjoints converted in their layouts) agrees with f64 within
 *      SO_F32_TOL relative to each adjoint's largest element;
 *   6. no call changed the inputs, their tangents, the seed or its tangent.
 * Each failure prints file:line, the op's name and the values. */
#ifndef TEST_SECOND_H
#define TEST_SECOND_H

#include "test_pushforward.h"

#define SO_PRIMAL_TOL 1e-15
#define SO_SUM_TOL 1e-12
#define SO_SYM_TOL 1e-12
#define SO_F32_TOL 1e-4

/* A seed: a tensor (t) or, for an op returning a double (t NULL), s. */
typedef struct SoSeed {
    adt_tensor *t;
    double s;
} SoSeed;

typedef struct SoOp SoOp;
struct SoOp {
    const char *name;
    int n;                                 /* number of inputs */
    adt_tensor *in[FD_MAX_INPUTS];         /* f64, borrowed */
    int skip[FD_MAX_INPUTS];               /* labels: no tangent, no adjoint, never perturbed */
    int no_adj[FD_MAX_INPUTS];             /* a tangent but no adjoint (dropout's p): NULL d_x, t_d_x */
    /* The op's result, for the seed's shape; NULL for an op returning a double. */
    adt_tensor *(*op)(adt_tensor *const *in, void *ctx);
    /* Calls the pullback; d[k] may be NULL. */
    void (*pullback)(adt_tensor *const *in, adt_tensor *const *d, const SoSeed *g, void *ctx);
    /* Calls its forward rule; t[k], d[k], td[k] and t_g may be NULL. */
    void (*pb_pf)(adt_tensor *const *in, adt_tensor *const *t, adt_tensor *const *d, adt_tensor *const *td,
                  const SoSeed *g, const SoSeed *t_g, void *ctx);
    void *ctx;
    FdLayout in_layout;                    /* of the inputs, kept by their f32 copies */
    FdLayout tan_layout;                   /* input tangents */
    FdLayout adj_layout;                   /* adjoints and their tangents */
    FdLayout seed_layout;                  /* the seed and its tangent */
    uint64_t rng_seed;
    double worst;                          /* out: the worst finite-difference error */
};

/* ---- for the closures ---- */

static inline const adt_tensor *so_t(const SoSeed *s)
{
    return s ? s->t : NULL;
}

/* A double seed's tangent: NULL is zero. */
static inline double so_s(const SoSeed *s)
{
    return s ? s->s : 0.0;
}

/* A double parameter or its tangent (NULL: zero). */
static inline double so_item(const adt_tensor *t)
{
    return t ? adt_item(t) : 0.0;
}

/* A double adjoint (or its tangent) lives in a 0-d tensor: so_ref points
 * *v at its value (NULL for a NULL tensor), so_store writes it back. */
static inline double *so_ref(const adt_tensor *t, double *v)
{
    if (!t)
        return NULL;
    *v = adt_item(t);
    return v;
}

static inline void so_store(adt_tensor *t, const double *v)
{
    if (t)
        adt_set(t, NULL, *v);
}

/* ---- helpers ---- */

static inline int so_has_adj(const SoOp *op, int k)
{
    return !op->skip[k] && !op->no_adj[k];
}

/* A copy of t's values with dtype dt in the given layout. */
static inline adt_tensor *so_relayout(const adt_tensor *t, adt_dtype dt, FdLayout layout)
{
    adt_tensor *r = pf_empty_layout(dt, t->ndim, t->shape, layout);
    fd_copy_values(r, t);
    return r;
}

/* A new tensor of zeros shaped like t, f64, in the given layout. */
static inline adt_tensor *so_zeros(const adt_tensor *t, FdLayout layout)
{
    adt_tensor *r = pf_empty_layout(ADT_F64, t->ndim, t->shape, layout);
    adt_zero_(r);
    return r;
}

/* after - before, a new contiguous f64 tensor */
static inline adt_tensor *so_increase(const adt_tensor *after, const adt_tensor *before)
{
    adt_tensor *r = adt_zeros(ADT_F64, after->ndim, after->shape);
    for (int64_t e = 0; e < adt_numel(r); e++)
        fd_put(r, e, fd_at(after, e) - fd_at(before, e));
    return r;
}

/* max |t_e|; 0 for NULL */
static inline double so_max_abs(const adt_tensor *t)
{
    double m = 0;
    for (int64_t e = 0; t && e < adt_numel(t); e++)
        m = fmax(m, fabs(fd_at(t, e)));
    return m;
}

/* max |a_e - b_e|, infinite for a NaN */
static inline double so_max_diff(const adt_tensor *a, const adt_tensor *b)
{
    double m = 0;
    for (int64_t e = 0; e < adt_numel(a); e++) {
        double d = fabs(fd_at(a, e) - fd_at(b, e));
        m = isnan(d) ? INFINITY : fmax(m, d);
    }
    return m;
}

static inline void so_free_all(adt_tensor **t)
{
    for (int k = 0; k < FD_MAX_INPUTS; k++) {
        adt_free(t[k]);
        t[k] = NULL;
    }
}

/* What every check shares: the point, the directions, the seeds and the
 * adjoints' prefills. */
typedef struct SoState {
    adt_rng rng;
    adt_tensor *x0[FD_MAX_INPUTS];         /* copies of the inputs */
    adt_tensor *v[FD_MAX_INPUTS];          /* input tangents (NULL where skipped) */
    adt_tensor *v0[FD_MAX_INPUTS];         /* their copies */
    SoSeed g, t_g, g0, t_g0;               /* the seed, its tangent, their copies */
    adt_tensor *pd[FD_MAX_INPUTS];         /* prefill of d_x (NULL without an adjoint) */
    adt_tensor *pt[FD_MAX_INPUTS];         /* prefill of t_d_x */
    adt_tensor *ref[FD_MAX_INPUTS];        /* pd after the pullback alone */
    const char *file;
    int line;
    int failures;
} SoState;

/* The adjoints after one call of the forward rule. */
typedef struct SoCall {
    adt_tensor *d[FD_MAX_INPUTS];          /* d_x after the call (NULL where not passed) */
    adt_tensor *inc[FD_MAX_INPUTS];        /* the increase of t_d_x (NULL where not passed) */
} SoCall;

static inline void so_call_free(SoCall *c)
{
    so_free_all(c->d);
    so_free_all(c->inc);
}

static inline SoSeed so_seed_copy(SoSeed s, FdLayout layout)
{
    SoSeed r = s;
    if (s.t)
        r.t = so_relayout(s.t, ADT_F64, layout);
    return r;
}

/* Step 1 for one call: d_x as the pullback alone leaves it. */
static inline void so_check_primal(const SoOp *op, SoState *st, adt_tensor *const *d, const char *what)
{
    for (int k = 0; k < op->n; k++) {
        if (!d[k])
            continue;
        double diff = so_max_diff(d[k], st->ref[k]);
        if (!(diff == 0 || diff <= SO_PRIMAL_TOL * so_max_abs(st->ref[k]))) {
            fprintf(stderr, "%s:%d: socheck %s (%s): d_x of input %d is %g away from the pullback's\n", st->file,
                    st->line, op->name, what, k, diff);
            st->failures++;
        }
    }
}

/* Calls the forward rule with input tangents t (entries may be NULL), seed
 * tangent t_g (NULL: none), adjoints d_x when with_d and t_d_x where td[k]
 * (both pre-filled, in op->adj_layout); checks the primal part. */
static inline SoCall so_call(const SoOp *op, SoState *st, adt_tensor *const *t, const SoSeed *t_g, int with_d,
                             const int *td, const char *what)
{
    SoCall c = {0};
    adt_tensor *tdx[FD_MAX_INPUTS] = {0};
    for (int k = 0; k < op->n; k++) {
        if (!so_has_adj(op, k))
            continue;
        if (with_d)
            c.d[k] = so_relayout(st->pd[k], ADT_F64, op->adj_layout);
        if (td[k])
            tdx[k] = so_relayout(st->pt[k], ADT_F64, op->adj_layout);
    }
    op->pb_pf(op->in, t, c.d, tdx, &st->g, t_g, op->ctx);
    so_check_primal(op, st, c.d, what);
    for (int k = 0; k < op->n; k++)
        if (tdx[k])
            c.inc[k] = so_increase(tdx[k], st->pt[k]);
    so_free_all(tdx);
    return c;
}

/* D(off): the pullback's increments into zeroed adjoints at the inputs of
 * use moved by off times their tangents and, when use_seed, the seed by
 * off times its tangent. The inputs are left moved (the caller restores). */
static inline void so_increment(const SoOp *op, SoState *st, const int *use, int use_seed, double off,
                                adt_tensor **out)
{
    for (int k = 0; k < op->n; k++) {
        if (!use[k])
            continue;
        for (int64_t e = 0; e < adt_numel(st->x0[k]); e++)
            fd_put(op->in[k], e, fd_at(st->x0[k], e) + off * fd_at(st->v[k], e));
    }
    SoSeed g = so_seed_copy(st->g, op->seed_layout);
    if (use_seed && g.t) {
        for (int64_t e = 0; e < adt_numel(g.t); e++)
            fd_put(g.t, e, fd_at(st->g.t, e) + off * fd_at(st->t_g.t, e));
    } else if (use_seed) {
        g.s += off * st->t_g.s;
    }
    for (int k = 0; k < op->n; k++)
        out[k] = so_has_adj(op, k) ? so_zeros(op->in[k], op->adj_layout) : NULL;
    op->pullback(op->in, out, &g, op->ctx);
    adt_free(g.t);
}

/* The fourth-order central difference of D along the directions of use
 * (and the seed's when use_seed); num[k] new tensors. */
static inline void so_numeric(const SoOp *op, SoState *st, const int *use, int use_seed, adt_tensor **num)
{
    const double h = FD_STEP, off[4] = {h, -h, 2 * h, -2 * h};
    adt_tensor *D[4][FD_MAX_INPUTS] = {{0}};
    for (int j = 0; j < 4; j++)
        so_increment(op, st, use, use_seed, off[j], D[j]);
    for (int k = 0; k < op->n; k++)
        if (use[k])
            fd_copy_values(op->in[k], st->x0[k]);
    for (int k = 0; k < op->n; k++) {
        num[k] = NULL;
        if (!D[0][k])
            continue;
        num[k] = adt_zeros(ADT_F64, D[0][k]->ndim, D[0][k]->shape);
        for (int64_t e = 0; e < adt_numel(num[k]); e++) {
            double d = 8 * (fd_at(D[0][k], e) - fd_at(D[1][k], e)) - (fd_at(D[2][k], e) - fd_at(D[3][k], e));
            fd_put(num[k], e, d / (12 * h));
        }
    }
    for (int j = 0; j < 4; j++)
        so_free_all(D[j]);
}

/* Step 2: the increases of t_d_x against the numeric derivative along the
 * directions of use (and the seed's when use_seed). */
static inline void so_compare_numeric(SoOp *op, SoState *st, const SoCall *c, const int *use, int use_seed,
                                      double tol, const char *what)
{
    adt_tensor *num[FD_MAX_INPUTS] = {0};
    so_numeric(op, st, use, use_seed, num);
    for (int k = 0; k < op->n; k++) {
        if (!num[k])
            continue;
        double scale = fmax(so_max_abs(num[k]), FD_FLOOR), e = so_max_diff(c->inc[k], num[k]) / scale;
        op->worst = fmax(op->worst, e);
        if (e <= tol)
            continue;
        fprintf(stderr, "%s:%d: socheck %s: t_d_x of input %d along %s is off the finite difference: "
                "error %.3g > %.3g\n", st->file, st->line, op->name, k, what, e, tol);
        for (int64_t i = 0; i < adt_numel(num[k]); i++)
            if (!(fabs(fd_at(c->inc[k], i) - fd_at(num[k], i)) <= tol * scale)) {
                fprintf(stderr, "    element %lld: analytic %.15g, numeric %.15g\n", (long long)i,
                        fd_at(c->inc[k], i), fd_at(num[k], i));
                break;
            }
        st->failures++;
    }
    so_free_all(num);
}

/* a's increases equal b's (where both are present) within SO_SUM_TOL * scale. */
static inline void so_expect_same(const SoOp *op, SoState *st, adt_tensor *const *a, adt_tensor *const *b,
                                  double scale, const char *what)
{
    for (int k = 0; k < op->n; k++) {
        if (!a[k] || !b[k])
            continue;
        double d = so_max_diff(a[k], b[k]);
        if (!(d <= SO_SUM_TOL * fmax(scale, FD_FLOOR))) {
            fprintf(stderr, "%s:%d: socheck %s: t_d_x of input %d with %s is %g away from the full call's\n",
                    st->file, st->line, op->name, k, what, d);
            st->failures++;
        }
    }
}

/* Steps 1-3 along every direction, each alone, and their sum. */
static inline void so_check_directions(SoOp *op, SoState *st, const SoCall *full, const int *all, double tol)
{
    adt_tensor *sum[FD_MAX_INPUTS] = {0}, *one[FD_MAX_INPUTS] = {0};
    double scale = 0;
    for (int k = 0; k < op->n; k++) {
        if (full->inc[k])
            sum[k] = adt_zeros_like(full->inc[k]);
        scale = fmax(scale, so_max_abs(full->inc[k]));
    }
    for (int k = 0; k <= op->n; k++) { /* k == n: the seed alone */
        if (k < op->n && op->skip[k])
            continue;
        char what[32];
        int use[FD_MAX_INPUTS] = {0};
        if (k < op->n) {
            snprintf(what, sizeof what, "input %d's tangent", k);
            one[k] = st->v[k];
            use[k] = 1;
        } else {
            snprintf(what, sizeof what, "the seed's tangent");
        }
        SoCall c = so_call(op, st, one, k == op->n ? &st->t_g : NULL, 1, all, what);
        if (k < op->n)
            one[k] = NULL;
        so_compare_numeric(op, st, &c, use, k == op->n, tol, what);
        for (int j = 0; j < op->n; j++) {
            if (sum[j])
                adt_axpy_(sum[j], 1.0, c.inc[j]);
            scale = fmax(scale, so_max_abs(c.inc[j]));
        }
        so_call_free(&c);
    }
    so_expect_same(op, st, sum, full->inc, scale, "each direction alone, added up,");
    so_free_all(sum);
}

/* Step 3: NULL adjoints and NULL tangents. */
static inline void so_check_nulls(const SoOp *op, SoState *st, const SoCall *full, const int *all)
{
    const int none[FD_MAX_INPUTS] = {0};
    adt_tensor *no_t[FD_MAX_INPUTS] = {0};
    double scale = 0;
    for (int k = 0; k < op->n; k++)
        scale = fmax(scale, so_max_abs(full->inc[k]));
    SoCall c = so_call(op, st, st->v, &st->t_g, 1, none, "every t_d_x NULL");
    so_call_free(&c);
    c = so_call(op, st, st->v, &st->t_g, 0, all, "every d_x NULL");
    so_expect_same(op, st, c.inc, full->inc, scale, "every d_x NULL");
    so_call_free(&c);
    for (int k = 0; k < op->n; k++) {
        if (!so_has_adj(op, k))
            continue;
        int td[FD_MAX_INPUTS];
        memcpy(td, all, sizeof td);
        td[k] = 0;
        c = so_call(op, st, st->v, &st->t_g, 1, td, "one t_d_x NULL");
        so_expect_same(op, st, c.inc, full->inc, scale, "another t_d_x NULL");
        so_call_free(&c);
    }
    c = so_call(op, st, no_t, NULL, 1, all, "every tangent NULL");
    for (int k = 0; k < op->n; k++) {
        if (c.inc[k] && so_max_abs(c.inc[k]) != 0) {
            fprintf(stderr, "%s:%d: socheck %s: every tangent NULL adds %g to t_d_x of input %d (expected 0)\n",
                    st->file, st->line, op->name, so_max_abs(c.inc[k]), k);
            st->failures++;
        }
    }
    so_call_free(&c);
}

/* Step 4: <w, H u> = <u, H w> over the inputs with an adjoint. */
static inline void so_check_symmetry(const SoOp *op, SoState *st, const int *all)
{
    adt_tensor *u[FD_MAX_INPUTS] = {0}, *w[FD_MAX_INPUTS] = {0};
    for (int k = 0; k < op->n; k++) {
        if (!so_has_adj(op, k))
            continue;
        u[k] = st->v[k];
        w[k] = pf_randn(&st->rng, op->in[k]->ndim, op->in[k]->shape, op->tan_layout);
    }
    SoCall hu = so_call(op, st, u, NULL, 0, all, "symmetry"), hw = so_call(op, st, w, NULL, 0, all, "symmetry");
    double lhs = 0, rhs = 0, mag = 0;
    for (int k = 0; k < op->n; k++) {
        if (!u[k])
            continue;
        lhs += pf_dot((PfVal){w[k], 0}, (PfVal){hu.inc[k], 0}, &mag);
        rhs += pf_dot((PfVal){u[k], 0}, (PfVal){hw.inc[k], 0}, &mag);
    }
    if (!(fabs(lhs - rhs) <= SO_SYM_TOL * mag)) {
        fprintf(stderr, "%s:%d: socheck %s: <w, H u> = %.17g but <u, H w> = %.17g (magnitude %.3g)\n", st->file,
                st->line, op->name, lhs, rhs, mag);
        st->failures++;
    }
    so_call_free(&hu);
    so_call_free(&hw);
    for (int k = 0; k < op->n; k++)
        if (u[k])
            adt_free(w[k]);
}

/* Step 5 for one adjoint: the f32 increase against the f64 one. */
static inline void so_expect_f32(const SoOp *op, SoState *st, const adt_tensor *after32, const adt_tensor *before,
                                 const adt_tensor *inc64, int k, const char *which)
{
    adt_tensor *inc32 = so_increase(after32, before);
    double e = so_max_diff(inc32, inc64) / fmax(so_max_abs(inc64), FD_FLOOR);
    if (!(e <= SO_F32_TOL)) {
        fprintf(stderr, "%s:%d: socheck %s: f32 %s of input %d differs from f64 by %.3g (> %g)\n", st->file,
                st->line, op->name, which, k, e, SO_F32_TOL);
        st->failures++;
    }
    if (after32->dtype != ADT_F32) {
        fprintf(stderr, "%s:%d: socheck %s: f32 %s of input %d is not f32\n", st->file, st->line, op->name, which, k);
        st->failures++;
    }
    adt_free(inc32);
}

/* Step 5: the full call in f32. */
static inline void so_check_f32(const SoOp *op, SoState *st, const SoCall *full)
{
    SoOp op32 = *op;
    adt_tensor *t[FD_MAX_INPUTS] = {0}, *d[FD_MAX_INPUTS] = {0}, *td[FD_MAX_INPUTS] = {0};
    adt_tensor *pd[FD_MAX_INPUTS] = {0}, *pt[FD_MAX_INPUTS] = {0};
    for (int k = 0; k < op->n; k++) {
        op32.in[k] = so_relayout(op->in[k], ADT_F32, op->in_layout);
        if (st->v[k])
            t[k] = so_relayout(st->v[k], ADT_F32, op->tan_layout);
        if (!so_has_adj(op, k))
            continue;
        d[k] = so_relayout(st->pd[k], ADT_F32, op->adj_layout);
        td[k] = so_relayout(st->pt[k], ADT_F32, op->adj_layout);
        pd[k] = adt_to_dtype(d[k], ADT_F64); /* the prefills as f32 holds them */
        pt[k] = adt_to_dtype(td[k], ADT_F64);
    }
    SoSeed g = st->g, t_g = st->t_g;
    if (g.t) {
        g.t = so_relayout(st->g.t, ADT_F32, op->seed_layout);
        t_g.t = so_relayout(st->t_g.t, ADT_F32, op->seed_layout);
    }
    op->pb_pf(op32.in, t, d, td, &g, &t_g, op->ctx);
    for (int k = 0; k < op->n; k++) {
        if (!d[k])
            continue;
        adt_tensor *inc_d = so_increase(full->d[k], st->pd[k]);
        so_expect_f32(op, st, d[k], pd[k], inc_d, k, "d_x");
        so_expect_f32(op, st, td[k], pt[k], full->inc[k], k, "t_d_x");
        adt_free(inc_d);
    }
    so_free_all(op32.in), so_free_all(t), so_free_all(d), so_free_all(td), so_free_all(pd), so_free_all(pt);
    adt_free(g.t);
    adt_free(t_g.t);
}

/* Step 6 */
static inline void so_check_unchanged(const SoOp *op, SoState *st)
{
    for (int k = 0; k < op->n; k++) {
        if (so_max_diff(st->x0[k], op->in[k]) != 0 || (st->v[k] && so_max_diff(st->v0[k], st->v[k]) != 0)) {
            fprintf(stderr, "%s:%d: socheck %s: input %d or its tangent was changed\n", st->file, st->line,
                    op->name, k);
            st->failures++;
        }
    }
    int seed_changed = st->g.t ? so_max_diff(st->g0.t, st->g.t) != 0 || so_max_diff(st->t_g0.t, st->t_g.t) != 0
                               : st->g0.s != st->g.s || st->t_g0.s != st->t_g.s;
    if (seed_changed) {
        fprintf(stderr, "%s:%d: socheck %s: the seed or its tangent was changed\n", st->file, st->line, op->name);
        st->failures++;
    }
}

/* Draws the directions, seeds and prefills, and runs the pullback alone. */
static inline void so_setup(const SoOp *op, SoState *st)
{
    adt_rng_seed(&st->rng, op->rng_seed ? op->rng_seed : 20241105u);
    for (int k = 0; k < op->n; k++) {
        const adt_tensor *x = op->in[k];
        st->x0[k] = adt_clone(x);
        if (op->skip[k])
            continue;
        st->v[k] = pf_randn(&st->rng, x->ndim, x->shape, op->tan_layout);
        st->v0[k] = adt_clone(st->v[k]);
        if (!so_has_adj(op, k))
            continue;
        st->pd[k] = pf_randn(&st->rng, x->ndim, x->shape, op->adj_layout);
        st->pt[k] = pf_randn(&st->rng, x->ndim, x->shape, op->adj_layout);
        st->ref[k] = so_relayout(st->pd[k], ADT_F64, op->adj_layout);
    }
    if (op->op) {
        adt_tensor *y = op->op(op->in, op->ctx);
        st->g.t = pf_randn(&st->rng, y->ndim, y->shape, op->seed_layout);
        st->t_g.t = pf_randn(&st->rng, y->ndim, y->shape, op->seed_layout);
        adt_free(y);
    } else {
        st->g.s = 0.5 + adt_rng_uniform(&st->rng);
        st->t_g.s = adt_rng_normal(&st->rng);
    }
    st->g0 = so_seed_copy(st->g, FD_CONTIG);
    st->t_g0 = so_seed_copy(st->t_g, FD_CONTIG);
    op->pullback(op->in, st->ref, &st->g, op->ctx);
}

static inline void so_teardown(SoState *st)
{
    so_free_all(st->x0), so_free_all(st->v), so_free_all(st->v0);
    so_free_all(st->pd), so_free_all(st->pt), so_free_all(st->ref);
    adt_free(st->g.t), adt_free(st->t_g.t), adt_free(st->g0.t), adt_free(st->t_g0.t);
}

/* Runs the whole check (see the top of the file); returns the number of
 * failed checks, each printed with file:line. */
static inline int so_check_at(SoOp *op, double tol, const char *file, int line)
{
    SoState st = {.file = file, .line = line};
    int all[FD_MAX_INPUTS] = {0};
    for (int k = 0; k < op->n; k++) {
        if (!op->skip[k] && op->in[k]->dtype != ADT_F64) {
            fprintf(stderr, "%s:%d: socheck %s: input %d is not f64\n", file, line, op->name, k);
            return 1;
        }
        all[k] = so_has_adj(op, k);
    }
    op->worst = 0;
    so_setup(op, &st);
    int use[FD_MAX_INPUTS] = {0};
    for (int k = 0; k < op->n; k++)
        use[k] = !op->skip[k];
    SoCall full = so_call(op, &st, st.v, &st.t_g, 1, all, "every tangent");
    so_compare_numeric(op, &st, &full, use, 1, tol, "every tangent");
    so_check_directions(op, &st, &full, all, tol);
    so_check_nulls(op, &st, &full, all);
    so_check_symmetry(op, &st, all);
    so_check_f32(op, &st, &full);
    so_check_unchanged(op, &st);
    so_call_free(&full);
    so_teardown(&st);
    if (getenv("FDCHECK_VERBOSE"))
        printf("%s:%d: socheck %s: worst error %.3g\n", file, line, op->name, op->worst);
    return st.failures;
}

/* SO_CHECK(&op, tol): the check, reporting the caller's file:line. */
#define SO_CHECK(op, tol) so_check_at((op), (tol), __FILE__, __LINE__)

#endif
