/* coalesce.c: merges repeated accumulations into one adjoint memory cell.
 * The reverse sweep of `b = 1 - x[i]; a = x[i+1] - x[i]*x[i];` adds into
 * d_x[i] three times, with loads of x between the stores; the C compiler
 * must assume d_x may alias x, so every `d_x[i] += ...` is a load and a
 * store. Within straight-line code, when nothing between two accumulations
 * into the same cell can touch that cell, the first becomes a register
 * temporary and the second adds it:
 *
 *     d_x[i] += -d_b;                 double adcc_c1 = -d_b;
 *     d_x[i + 1] += d_a;      =>      d_x[i + 1] += d_a;
 *     d_x[i] += adcc_a1 * x[i];       d_x[i] += adcc_c1 + adcc_a1 * x[i];
 *
 * Shadow memory (d_ arrays) never overlaps primal memory, so loads and
 * stores of primal arrays between the two are no obstacle. Generated plain
 * blocks holding only generated temporaries are flattened first so that
 * accumulations from neighbouring statements meet. */
#include "ad/internal.h"

#include <string.h>

typedef struct Coalesce {
    Module *m;
    int ntemps;
} Coalesce;

/* ---- flattening of generated scope blocks ---- */

static bool declares_user_var(const Stmt *b)
{
    for (int i = 0; i < b->items.len; i++) {
        const Stmt *s = b->items.items[i];
        if (s->kind == ST_DECL && !s->var->generated)
            return true;
    }
    return false;
}

/* Whether block s declares a variable that block prev declares too (the
 * two sweeps of one checkpointed step each declare the step's temporaries). */
static bool declares_again(const Stmt *s, const Stmt *prev)
{
    for (int i = 0; prev && i < s->items.len; i++) {
        const Stmt *d = s->items.items[i];
        for (int j = 0; d->kind == ST_DECL && j < prev->items.len; j++) {
            const Stmt *o = prev->items.items[j];
            if (o->kind == ST_DECL && o->var == d->var)
                return true;
        }
    }
    return false;
}

static void flatten(Stmt *b)
{
    Vec out = {0};
    const Stmt *prev = NULL;   /* the block flattened last */
    for (int i = 0; i < b->items.len; i++) {
        Stmt *s = b->items.items[i];
        if (s->kind == ST_BLOCK && !declares_user_var(s) && !declares_again(s, prev)) {
            flatten(s);
            for (int j = 0; j < s->items.len; j++)
                vec_push(&out, s->items.items[j]);
            prev = s;
        } else {
            vec_push(&out, s);
        }
    }
    b->items = out;
}

/* ---- may two memory accesses touch the same cell ---- */

/* Splits an index into term + constant (term NULL for a constant). */
static const Expr *split_index(const Expr *e, long long *c)
{
    *c = 0;
    if (e->op == EX_INT) {
        *c = e->ival;
        return NULL;
    }
    if ((e->op == EX_ADD || e->op == EX_SUB) && e->b->op == EX_INT) {
        *c = e->op == EX_ADD ? e->b->ival : -e->b->ival;
        return e->a;
    }
    return e;
}

/* a[i + c1] and a[i + c2], c1 != c2, with a the same variable. */
static bool provably_distinct(const Expr *x, const Expr *y)
{
    if (x->op != EX_INDEX || y->op != EX_INDEX || x->a->op != EX_VAR || y->a->op != EX_VAR ||
        x->a->var != y->a->var)
        return false;
    long long cx, cy;
    const Expr *tx = split_index(x->b, &cx), *ty = split_index(y->b, &cy);
    if (cx == cy)
        return false;
    return (!tx && !ty) || (tx && ty && ex_equal(tx, ty));
}

static bool is_shadow_access(const Expr *e)
{
    Var *b = act_base_var(e->a);
    return !b || b->primal != NULL;
}

/* Whether node e touches the cell (or may: a call other than math or a pop). */
static bool touches(const Expr *e, void *cell)
{
    if ((e->op == EX_INDEX || e->op == EX_DEREF) && is_shadow_access(e) && !provably_distinct(e, cell))
        return true;
    return e->op == EX_CALL && (e->callee || (!rule_find(e->text) && strncmp(e->text, "adcc_pop_", 9) != 0));
}

static bool conflicts(const Expr *e, const Expr *cell)
{
    return ex_any(e, touches, (void *)cell);
}

static bool is_var(const Expr *e, void *v)
{
    return e->op == EX_VAR && e->var == v;
}

static bool uses_var(const Expr *e, const Var *v)
{
    return ex_any(e, is_var, (void *)v);
}

/* ---- the merge ---- */

/* `cell = cell + e` into shadow memory: returns e. */
static Expr *accumulation(const Stmt *s)
{
    if (s->kind != ST_ASSIGN || (s->lhs->op != EX_INDEX && s->lhs->op != EX_DEREF) ||
        !is_shadow_access(s->lhs) || !ty_is_float(s->lhs->ty))
        return NULL;
    return st_increment(s);
}

/* Whether statement s, between two accumulations into cell, lets them merge. */
static bool transparent(const Stmt *s, const Expr *cell)
{
    if (s->kind == ST_DECL)
        return !conflicts(s->init, cell);
    if (s->kind != ST_ASSIGN)
        return false;
    if (s->lhs->op == EX_VAR)
        return !uses_var(cell, s->lhs->var) && !conflicts(s->rhs, cell);
    return !conflicts(s->lhs, cell) && !conflicts(s->rhs, cell) &&
           !conflicts(s->lhs->a, cell) && !(s->lhs->b && conflicts(s->lhs->b, cell));
}

static void merge_block(Coalesce *c, Stmt *b)
{
    for (int k = 0; k < b->items.len; k++) {
        Stmt *s = b->items.items[k];
        Expr *e = accumulation(s);
        if (!e)
            continue;
        for (int m = k + 1; m < b->items.len; m++) {
            Stmt *t = b->items.items[m];
            if (accumulation(t) && ex_equal(t->lhs, s->lhs)) {
                Var *tmp = ir_var(c->m, ir_format("adcc_c%d", ++c->ntemps), ty_const(s->lhs->ty, false),
                                  VAR_LOCAL, s->loc);
                tmp->generated = true;
                b->items.items[k] = st_decl(tmp, e, s->loc);
                t->rhs->b = ex_binary(EX_ADD, ex_var(tmp, s->loc), t->rhs->b, t->loc);
                break;
            }
            if (!transparent(t, s->lhs))
                break;
        }
    }
}

static void walk(Coalesce *c, Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_BLOCK:
        flatten(s);
        for (int i = 0; i < s->items.len; i++)
            walk(c, s->items.items[i]);
        merge_block(c, s);
        return;
    case ST_IF:
        walk(c, s->then);
        walk(c, s->els);
        return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        walk(c, s->body);
        return;
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_RETURN: case ST_CASE:
    case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return;
    }
}

void ad_coalesce(Module *m, Func *f)
{
    Coalesce c = {.m = m};
    walk(&c, f->body);
}
