/* cleanup.c: tidies generated functions so they compile warning-free
 * under -Wall -Wextra: drops locals that are never read (and the pure
 * assignments to them) and marks unused parameters with (void). Values
 * popped from the tape are never dropped: the pop keeps the tape aligned. */
#include "ad/internal.h"

typedef struct Uses {
    int n;
    int *reads;            /* var id -> reads; with `only`, just reads[0] */
    const Var *only;       /* count the reads of this variable alone */
} Uses;

static void bump(Uses *u, const Var *v)
{
    if (u->only ? v == u->only : v->id < u->n)
        u->reads[u->only ? 0 : v->id]++;
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
 * is). The counts above are function-wide, so this looks per scope. */

static int reads_in(Stmt **items, int n, const Var *v)
{
    int reads = 0;
    Uses u = {.n = 1, .reads = &reads, .only = v};
    for (int i = 0; i < n; i++)
        count_stmt(&u, items[i]);
    return reads;
}

/* Turns the assignments to v inside s into their side effects alone. */
static void drop_assigns(Stmt *s, const Var *v)
{
    if (!s)
        return;
    if (s->kind == ST_BLOCK) {
        int k = 0;
        for (int i = 0; i < s->items.len; i++) {
            Stmt *it = s->items.items[i];
            if (it->kind == ST_ASSIGN && it->lhs->op == EX_VAR && it->lhs->var == v) {
                if (ex_is_pure(it->rhs))
                    continue;
                it->kind = ST_EXPR;
                it->expr = ex_strip_casts(it->rhs);
            }
            drop_assigns(it, v);
            s->items.items[k++] = it;
        }
        s->items.len = k;
        return;
    }
    drop_assigns(s->then, v);
    drop_assigns(s->els, v);
    drop_assigns(s->body, v);
}

static void prune_scopes(Stmt *s)
{
    if (!s)
        return;
    if (s->kind == ST_BLOCK) {
        for (int i = 0; i < s->items.len; i++) {
            Stmt *it = s->items.items[i];
            Stmt **rest = (Stmt **)s->items.items + i + 1;
            int nrest = s->items.len - i - 1;
            if (it->kind == ST_DECL && it->var->kind == VAR_LOCAL && (!it->init || ex_is_pure(it->init)) &&
                (it->var->ty->kind != TY_ARRAY || it->var->generated || it->var->primal) &&
                reads_in(rest, nrest, it->var) == 0) {
                for (int j = 0; j < nrest; j++) {
                    Stmt *one = st_block(rest[j]->loc);
                    st_append(one, rest[j]);
                    drop_assigns(one, it->var);
                    rest[j] = one->items.len ? one->items.items[0] : st_block(rest[j]->loc);
                }
                s->items.items[i] = st_block(it->loc);
            }
            prune_scopes(it);
        }
        return;
    }
    prune_scopes(s->then);
    prune_scopes(s->els);
    prune_scopes(s->body);
}

void ad_cleanup(Func *f, int nvars)
{
    prune_scopes(f->body);
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
