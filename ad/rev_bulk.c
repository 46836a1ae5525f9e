/* rev_bulk.c: one save for the whole range a counted loop overwrites.
 *
 * A counted loop that overwrites a[i + k] once per iteration pushes the
 * old value each time and its reversed loop pops it back each time. When
 * nothing else in the loop writes that memory, the values the iterations
 * push are the ones the range holds when the loop starts, and when the
 * reversed loop never reads that memory, restoring it after the reversed
 * loop is as good as restoring it element by element:
 *
 *     for (i = 0; i < d; i++) {            adcc_push_array_d(out, d > 0 ? d : 0);
 *         adcc_push_d(out[i]);      =>     for (i = 0; i < d; i++)
 *         out[i] = q[i] * v[i];                out[i] = q[i] * v[i];
 *     }
 *     for (i = end - 1; i >= 0; i--) {     for (i = end - 1; i >= 0; i--) {
 *         out[i] = adcc_pop_d();               ...
 *         ...                              }
 *     }                                    adcc_pop_array_d(out, d > 0 ? d : 0);
 *
 * One bounds check and one copy per loop instead of one per element; the
 * tape holds the same slots in the same order. Distinct roots (pointer
 * parameters, local arrays, allocations) do not overlap, as everywhere
 * in adcc. */
#include "ad/rev.h"

#include <string.h>

/* ---- where an expression points ---- */

static bool is_shadow(const Expr *ptr)
{
    Var *b = act_base_var(ptr);
    return b && b->primal != NULL;
}

/* Whether pointer expression p may point into root (an unknown target may). */
static bool may_reach(Rev *rs, const Expr *p, const Var *root)
{
    Vec roots = {0};
    act_roots(rs->act, p, &roots);
    return roots.len == 0 || vec_has(&roots, root);
}

/* ---- the loop: writes to the range ---- */

typedef struct Scan {
    Rev *rs;
    const Var *root;
    const Expr *lv;        /* the saved element a[i + k] */
    const Stmt *skip;      /* the restore, in the reversed loop */
    int writes;            /* statements writing the root */
    bool conflict;
} Scan;

/* A call given a primal pointer into the root may read or write it. */
static bool call_reaches(const Expr *e, void *ctx)
{
    Scan *sc = ctx;
    if (e->op != EX_CALL)
        return false;
    for (int i = 0; i < e->args.len; i++) {
        const Expr *a = e->args.items[i];
        if (ty_is_ptr_like(a->ty) && !is_shadow(a) && may_reach(sc->rs, a, sc->root))
            return true;
    }
    return false;
}

static bool forward_write(const Stmt *s, void *ctx)
{
    Scan *sc = ctx;
    if (s->kind == ST_ASSIGN && (s->lhs->op == EX_INDEX || s->lhs->op == EX_DEREF) &&
        may_reach(sc->rs, s->lhs->a, sc->root)) {
        sc->writes++;
        sc->conflict |= !ex_equal(s->lhs, sc->lv);
    }
    return false;
}

/* The forward loop body writes the root only at lv, by one statement. */
static bool only_writer(Rev *rs, const Stmt *body, const Var *root, const Expr *lv)
{
    Scan sc = {.rs = rs, .root = root, .lv = lv};
    st_any(body, forward_write, &sc);
    return sc.writes == 1 && !sc.conflict && !st_any_expr(body, call_reaches, &sc);
}

/* ---- the reversed loop: reads of the range ---- */

static bool primal_access(const Expr *e, void *ctx)
{
    Scan *sc = ctx;
    return (e->op == EX_INDEX || e->op == EX_DEREF) && !is_shadow(e->a) && may_reach(sc->rs, e->a, sc->root);
}

/* An expression that reads or writes the root, or passes it to a call. */
static bool reaches(const Expr *e, Scan *sc)
{
    return e && (ex_any(e, primal_access, sc) || ex_any(e, call_reaches, sc));
}

static bool reverse_touch(const Stmt *s, void *ctx)
{
    Scan *sc = ctx;
    if (s == sc->skip)
        return false;
    switch (s->kind) {
    case ST_DECL: return reaches(s->init, sc);
    case ST_ASSIGN: return ex_any(s->lhs, primal_access, sc) || reaches(s->rhs, sc);
    case ST_EXPR: case ST_RETURN: return reaches(s->expr, sc);
    case ST_IF: case ST_WHILE: case ST_DO: case ST_SWITCH: case ST_FOR: return reaches(s->cond, sc);
    case ST_BLOCK: case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return false;
    }
    return true;
}

/* ---- matching the per-element push and pop ---- */

static bool is_call(const Expr *e, const char *a, const char *b)
{
    e = ex_strip_casts((Expr *)e);
    return e->op == EX_CALL && !e->callee && (strcmp(e->text, a) == 0 || strcmp(e->text, b) == 0);
}

static bool pushes(const Stmt *s, const Expr *lv)
{
    return s->kind == ST_EXPR && is_call(s->expr, "adcc_push_d", "adcc_push_f") &&
           (!lv || ex_equal(s->expr->args.items[0], lv));
}

static bool pops_into(const Stmt *s, const Expr *lv)
{
    return s->kind == ST_ASSIGN && ex_equal(s->lhs, lv) && is_call(s->rhs, "adcc_pop_d", "adcc_pop_f");
}

static bool pushes_lv(const Stmt *s, void *lv) { return pushes(s, lv); }
static bool assigns_lv(const Stmt *s, void *lv) { return s->kind == ST_ASSIGN && ex_equal(s->lhs, lv); }

static int count(const Stmt *b, bool (*pred)(const Stmt *, void *), const Expr *lv)
{
    int n = 0;
    for (int i = 0; i < b->items.len; i++)
        n += st_any(b->items.items[i], pred, (void *)lv);
    return n;
}

static bool declares(const Stmt *s, void *v) { return s->kind == ST_DECL && s->var == v; }

static bool uses_var(const Expr *e, void *v) { return e->op == EX_VAR && e->var == v; }

/* idx = iv + rest, rest free of iv (NULL: idx is iv). */
static bool offset_from(const Expr *idx, const Var *iv, Expr **rest)
{
    idx = ex_strip_casts((Expr *)idx);
    Expr *r = NULL;
    if (idx->op == EX_VAR && idx->var == iv)
        r = NULL;
    else if (idx->op == EX_ADD && ex_strip_casts(idx->a)->op == EX_VAR && ex_strip_casts(idx->a)->var == iv)
        r = idx->b;
    else if (idx->op == EX_ADD && ex_strip_casts(idx->b)->op == EX_VAR && ex_strip_casts(idx->b)->var == iv)
        r = idx->a;
    else
        return false;
    *rest = r;
    return !r || !ex_any(r, uses_var, (void *)iv);
}

/* Iterations of `for (i = start; i < bound; i++)` (or <=), never negative. */
static Expr *trip_count(const Stmt *loop, Expr *start)
{
    Loc loc = loop->loc;
    Expr *bound = loop->cond->b;
    int le = loop->cond->op == EX_LE;
    double c, b;
    bool known = ex_is_const(start, &c);
    if (known && ex_is_const(bound, &b))
        return ex_int(b + le > c ? (long long)(b + le - c) : 0, loc);
    /* bound - start (+ 1 for <=), the constants folded */
    Expr *span;
    long long k = known ? le - (long long)c : le;
    if (!known)
        span = ex_binary(EX_SUB, ex_copy(bound), ex_copy(start), loc);
    else
        span = ex_copy(bound);
    if (k > 0)
        span = ex_binary(EX_ADD, span, ex_int(k, loc), loc);
    else if (k < 0)
        span = ex_binary(EX_SUB, span, ex_int(-k, loc), loc);
    return ex_cond(ex_binary(le ? EX_GE : EX_GT, ex_copy(bound), ex_copy(start), loc), span, ex_int(0, loc), loc);
}

static Stmt *array_call(const char *name, Expr *base, Expr *n, Loc loc)
{
    Expr *c = ex_call(name, ty_void, loc);
    vec_push(&c->args, base);
    vec_push(&c->args, n);
    return st_expr(c, loc);
}

/* The address of the range's first element: &a[start + rest], or a. */
static Expr *range_base(const Expr *lv, Expr *start, Expr *rest)
{
    Loc loc = lv->loc;
    double c;
    Expr *first = ex_copy(start);
    if (rest)
        first = ex_is_const(start, &c) && c == 0 ? ex_copy(rest) : ex_binary(EX_ADD, first, ex_copy(rest), loc);
    if (ex_is_const(first, &c) && c == 0)
        return ex_copy(lv->a);
    return ex_unary(EX_ADDR, ex_index(ex_copy(lv->a), first, loc), loc);
}

/* One candidate: the push at bf's item k. */
static bool bulk_one(Rev *rs, const Stmt *loop, Var *iv, Stmt *bf, Stmt *br, int k, Stmt **restore, Expr **rest)
{
    Stmt *push = bf->items.items[k];
    Expr *lv = push->expr->args.items[0];
    if (lv->op != EX_INDEX || lv->a->op != EX_VAR || st_any(loop->body, declares, lv->a->var) ||
        !offset_from(lv->b, iv, rest) ||
        !rev_stable_expr(rs, *rest) || rev_writes_var(loop->body, lv->a->var) ||
        (lv->a->var->ty->kind != TY_ARRAY && !rev_stable_expr(rs, lv->a)))
        return false;
    Vec roots = {0};
    act_roots(rs->act, lv->a, &roots);
    if (roots.len != 1 || count(bf, pushes_lv, lv) != 1 || count(br, assigns_lv, lv) != 1)
        return false;
    const Var *root = roots.items[0];
    *restore = NULL;
    for (int i = 0; i < br->items.len; i++)
        if (pops_into(br->items.items[i], lv))
            *restore = br->items.items[i];
    if (!*restore || !only_writer(rs, loop->body, root, lv))
        return false;
    Scan sc = {.rs = rs, .root = root, .lv = lv, .skip = *restore};
    return !st_any(br, reverse_touch, &sc);
}

void rev_bulk_saves(Rev *rs, const Stmt *loop, Var *iv, Expr *start, Stmt *bf, Stmt *br, Stmt *pre, Stmt *post)
{
    if (st_has_jump(loop->body))
        return;
    for (int k = 0; k < bf->items.len; k++) {
        Stmt *restore;
        Expr *rest;
        if (!pushes(bf->items.items[k], NULL) || !bulk_one(rs, loop, iv, bf, br, k, &restore, &rest))
            continue;
        Stmt *push = bf->items.items[k];
        Expr *lv = push->expr->args.items[0];
        bool dbl = lv->ty->kind == TY_DOUBLE;
        Loc loc = push->loc;
        st_append(pre, array_call(dbl ? "adcc_push_array_d" : "adcc_push_array_f", range_base(lv, start, rest),
                                  trip_count(loop, start), loc));
        vec_insert(&post->items, 0, array_call(dbl ? "adcc_pop_array_d" : "adcc_pop_array_f",
                                               range_base(lv, start, rest), trip_count(loop, start), loc));
        vec_remove(&bf->items, k--);
        vec_remove(&br->items, vec_index(&br->items, restore));
    }
}
