/* verify.c: structural checks of a function's IR between passes. A failure
 * is an adcc bug and stops with an internal error naming the broken rule. */
#include "ir.h"

static void verify_expr(const Expr *e)
{
    ADCC_ASSERT(e && e->ty);
    int arity = ir_op_arity[e->op];
    if (arity >= 1)
        ADCC_ASSERT(e->a);
    if (arity >= 2)
        ADCC_ASSERT(e->b);
    if (arity >= 3)
        ADCC_ASSERT(e->c);
    if (e->op == EX_VAR)
        ADCC_ASSERT(e->var);
    if (e->op == EX_CALL)
        ADCC_ASSERT(e->text);
    if (e->a)
        verify_expr(e->a);
    if (e->b)
        verify_expr(e->b);
    if (e->c)
        verify_expr(e->c);
    for (int i = 0; i < e->args.len; i++)
        verify_expr(e->args.items[i]);
}

static void verify_stmt(const Stmt *s)
{
    ADCC_ASSERT(s);
    switch (s->kind) {
    case ST_DECL:
        ADCC_ASSERT(s->var);
        if (s->init)
            verify_expr(s->init);
        return;
    case ST_ASSIGN:
        verify_expr(s->lhs);
        verify_expr(s->rhs);
        ADCC_ASSERT(s->lhs->op == EX_VAR || s->lhs->op == EX_INDEX || s->lhs->op == EX_DEREF);
        return;
    case ST_EXPR:
        verify_expr(s->expr);
        return;
    case ST_IF:
        verify_expr(s->cond);
        verify_stmt(s->then);
        if (s->els)
            verify_stmt(s->els);
        return;
    case ST_FOR:
        if (s->init_s)
            verify_stmt(s->init_s);
        if (s->cond)
            verify_expr(s->cond);
        if (s->step)
            verify_stmt(s->step);
        verify_stmt(s->body);
        return;
    case ST_WHILE:
    case ST_DO:
    case ST_SWITCH:
        verify_expr(s->cond);
        verify_stmt(s->body);
        return;
    case ST_RETURN:
        if (s->expr)
            verify_expr(s->expr);
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            verify_stmt(s->items.items[i]);
        return;
    case ST_CASE:
    case ST_DEFAULT:
    case ST_BREAK:
    case ST_CONTINUE:
    case ST_COMMENT:
        return;
    }
    ADCC_UNREACHABLE();
}

void ir_verify_func(const Func *f)
{
    ADCC_ASSERT(f->name && f->ret);
    if (f->body) {
        ADCC_ASSERT(f->body->kind == ST_BLOCK);
        verify_stmt(f->body);
    }
}
