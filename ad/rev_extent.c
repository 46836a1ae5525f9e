/* rev_extent.c: how many cells of a pointer's memory some statements
 * write, for the state of checkpointed loops and the saves of checkpointed
 * calls: every write p[j] inside for (j = 0; j < n; j++) gives n; any
 * other write through p (another pointer into it, a call that may write
 * through it) leaves the extent unknown. */
#include "ad/rev.h"

static bool is_counter_for(const Stmt *loop, const Var **j, const Expr **bound)
{
    if (loop->kind != ST_FOR || !loop->init_s || !loop->cond || !loop->step || loop->cond->op != EX_LT)
        return false;
    const Stmt *in = loop->init_s;
    const Var *v = in->kind == ST_DECL ? in->var : in->kind == ST_ASSIGN && in->lhs->op == EX_VAR ? in->lhs->var : NULL;
    const Expr *a = in->kind == ST_DECL ? in->init : in->rhs;
    double zero;
    if (!v || !a || !ex_is_const(a, &zero) || zero != 0.0 || loop->cond->a->op != EX_VAR ||
        loop->cond->a->var != v)
        return false;
    const Stmt *st = loop->step;
    if (st->kind != ST_ASSIGN || st->lhs->op != EX_VAR || st->lhs->var != v || st->rhs->op != EX_ADD ||
        st->rhs->b->op != EX_INT || st->rhs->b->ival != 1)
        return false;
    *j = v;
    *bound = loop->cond->b;
    return true;
}

/* Whether pointer expression p may point into the root. */
static bool reaches_root(const Extent *ex, const Expr *p)
{
    if (act_base_var(p) == ex->root)
        return true;
    if (!ex->act)
        return false;
    Vec roots = {0};
    act_roots(ex->act, p, &roots);
    return vec_has(&roots, ex->root);
}

/* Whether call c may write through its pointer argument i: not when the
 * argument or the callee's parameter points to const, or when the callee
 * (of this file) never writes through the parameter (m NULL: not asked). */
bool rev_arg_may_be_written(Module *m, const Expr *c, int i)
{
    const Expr *a = c->args.items[i];
    if (!ty_is_ptr_like(a->ty) || ty_scalar(a->ty)->is_const)
        return false;
    Func *g = c->callee;
    if (!g || i >= g->params.len)
        return true;
    Var *p = g->params.items[i];
    if (ty_is_ptr_like(p->ty) && ty_scalar(p->ty)->is_const)
        return false;
    return !(m && g->body && !act_writes_param(m, g, i));
}

/* A call given a writable pointer into the root: a write the rule does not size. */
static void extent_call(Extent *ex, const Expr *c)
{
    if (!c || c->op != EX_CALL)
        return;
    for (int i = 0; i < c->args.len; i++)
        if (rev_arg_may_be_written(ex->m, c, i) && reaches_root(ex, c->args.items[i]))
            ex->other = true;
}

static void extent_write(Extent *ex, const Expr *lhs)
{
    lhs = ex_strip_casts((Expr *)lhs);
    if (lhs->op != EX_INDEX && lhs->op != EX_DEREF)
        return;
    if (act_base_var(lhs) != ex->root) {
        if (reaches_root(ex, lhs->a))
            ex->other = true;   /* through another pointer into it */
        return;
    }
    const Expr *idx = lhs->op == EX_INDEX ? ex_strip_casts(lhs->b) : NULL;
    if (lhs->op == EX_INDEX && lhs->a->op == EX_VAR && ex->counter && idx->op == EX_VAR && idx->var == ex->counter)
        vec_push(&ex->found, (void *)ex->bound);
    else
        ex->other = true;
}

void rev_extent_in(Extent *ex, const Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_ASSIGN:
        extent_write(ex, s->lhs);
        extent_call(ex, s->rhs);
        return;
    case ST_FOR: {
        const Var *j, *saved = ex->counter;
        const Expr *bound, *saved_bound = ex->bound;
        if (is_counter_for(s, &j, &bound))
            ex->counter = j, ex->bound = bound;
        rev_extent_in(ex, s->body);
        ex->counter = saved, ex->bound = saved_bound;
        return;
    }
    case ST_IF: rev_extent_in(ex, s->then); rev_extent_in(ex, s->els); return;
    case ST_WHILE: case ST_DO: case ST_SWITCH: rev_extent_in(ex, s->body); return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            rev_extent_in(ex, s->items.items[i]);
        return;
    case ST_DECL: extent_call(ex, s->init); return;
    case ST_EXPR: extent_call(ex, s->expr); return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_RETURN: case ST_COMMENT:
        return;
    }
}
