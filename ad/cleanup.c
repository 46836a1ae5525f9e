/* cleanup.c: tidies generated functions so they compile warning-free
 * under -Wall -Wextra: drops locals that are never read (and the pure
 * assignments to them) and marks unused parameters with (void). Values
 * popped from the tape are never dropped: the pop keeps the tape aligned. */
#include "ad/internal.h"

typedef struct Uses {
    int n;
    int *reads;            /* var id -> reads */
} Uses;

static void bump(Uses *u, const Var *v)
{
    if (v->id < u->n)
        u->reads[v->id]++;
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
 * variable. Tables of the last item of the block being looked at that
 * reads v and that assigns v (-1: none) make that a lookup instead of a
 * scan of the rest of the block for every declaration. */

typedef struct Scopes {
    int n;
    int *last;             /* var id -> index of the last item reading it, or -1 */
    int *last_set;         /* var id -> index of the last item assigning it, or -1 */
    int item;              /* the item being walked (-1: clearing) */
} Scopes;

static bool note_read(const Expr *e, void *ctx)
{
    Scopes *sc = ctx;
    if (e->op == EX_VAR && e->var->id < sc->n)
        sc->last[e->var->id] = sc->item;
    return false;
}

static void note_stmt(Scopes *sc, const Stmt *s);

static void note_expr(Scopes *sc, const Expr *e)
{
    ex_any(e, note_read, sc);
}

/* the reads count_stmt counts, recorded in last[] */
static void note_stmt(Scopes *sc, const Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_DECL:
        note_expr(sc, s->init);
        return;
    case ST_ASSIGN:
        if (s->lhs->op != EX_VAR)
            note_expr(sc, s->lhs);
        else if (s->lhs->var->id < sc->n)
            sc->last_set[s->lhs->var->id] = sc->item;
        note_expr(sc, s->rhs);
        return;
    case ST_EXPR: case ST_RETURN:
        note_expr(sc, s->expr);
        return;
    case ST_IF:
        note_expr(sc, s->cond);
        note_stmt(sc, s->then);
        note_stmt(sc, s->els);
        return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        note_stmt(sc, s->init_s);
        note_expr(sc, s->cond);
        note_stmt(sc, s->step);
        note_stmt(sc, s->body);
        if (s->init_s && s->init_s->kind == ST_DECL && s->init_s->var->id < sc->n)
            sc->last[s->init_s->var->id] = sc->item;
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            note_stmt(sc, s->items.items[i]);
        return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return;
    }
}

/* last[] for the items of block s (item = -1 clears what it set) */
static void note_block(Scopes *sc, const Stmt *s, bool clear)
{
    for (int i = 0; i < s->items.len; i++) {
        sc->item = clear ? -1 : i;
        note_stmt(sc, s->items.items[i]);
    }
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

static bool scope_dead(const Scopes *sc, const Stmt *it, int i)
{
    return it->kind == ST_DECL && it->var->kind == VAR_LOCAL && (!it->init || ex_is_pure(it->init)) &&
           (it->var->ty->kind != TY_ARRAY || it->var->generated || it->var->primal) &&
           !(it->var->id < sc->n && sc->last[it->var->id] > i);
}

/* The declarations of block s first, in order (dropping one rewrites the
 * items after it, so the table is made again), then the blocks inside. */
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
    note_block(sc, s, false);
    for (int i = 0; i < s->items.len; i++) {
        Stmt *it = s->items.items[i];
        if (!scope_dead(sc, it, i))
            continue;
        bool rewritten = false;
        int last_set = it->var->id < sc->n ? sc->last_set[it->var->id] : s->items.len - 1;
        for (int j = i + 1; j <= last_set && j < s->items.len; j++) {
            Stmt *one = st_block(((Stmt *)s->items.items[j])->loc);
            st_append(one, s->items.items[j]);
            rewritten |= drop_assigns(one, it->var);
            s->items.items[j] = one->items.len ? one->items.items[0] : st_block(one->loc);
        }
        s->items.items[i] = st_block(it->loc);
        if (rewritten) {
            note_block(sc, s, true);
            note_block(sc, s, false);
        }
    }
    note_block(sc, s, true);
    for (int i = 0; i < s->items.len; i++)
        prune_scopes(sc, s->items.items[i]);
}

void ad_cleanup(Func *f, int nvars)
{
    Scopes sc = {.n = nvars};
    sc.last = ir_alloc(sizeof(int) * (size_t)(nvars > 0 ? nvars : 1));
    sc.last_set = ir_alloc(sizeof(int) * (size_t)(nvars > 0 ? nvars : 1));
    for (int i = 0; i < nvars; i++)
        sc.last[i] = sc.last_set[i] = -1;
    prune_scopes(&sc, f->body);
    Uses u = {.n = nvars};
    u.reads = ir_alloc(sizeof(int) * (size_t)nvars);
    for (bool changed = true; changed;) {
        for (int i = 0; i < nvars; i++)
            u.reads[i] = 0;
        count_stmt(&u, f->body);
        changed = prune(&u, f->body);
    }
    for (int i = f->params.len - 1; i >= 0; i--) {
        Var *p = f->params.items[i];
        if (u.reads[p->id] == 0) {
            Expr *e = ex_cast(ty_void, ex_var(p, p->loc), p->loc);
            vec_insert(&f->body->items, 0, st_expr(e, p->loc));
        }
    }
}
