/* inline.c: inlining after lowering. Reverse mode follows objects (tensors)
 * only within one function, so a call of a function of this file that
 * takes or returns objects is replaced by a copy of the callee's body:
 * its parameters become locals set from the arguments, its variables are
 * fresh (renamed where the caller already uses the name), and its final
 * return assigns the call's destination. Functions with a rule are called,
 * not inlined; a cycle of such calls (recursion) is an error. */
#include "ad/internal.h"

#include <string.h>

#define MAX_INLINE_DEPTH 32

typedef struct Inline {
    Module *m;
    Vec names;        /* const char*: names the caller's body already uses */
    Vec from, to;     /* Var*: the callee's variables and their copies */
} Inline;

static bool takes_objects(const Func *g)
{
    if (ty_is_object(g->ret))
        return true;
    for (int i = 0; i < g->params.len; i++)
        if (ty_is_object(((Var *)g->params.items[i])->ty))
            return true;
    return false;
}

static bool inlinable(const Expr *c)
{
    return c && c->op == EX_CALL && c->callee && c->callee->body && !c->callee->unsupported &&
           !rule_pullback(c->callee) && takes_objects(c->callee);
}

static bool name_taken(Inline *in, const char *name)
{
    for (int i = 0; i < in->names.len; i++)
        if (strcmp(in->names.items[i], name) == 0)
            return true;
    return false;
}

static void take_name(Inline *in, const char *name)
{
    if (!name_taken(in, name))
        vec_push(&in->names, (void *)name);
}

static Var *copy_var(Inline *in, Var *v)
{
    if (v->kind == VAR_GLOBAL)
        return v;
    int at = vec_index(&in->from, v);
    if (at >= 0)
        return in->to.items[at];
    const char *name = v->name;
    for (int k = 2; name_taken(in, name); k++)
        name = ir_format("%s_%d", v->name, k);
    take_name(in, name);
    Type *ty = v->ty->kind == TY_ARRAY && v->kind == VAR_PARAM ? ty_ptr(v->ty->base) : v->ty;
    Var *c = ir_var(in->m, name, ty, VAR_LOCAL, v->loc);
    c->generated = v->generated;
    vec_push(&in->from, v);
    vec_push(&in->to, c);
    return c;
}

static Expr *copy_expr(Inline *in, const Expr *e)
{
    if (!e)
        return NULL;
    Expr *c = ex_new(e->op, e->ty, e->loc);
    *c = *e;
    c->a = copy_expr(in, e->a);
    c->b = copy_expr(in, e->b);
    c->c = copy_expr(in, e->c);
    c->args = (Vec){0};
    for (int i = 0; i < e->args.len; i++)
        vec_push(&c->args, copy_expr(in, e->args.items[i]));
    if (c->op == EX_VAR)
        c->var = copy_var(in, e->var);
    return c;
}

static Stmt *copy_stmt(Inline *in, const Stmt *s)
{
    if (!s)
        return NULL;
    Stmt *c = st_new(s->kind, s->loc);
    *c = *s;
    if (s->var)
        c->var = copy_var(in, s->var);
    c->init = copy_expr(in, s->init);
    c->lhs = copy_expr(in, s->lhs);
    c->rhs = copy_expr(in, s->rhs);
    c->expr = copy_expr(in, s->expr);
    c->cond = copy_expr(in, s->cond);
    c->then = copy_stmt(in, s->then);
    c->els = copy_stmt(in, s->els);
    c->init_s = copy_stmt(in, s->init_s);
    c->step = copy_stmt(in, s->step);
    c->body = copy_stmt(in, s->body);
    c->items = (Vec){0};
    for (int i = 0; i < s->items.len; i++)
        vec_push(&c->items, copy_stmt(in, s->items.items[i]));
    return c;
}

/* { params = args; body; } for g(args); *result: the returned expression. */
static Stmt *inline_call(Inline *in, Expr *c, Expr **result, Loc loc)
{
    Func *g = c->callee;
    in->from = in->to = (Vec){0};
    Stmt *b = st_block(loc);
    st_append(b, st_comment(ir_format("inlined %s", g->name), loc));
    for (int i = 0; i < g->params.len && i < c->args.len; i++)
        st_append(b, st_decl(copy_var(in, g->params.items[i]), c->args.items[i], loc));
    Stmt *body = copy_stmt(in, g->body);
    for (int i = 0; i < body->items.len; i++) {
        Stmt *s = body->items.items[i];
        if (s->kind == ST_RETURN) {
            *result = s->expr;
        } else {
            st_append(b, s);
        }
    }
    return b;
}

static void inline_block(Inline *in, Stmt *b, int depth);

static void inline_stmt(Inline *in, Stmt *s, int depth)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_BLOCK: inline_block(in, s, depth); return;
    case ST_IF: inline_stmt(in, s->then, depth); inline_stmt(in, s->els, depth); return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH: inline_stmt(in, s->body, depth); return;
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_CASE: case ST_DEFAULT: case ST_BREAK:
    case ST_CONTINUE: case ST_RETURN: case ST_COMMENT:
        return;
    }
}

/* The call a statement makes as its whole value, if it is to be inlined. */
static Expr *inlined_call(Stmt *s)
{
    Expr *c = s->kind == ST_DECL ? s->init : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_EXPR ? s->expr : NULL;
    return inlinable(c) ? c : NULL;
}

static void inline_block(Inline *in, Stmt *b, int depth)
{
    for (int i = 0; i < b->items.len; i++) {
        Stmt *s = b->items.items[i];
        Expr *c = inlined_call(s);
        if (!c) {
            inline_stmt(in, s, depth);
            continue;
        }
        if (depth >= MAX_INLINE_DEPTH) {
            diag_error(c->loc, "'%s' takes or returns tensors and calls itself (directly or through other "
                               "functions); adcc inlines such functions, so it cannot differentiate the "
                               "recursion: give '%s' a rule with ADCC_PULLBACK", c->callee->name, c->callee->name);
            return;
        }
        /* the copy goes in place of the call (its names are unique), then
         * the statement takes the returned value */
        Expr *result = NULL;
        Stmt *blk = inline_call(in, c, &result, s->loc);
        inline_block(in, blk, depth + 1);
        vec_remove(&b->items, i);
        for (int k = 0; k < blk->items.len; k++)
            vec_insert(&b->items, i++, blk->items.items[k]);
        if (s->kind == ST_DECL)
            s->init = result;
        else if (s->kind == ST_ASSIGN)
            s->rhs = result;
        if (s->kind != ST_EXPR && result)
            vec_insert(&b->items, i, s);
        else
            i--;
    }
}

static void collect_names(Inline *in, const Stmt *s)
{
    if (!s)
        return;
    if (s->kind == ST_DECL)
        take_name(in, s->var->name);
    collect_names(in, s->then);
    collect_names(in, s->els);
    collect_names(in, s->init_s);
    collect_names(in, s->body);
    for (int i = 0; i < s->items.len; i++)
        collect_names(in, s->items.items[i]);
}

void ad_inline(Module *m)
{
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (!f->body || f->unsupported)
            continue;
        Inline in = {.m = m};
        for (int j = 0; j < f->params.len; j++)
            take_name(&in, ((Var *)f->params.items[j])->name);
        for (int j = 0; j < m->globals.len; j++)
            take_name(&in, ((Var *)m->globals.items[j])->name);
        collect_names(&in, f->body);
        inline_block(&in, f->body, 0);
        ir_verify_func(f);
    }
}
