/* inline.c: inlining after lowering. Reverse mode follows objects (tensors)
 * only within one function, so a call of a function of this file that
 * takes or returns objects is replaced by a copy of the callee's body:
 * its parameters become locals set from the arguments, its variables are
 * fresh (renamed where the caller already uses the name), and its final
 * return assigns the call's destination. Functions with a rule are called,
 * not inlined; a cycle of such calls (recursion) is an error. */
#include "ad/internal.h"

#include <string.h>

/* Inlining can grow a body exponentially (each function calling the next
 * twice): past this many copied nodes it is an error. */
#define MAX_INLINED_NODES 20000

/* The names in use: an open-addressing hash table (a long inlined body
 * has thousands). */
typedef struct Name {
    const char *text;
    int next_suffix;  /* text_2 .. text_(next_suffix-1) are all taken */
} Name;

typedef struct NameTable {
    Name *slots;
    int cap, len;     /* cap: 0 or a power of two */
} NameTable;

typedef struct Inline {
    Module *m;
    NameTable names;  /* names the caller's body already uses */
    Vec from, to;     /* Var*: the callee's variables and their copies */
    Vec active;       /* Func*: the function, then the callees being inlined into it */
    bool failed;      /* recursion or too much copying: inline nothing more */
    long copied;      /* expression and statement nodes copied into the function */
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

/* The slot holding text, or the empty slot where it would go (cap > 0). */
static Name *name_slot(NameTable *t, const char *text)
{
    unsigned h = 2166136261u;   /* FNV-1a */
    for (const char *c = text; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    unsigned mask = (unsigned)t->cap - 1;
    for (unsigned i = h & mask;; i = (i + 1) & mask)
        if (!t->slots[i].text || strcmp(t->slots[i].text, text) == 0)
            return &t->slots[i];
}

static Name *find_name(Inline *in, const char *text)
{
    if (!in->names.cap)
        return NULL;
    Name *n = name_slot(&in->names, text);
    return n->text ? n : NULL;
}

static void grow_names(NameTable *t)
{
    NameTable bigger = {ir_alloc(sizeof(Name) * (size_t)(t->cap ? 2 * t->cap : 64)), t->cap ? 2 * t->cap : 64, 0};
    for (int i = 0; i < t->cap; i++)
        if (t->slots[i].text) {
            *name_slot(&bigger, t->slots[i].text) = t->slots[i];
            bigger.len++;
        }
    *t = bigger;
}

static void take_name(Inline *in, const char *text)
{
    if (2 * (in->names.len + 1) > in->names.cap)
        grow_names(&in->names);
    Name *n = name_slot(&in->names, text);
    if (!n->text) {
        n->text = text;
        n->next_suffix = 2;
        in->names.len++;
    }
}

/* base if free, else the first free base_2, base_3, ...: names are never
 * given back, so the search resumes where the last one for base stopped
 * (repeated copies of one function stay linear). */
static const char *fresh_name(Inline *in, const char *base)
{
    Name *b = find_name(in, base);
    if (!b)
        return base;
    const char *name;
    do
        name = ir_format("%s_%d", base, b->next_suffix++);
    while (find_name(in, name));
    return name;
}

static Var *copy_var(Inline *in, Var *v)
{
    if (v->kind == VAR_GLOBAL)
        return v;
    int at = vec_index(&in->from, v);
    if (at >= 0)
        return in->to.items[at];
    const char *name = fresh_name(in, v->name);
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
    in->copied++;
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
    in->copied++;
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

static void inline_block(Inline *in, Stmt *b);

static void inline_stmt(Inline *in, Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_BLOCK: inline_block(in, s); return;
    case ST_IF: inline_stmt(in, s->then); inline_stmt(in, s->els); return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH: inline_stmt(in, s->body); return;
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

/* Recursion is found at the first call of a function being inlined (or
 * inlined into), before any copy: a cycle never unrolls. */
static void inline_block(Inline *in, Stmt *b)
{
    for (int i = 0; i < b->items.len && !in->failed; i++) {
        Stmt *s = b->items.items[i];
        Expr *c = inlined_call(s);
        if (!c) {
            inline_stmt(in, s);
            continue;
        }
        if (vec_has(&in->active, c->callee)) {
            diag_error(c->loc, "'%s' takes or returns tensors and calls itself (directly or through other "
                               "functions); adcc inlines such functions, so it cannot differentiate the "
                               "recursion: give '%s' a rule with ADCC_PULLBACK", c->callee->name, c->callee->name);
            in->failed = true;
            return;
        }
        /* the copy goes in place of the call (its names are unique), then
         * the statement takes the returned value */
        Expr *result = NULL;
        Stmt *blk = inline_call(in, c, &result, s->loc);
        if (in->copied > MAX_INLINED_NODES) {
            diag_error(c->loc, "inlining the functions that take or return tensors makes '%s' too large "
                               "(over %d IR nodes); give '%s' a rule with ADCC_PULLBACK",
                       ((Func *)in->active.items[0])->name, MAX_INLINED_NODES, c->callee->name);
            in->failed = true;
            return;
        }
        vec_push(&in->active, c->callee);
        inline_block(in, blk);
        in->active.len--;
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
        vec_push(&in.active, f);
        inline_block(&in, f->body);
        ir_verify_func(f);
    }
}
