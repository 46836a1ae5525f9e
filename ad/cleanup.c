/* cleanup.c: tidies generated functions so they compile warning-free
 * under -Wall -Wextra: drops locals that are never read (and the pure
 * assignments to them) and marks unused parameters with (void). Values
 * popped from the tape are never dropped: the pop keeps the tape aligned. */
#include "ad/internal.h"

#include <stdlib.h>

typedef struct Uses {
    int n;
    int *reads;            /* var id -> reads */
    int delta;             /* what each read adds (0 means 1) */
} Uses;

static void bump(Uses *u, const Var *v)
{
    if (v->id < u->n)
        u->reads[v->id] += u->delta ? u->delta : 1;
}

static bool count_read(const Expr *e, void *ctx)
{
    if (e->op == EX_VAR)
        bump(ctx, e->var);
    return false;
}

static void count_expr(Uses *u, const Expr *e)
{
    ex_any(e, count_read, u);
}

static void count_stmt(Uses *u, const Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_DECL:
        count_expr(u, s->init);
        return;
    case ST_ASSIGN:
        if (s->lhs->op != EX_VAR)
            count_expr(u, s->lhs);
        count_expr(u, s->rhs);
        return;
    case ST_EXPR: case ST_RETURN:
        count_expr(u, s->expr);
        return;
    case ST_IF:
        count_expr(u, s->cond);
        count_stmt(u, s->then);
        count_stmt(u, s->els);
        return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        count_stmt(u, s->init_s);
        count_expr(u, s->cond);
        count_stmt(u, s->step);
        count_stmt(u, s->body);
        /* a loop variable tested by its own loop is read */
        if (s->init_s && s->init_s->kind == ST_DECL)
            bump(u, s->init_s->var);
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            count_stmt(u, s->items.items[i]);
        return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return;
    }
}

static bool dead(const Uses *u, const Var *v)
{
    return v->kind == VAR_LOCAL && v->id < u->n && u->reads[v->id] == 0;
}

static bool prune(Uses *u, Stmt *s)
{
    bool changed = false;
    if (!s)
        return false;
    switch (s->kind) {
    case ST_BLOCK: {
        int k = 0;
        for (int i = 0; i < s->items.len; i++) {
            Stmt *it = s->items.items[i];
            bool drop = (it->kind == ST_DECL && dead(u, it->var) && ex_is_pure(it->init)) ||
                        (it->kind == ST_ASSIGN && it->lhs->op == EX_VAR && dead(u, it->lhs->var) &&
                         ex_is_pure(it->rhs)) ||
                        (it->kind == ST_BLOCK && it->items.len == 0);
            if (it->kind == ST_DECL && dead(u, it->var) && !ex_is_pure(it->init)) {
                /* keep the side effect (a pop), drop the variable */
                it->kind = ST_EXPR;
                it->expr = ex_strip_casts(it->init);
                changed = true;
            }
            if (it->kind == ST_ASSIGN && it->lhs->op == EX_VAR && dead(u, it->lhs->var) && !ex_is_pure(it->rhs)) {
                it->kind = ST_EXPR;
                it->expr = ex_strip_casts(it->rhs);
                changed = true;
            }
            if (drop) {
                changed = true;
                continue;
            }
            changed |= prune(u, it);
            s->items.items[k++] = it;
        }
        s->items.len = k;
        return changed;
    }
    case ST_IF:
        return prune(u, s->then) | prune(u, s->els);
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        return prune(u, s->body);
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_RETURN: case ST_CASE:
    case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return false;
    }
    return changed;
}

/* ---- locals dead within one declaration's scope ----
 * f_grad declares a local in the forward sweep and again in the reverse
 * sweep; the reverse copy may be popped but never read (only its shadow
 * is). The counts above are function-wide, so this looks per scope: a
 * declaration in a block is dead when no later item of the block reads its
 * variable. The reads of the items after the one being looked at are kept
 * as counts (each item's taken away as the walk passes it), and the items
 * that assign each variable are listed, so a declaration costs a lookup
 * and dropping one rewrites only the items that assign it. */

typedef struct Scopes {
    Uses after;            /* reads in the items after the current one */
    Vec assigns;           /* Assign*: (variable, item) for one block */
} Scopes;

typedef struct Assign {
    int var, item;
} Assign;

static void count_item(Scopes *sc, const Stmt *s, int delta)
{
    sc->after.delta = delta;
    count_stmt(&sc->after, s);
}

static void note_assigns(Vec *out, const Stmt *s, int item)
{
    if (!s)
        return;
    if (s->kind == ST_ASSIGN && s->lhs->op == EX_VAR) {
        Assign *a = ir_alloc(sizeof(Assign));
        a->var = s->lhs->var->id;
        a->item = item;
        vec_push(out, a);
    }
    if (s->kind == ST_BLOCK)
        for (int i = 0; i < s->items.len; i++)
            note_assigns(out, s->items.items[i], item);
    note_assigns(out, s->then, item);
    note_assigns(out, s->els, item);
    note_assigns(out, s->body, item);
}

static int by_var_then_item(const void *a, const void *b)
{
    const Assign *x = *(Assign *const *)a, *y = *(Assign *const *)b;
    return x->var != y->var ? (x->var > y->var) - (x->var < y->var) : (x->item > y->item) - (x->item < y->item);
}

/* Turns the assignments to v inside s into their side effects alone;
 * whether there were any. */
static bool drop_assigns(Stmt *s, const Var *v)
{
    if (!s)
        return false;
    bool any = false;
    if (s->kind == ST_BLOCK) {
        int k = 0;
        for (int i = 0; i < s->items.len; i++) {
            Stmt *it = s->items.items[i];
            if (it->kind == ST_ASSIGN && it->lhs->op == EX_VAR && it->lhs->var == v) {
                any = true;
                if (ex_is_pure(it->rhs))
                    continue;
                it->kind = ST_EXPR;
                it->expr = ex_strip_casts(it->rhs);
            }
            any |= drop_assigns(it, v);
            s->items.items[k++] = it;
        }
        s->items.len = k;
        return any;
    }
    any |= drop_assigns(s->then, v);
    any |= drop_assigns(s->els, v);
    any |= drop_assigns(s->body, v);
    return any;
}

static bool scope_dead(const Scopes *sc, const Stmt *it)
{
    return it->kind == ST_DECL && it->var->kind == VAR_LOCAL && (!it->init || ex_is_pure(it->init)) &&
           (it->var->ty->kind != TY_ARRAY || it->var->generated || it->var->primal) &&
           !(it->var->id < sc->after.n && sc->after.reads[it->var->id] > 0);
}

/* Dead v declared at item i of s: its assignments in the later items
 * become their side effects alone (each such item's reads recounted). */
static void drop_dead(Scopes *sc, Stmt *s, int i, const Var *v)
{
    s->items.items[i] = st_block(((Stmt *)s->items.items[i])->loc);
    if (!sc->assigns.len)   /* the block assigns nothing (and items is NULL) */
        return;
    Assign key = {.var = v->id, .item = i + 1}, *kp = &key;
    Assign **lo = (Assign **)sc->assigns.items, **hi = lo + sc->assigns.len;
    while (lo < hi) {
        Assign **mid = lo + (hi - lo) / 2;
        if (by_var_then_item(mid, &kp) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int last = -1;
    for (Assign **a = lo; a < (Assign **)sc->assigns.items + sc->assigns.len && (*a)->var == v->id; a++) {
        int j = (*a)->item;
        if (j == last)
            continue;
        last = j;
        Stmt *one = st_block(((Stmt *)s->items.items[j])->loc);
        st_append(one, s->items.items[j]);
        count_item(sc, s->items.items[j], -1);
        drop_assigns(one, v);
        s->items.items[j] = one->items.len ? one->items.items[0] : st_block(one->loc);
        count_item(sc, s->items.items[j], 1);
    }
}

/* The declarations of block s first, in order, then the blocks inside. */
static void prune_scopes(Scopes *sc, Stmt *s)
{
    if (!s)
        return;
    if (s->kind != ST_BLOCK) {
        prune_scopes(sc, s->then);
        prune_scopes(sc, s->els);
        prune_scopes(sc, s->body);
        return;
    }
    sc->assigns.len = 0;
    for (int i = 0; i < s->items.len; i++) {
        count_item(sc, s->items.items[i], 1);
        note_assigns(&sc->assigns, s->items.items[i], i);
    }
    if (sc->assigns.len)   /* items is NULL when empty: qsort's is nonnull */
        qsort(sc->assigns.items, (size_t)sc->assigns.len, sizeof(void *), by_var_then_item);
    for (int i = 0; i < s->items.len; i++) {
        Stmt *it = s->items.items[i];
        count_item(sc, it, -1);
        if (scope_dead(sc, it))
            drop_dead(sc, s, i, it->var);
    }
    for (int i = 0; i < s->items.len; i++)
        prune_scopes(sc, s->items.items[i]);
}

void ad_cleanup(Func *f, int nvars)
{
    Scopes sc = {.after = {.n = nvars}};
    sc.after.reads = ir_alloc(sizeof(int) * (size_t)(nvars > 0 ? nvars : 1));
    Uses u = {.n = nvars};
    u.reads = ir_alloc(sizeof(int) * (size_t)nvars);
    /* twice: a local the function-wide pass drops (double *d_p = d_t + 1)
     * can leave a declaration dead in its scope (d_t) */
    for (int round = 0; round < 2; round++) {
        prune_scopes(&sc, f->body);
        for (bool changed = true; changed;) {
            for (int i = 0; i < nvars; i++)
                u.reads[i] = 0;
            count_stmt(&u, f->body);
            changed = prune(&u, f->body);
        }
    }
    for (int i = f->params.len - 1; i >= 0; i--) {
        Var *p = f->params.items[i];
        if (u.reads[p->id] == 0) {
            Expr *e = ex_cast(ty_void, ex_var(p, p->loc), p->loc);
            vec_insert(&f->body->items, 0, st_expr(e, p->loc));
        }
    }
}
