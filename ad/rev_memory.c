/* rev_memory.c: to-be-recorded analysis for memory: whether a write
 * through a pointer or into an array must push the old value.
 *
 * Flow-sensitively, as for scalars: only reverse parts of statements up to
 * the write (they run after its reverse part) can read the old value, so a
 * root (an array, an allocation, the memory a parameter points to) that no
 * such statement reads needs no save; the caller may read what a helper's
 * pointer parameters reach, so those are always saved in split form.
 *
 * Covered writes: when an earlier loop of the same function has already
 * written every element a later write can reach,
 *
 *     for (int i = 0; i < d; i++) out[i] = qdiag[i] * v[i];      // cover
 *     for (int j = 0; j < d; j++)
 *         for (int i = j + 1; i < d; i++) out[i] += l[li++] * v[j]; // write
 *
 * the later write only overwrites a value this function produced itself:
 * the cover saved the caller's values, its pops restore them, and if no
 * statement from the cover to the write reads that memory in the reverse
 * sweep, the in-between values are never needed and the write saves
 * nothing. Index ranges are compared as affine forms in the loop counters
 * and values that never change. */
#include "ad/rev.h"

#include <string.h>

/* ---- affine forms: c + sum coef[i] * var[i] ---- */

enum { MAX_TERMS = 8 };

typedef struct Affine {
    long long c;
    int n;
    Var *var[MAX_TERMS];
    long long coef[MAX_TERMS];
} Affine;

static bool af_add_term(Affine *a, Var *v, long long k)
{
    for (int i = 0; i < a->n; i++) {
        if (a->var[i] == v) {
            a->coef[i] += k;
            return true;
        }
    }
    if (a->n == MAX_TERMS)
        return false;
    a->var[a->n] = v;
    a->coef[a->n++] = k;
    return true;
}

/* a += k * b */
static bool af_add_affine(Affine *a, const Affine *b, long long k)
{
    a->c += k * b->c;
    for (int j = 0; j < b->n; j++)
        if (!af_add_term(a, b->var[j], k * b->coef[j]))
            return false;
    return true;
}

/* a += k * e; false when e is not affine in integer variables. */
static bool af_add(Affine *a, const Expr *e, long long k)
{
    e = ex_strip_casts((Expr *)e);
    if (e->op == EX_INT) {
        a->c += k * e->ival;
        return true;
    }
    if (e->op == EX_VAR)
        return ty_is_int(e->var->ty) && af_add_term(a, e->var, k);
    if (e->op == EX_ADD || e->op == EX_SUB)
        return af_add(a, e->a, k) && af_add(a, e->b, e->op == EX_ADD ? k : -k);
    if (e->op == EX_NEG)
        return af_add(a, e->a, -k);
    if (e->op == EX_MUL && ex_strip_casts(e->a)->op == EX_INT)
        return af_add(a, e->b, k * ex_strip_casts(e->a)->ival);
    if (e->op == EX_MUL && ex_strip_casts(e->b)->op == EX_INT)
        return af_add(a, e->a, k * ex_strip_casts(e->b)->ival);
    return false; /* not affine */
}

/* The bounds of a counted loop's counter: lo <= v <= hi, by steps of step. */
typedef struct Range {
    Var *v;
    long long step;
    Affine lo, hi;
} Range;

static bool loop_range(Rev *rs, const Stmt *s, Range *r)
{
    Var *iv;
    Expr *start;
    long long step;
    if (!rev_canonical(rs, s, &iv, &start, &step) || step <= 0)
        return false;
    const Expr *c = s->cond;
    if (c->op != EX_LT && c->op != EX_LE)
        return false;
    memset(r, 0, sizeof *r);
    r->v = iv;
    r->step = step;
    if (!af_add(&r->lo, start, 1) || !af_add(&r->hi, c->b, 1))
        return false;
    if (c->op == EX_LT)
        r->hi.c -= 1;
    return true;
}

/* Whether a >= 0 for every value of the ranged counters; the other
 * variables must cancel out. Counters are eliminated innermost first by
 * their lower bound (positive coefficient) or upper bound (negative). */
static bool af_nonneg(Affine a, const Range *ranges, int nranges)
{
    for (int r = nranges - 1; r >= 0; r--) {
        for (int i = 0; i < a.n; i++) {
            if (a.var[i] != ranges[r].v || a.coef[i] == 0)
                continue;
            long long k = a.coef[i];
            a.coef[i] = 0;
            if (!af_add_affine(&a, k > 0 ? &ranges[r].lo : &ranges[r].hi, k))
                return false;
        }
    }
    for (int i = 0; i < a.n; i++)
        if (a.coef[i] != 0)
            return false;
    return a.c >= 0;
}

/* The statements around the write: counter[l] is the counter of ctx[l]
 * when that is a counted loop (else NULL); ranges holds those whose bounds
 * are fixed, outermost first. */
typedef struct Around {
    Var **counter;
    Range ranges[16];
    int nranges;
} Around;

/* Whether each variable of a has the same value wherever the analysis
 * compares it: never assigned in the function, or the counter of one of the
 * first `outer` loops around the write (those enclose the cover too). */
static bool fixed_affine(Rev *rs, const Around *ar, const Affine *a, int outer)
{
    for (int t = 0; t < a->n; t++) {
        Var *v = a->var[t];
        if (a->coef[t] == 0 || (v->id < rs->act->n && !rs->rc.var_written[v->id]))
            continue;
        bool counter = false;
        for (int l = 0; l < outer && !counter; l++)
            counter = ar->counter[l] == v;
        if (!counter)
            return false;
    }
    return true;
}

/* ---- finding the cover ---- */

/* A loop that writes p[base + i] for every i of its range (step 1); the
 * variables of its bounds and base keep their values up to the write. */
static bool covers(Rev *rs, const Around *ar, const Stmt *loop, const Var *p, int outer, Range *r, Affine *base)
{
    if (loop->kind != ST_FOR || !loop_range(rs, loop, r) || r->step != 1 || !fixed_affine(rs, ar, &r->lo, outer) ||
        !fixed_affine(rs, ar, &r->hi, outer) || !loop->body || loop->body->kind != ST_BLOCK ||
        st_has_jump(loop->body))
        return false;
    for (int i = 0; i < loop->body->items.len; i++) {
        const Stmt *s = loop->body->items.items[i];
        if (s->kind != ST_ASSIGN || s->lhs->op != EX_INDEX || s->lhs->a->op != EX_VAR || s->lhs->a->var != p)
            continue;
        Affine a = {0};
        if (!af_add(&a, s->lhs->b, 1))
            continue;
        /* the index is exactly i plus a part without i */
        bool unit = false;
        for (int t = 0; t < a.n; t++) {
            if (a.var[t] == r->v) {
                unit = a.coef[t] == 1;
                a.coef[t] = 0;
            }
        }
        if (unit && fixed_affine(rs, ar, &a, outer)) {
            *base = a;
            return true;
        }
    }
    return false;
}

/* The statements holding s directly: a block's items, a branch or a body. */
static const Stmt *holder(const Stmt *parent, const Stmt *child)
{
    switch (parent->kind) {
    case ST_BLOCK: return parent;
    case ST_IF:
        if (parent->then && parent->then->kind == ST_BLOCK && parent->then != child)
            for (int i = 0; i < parent->then->items.len; i++)
                if (parent->then->items.items[i] == child)
                    return parent->then;
        return parent->els && parent->els->kind == ST_BLOCK ? parent->els : NULL;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        return parent->body && parent->body->kind == ST_BLOCK ? parent->body : NULL;
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_RETURN: case ST_CASE: case ST_DEFAULT:
    case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return NULL;
    }
    return NULL;
}

static int index_in(const Stmt *b, const Stmt *s) { return b ? vec_index(&b->items, s) : -1; }

/* Whether the reverse parts of function-level items first..last read root's
 * memory (a read at an unknown place, -1, counts everywhere). */
static bool read_between(Rev *rs, const Var *root, int first, int last)
{
    Vec *reads = &rs->mem_reads[root->id];
    intptr_t lo = (intptr_t)rs->top_first.items[first], hi = (intptr_t)rs->top_first.items[last];
    for (int i = 0; i < reads->len; i++) {
        intptr_t at = (intptr_t)reads->items[i];
        if (at < 0 || (at >= lo && at <= hi))
            return true;
    }
    return false;
}

/* Whether the write overwrites only values this function wrote itself that
 * the reverse sweep never reads. */
static bool covered(Rev *rs, const Expr *lhs, const Var *root, int top)
{
    if (lhs->op != EX_INDEX || lhs->a->op != EX_VAR || rs->ctx.len == 0)
        return false;
    Var *p = lhs->a->var;
    if (p != root || (p->ty->kind != TY_ARRAY && !rev_stable_expr(rs, lhs->a)))
        return false;
    Affine idx = {0};
    if (!af_add(&idx, lhs->b, 1))
        return false;
    const Stmt *body = rs->fn->body;
    Around ar = {.counter = ir_alloc(sizeof(Var *) * (size_t)rs->ctx.len)};
    for (int l = 0; l < rs->ctx.len; l++) {
        Range r;
        if (!loop_range(rs, rs->ctx.items[l], &r))
            continue;
        ar.counter[l] = r.v;
        if (ar.nranges < 16 && fixed_affine(rs, &ar, &r.lo, l) && fixed_affine(rs, &ar, &r.hi, l))
            ar.ranges[ar.nranges++] = r;
    }
    if (!fixed_affine(rs, &ar, &idx, rs->ctx.len))
        return false;
    for (int l = rs->ctx.len - 1; l >= 0; l--) {
        const Stmt *child = rs->ctx.items[l];
        const Stmt *b = l == 0 ? body : holder(rs->ctx.items[l - 1], child);
        int at = index_in(b, child);
        for (int i = at - 1; i >= 0; i--) {
            Range r;
            Affine base;
            if (!covers(rs, &ar, b->items.items[i], p, l, &r, &base))
                continue;
            /* base + r.lo <= idx <= base + r.hi */
            Affine below = idx, above = base;
            bool ok = af_add_affine(&below, &base, -1) && af_add_affine(&below, &r.lo, -1) &&
                      af_add_affine(&above, &r.hi, 1) && af_add_affine(&above, &idx, -1);
            if (!ok || !af_nonneg(below, ar.ranges, ar.nranges) || !af_nonneg(above, ar.ranges, ar.nranges))
                continue;
            return !read_between(rs, p, l == 0 ? i : top, top);
        }
    }
    return false;
}

/* A parameter whose memory the caller does not need saved (rev_spec's nosave). */
static bool nosave_param(Rev *rs, const Var *r)
{
    int i = vec_index(&rs->fn->params, r);
    return i >= 0 && (rs->spec->nosave >> i & 1);
}

/* Whether a reverse part that runs after the current statement's reads
 * the memory ptr points into (then overwriting it needs a save). */
static bool roots_needed(Rev *rs, const Vec *roots, int top)
{
    if (roots->len == 0)
        return true; /* unknown target */
    bool needed = false;
    for (int i = 0; i < roots->len; i++) {
        Var *r = roots->items[i];
        /* read by a reverse part that runs after this write's: items 0..top */
        needed |= (!rs->joint && r->kind == VAR_PARAM && !nosave_param(rs, r)) ||
                  (rs->needed_mem[r->id] && (top < 0 || read_between(rs, r, 0, top))) ||
                  /* a scalar written through a pointer to it (int *pi = &i) */
                  (r->ty->kind != TY_ARRAY && !ty_is_ptr_like(r->ty) && rs->needed[r->id]);
    }
    return needed;
}

bool rev_mem_must_save(Rev *rs, const Expr *lhs)
{
    Vec roots = {0};
    act_roots(rs->act, lhs->a, &roots);
    /* the function-level item holding the write */
    int top = rs->ctx.len ? index_in(rs->fn->body, rs->ctx.items[0]) : -1;
    return roots_needed(rs, &roots, top) && !(roots.len == 1 && top >= 0 && covered(rs, lhs, roots.items[0], top));
}

/* Whether a helper's sweeps save a write through lvalue whatever the
 * reverse sweep reads: its memory is the caller's (or unknown). The scan
 * must then count what the restore reads (the index of a[k % 4]). */
bool rev_mem_saved_anyway(Rev *rs, const Expr *lhs)
{
    Vec roots = {0};
    act_roots(rs->act, lhs->a, &roots);
    if (roots.len == 0)
        return true;
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        if (!rs->joint && r->kind == VAR_PARAM && !nosave_param(rs, r))
            return true;
        if (r->ty->kind != TY_ARRAY && !ty_is_ptr_like(r->ty))
            return true;   /* a scalar through a pointer to it: saved when the reverse sweep reads the scalar */
    }
    return false;
}

bool rev_mem_root_needed(Rev *rs, const Expr *ptr)
{
    Vec roots = {0};
    act_roots(rs->act, ptr, &roots);
    return roots_needed(rs, &roots, rs->ctx.len ? index_in(rs->fn->body, rs->ctx.items[0]) : -1);
}

/* ---- arguments whose adjoint cells may coincide ---- */

static bool is_var(const Expr *e, void *v)
{
    return e->op == EX_VAR && e->var == v;
}

static bool reaches_memory(Expr *arg)
{
    Expr *core = ex_strip_casts(arg);
    return ty_is_ptr_like(arg->ty) || core->op == EX_INDEX || core->op == EX_DEREF;
}

/* e as base + constant: i + 1 gives i and 1, 3 gives NULL and 3. */
static const Expr *split_constant(const Expr *e, long long *k)
{
    if (e->op == EX_INT) {
        *k = e->ival;
        return NULL;
    }
    if ((e->op == EX_ADD || e->op == EX_SUB) && e->b->op == EX_INT) {
        *k = e->op == EX_ADD ? e->b->ival : -e->b->ival;
        return e->a;
    }
    *k = 0;
    return e;
}

/* a[i] and a[i + 1]: cells of one array at indices that differ by a
 * nonzero constant. */
static bool distinct_cells(const Expr *x, const Expr *y)
{
    if (x->op != EX_INDEX || y->op != EX_INDEX || !ex_equal(x->a, y->a))
        return false;
    long long kx, ky;
    const Expr *bx = split_constant(x->b, &kx), *by = split_constant(y->b, &ky);
    return kx != ky && (bx == by || (bx && by && ex_equal(bx, by)));
}

/* Whether the adjoint cell of active scalar argument i may be one another
 * active argument's adjoint reaches too (h(s, s), h(a, a[1]), h(x[i],
 * x[j])): the callee's reverse sweep reads and clears its parameters'
 * adjoints, so such an argument gets a cell of its own. */
bool rev_arg_may_share(Expr *c, unsigned long long mask, int i)
{
    Expr *core = ex_strip_casts(c->args.items[i]);
    for (int j = 0; j < c->args.len && j < MAX_PARAMS; j++) {
        if (j == i || !(mask >> j & 1))
            continue;
        Expr *other = c->args.items[j];
        if (core->op == EX_VAR ? ex_any(other, is_var, core->var)
                               : reaches_memory(other) && !distinct_cells(core, ex_strip_casts(other)))
            return true;
    }
    return false;
}
