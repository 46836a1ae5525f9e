/* check_extent.c: infers the number of elements of an array parameter
 * from the function's body, for the driver `adcc --emit-check` writes.
 * Each access p[e], *p, *(p + e) or call g(..., p + e, ...) gives an end
 * (e + 1, or e plus g's own extent of that parameter); the loop counters
 * in e are replaced by their largest (or, under a minus, smallest) values
 * in their for loops, and locals set once by their initial values, so
 * that what is left reads only integer parameters and numbers. The
 * largest end is the extent; integer parameters are assumed >= 0. */
#include "codegen/internal.h"

#include <string.h>

#define MAX_DEPTH 8

/* A counted loop's counter and its first and last values (NULL: unknown). */
typedef struct LoopVar {
    const Var *var;
    Expr *lo, *hi;
} LoopVar;

typedef struct ExtState {
    const Func *f;
    const Var *root;     /* the parameter measured */
    Vec loops;           /* LoopVar*: enclosing for loops, outermost first */
    Vec once_vars;       /* Var*: integer locals set once, at their declaration */
    Vec once_inits;      /* Expr*: their initial values */
    Vec *ends;
    Vec visiting;        /* Func*: the calls being followed */
    const char *why;     /* set: the extent is unknown */
    int depth;           /* bounding recursion */
} ExtState;

static void unknown(ExtState *st, const char *why)
{
    if (!st->why)
        st->why = why;
}

/* ---- integer locals assigned once ---------------------------------------- */

typedef struct Writes {
    Vec decls, inits, written;
} Writes;

static bool note_write(const Expr *e, void *ctx)
{
    Writes *w = ctx;
    if (e->op == EX_ADDR && ex_strip_casts(e->a)->op == EX_VAR)
        vec_push(&w->written, ex_strip_casts(e->a)->var);
    return false;
}

static bool note_stmt(const Stmt *s, void *ctx)
{
    Writes *w = ctx;
    if (s->kind == ST_DECL && s->init && ty_is_int(s->var->ty)) {
        vec_push(&w->decls, s->var);
        vec_push(&w->inits, s->init);
    }
    if (s->kind == ST_ASSIGN && ex_strip_casts(s->lhs)->op == EX_VAR)
        vec_push(&w->written, ex_strip_casts(s->lhs)->var);
    return false;
}

static void find_once_vars(ExtState *st, const Stmt *body)
{
    Writes w = {0};
    st_any(body, note_stmt, &w);
    st_any_expr(body, note_write, &w);
    for (int i = 0; i < w.decls.len; i++) {
        if (vec_has(&w.written, w.decls.items[i]) || vec_index(&w.decls, w.decls.items[i]) != i)
            continue;
        vec_push(&st->once_vars, w.decls.items[i]);
        vec_push(&st->once_inits, w.inits.items[i]);
    }
}

/* ---- bounds of index expressions ----------------------------------------- */

static bool is_int_param(const Func *f, const Var *v)
{
    return v->kind == VAR_PARAM && ty_is_int(v->ty) && vec_has(&f->params, (void *)v);
}

static Expr *bound(ExtState *st, const Expr *e, bool hi);

static Expr *bound_var(ExtState *st, const Expr *e, bool hi)
{
    const Var *v = e->var;
    if (is_int_param(st->f, v))
        return ex_var((Var *)v, e->loc);
    for (int i = st->loops.len - 1; i >= 0; i--) {
        LoopVar *l = st->loops.items[i];
        if (l->var == v)
            return (hi ? l->hi : l->lo) ? bound(st, hi ? l->hi : l->lo, hi) : NULL;
    }
    int k = vec_index(&st->once_vars, v);
    return k >= 0 ? bound(st, st->once_inits.items[k], hi) : NULL;
}

static Expr *both(ExtState *st, const Expr *e, bool hi_a, bool hi_b)
{
    Expr *a = bound(st, e->a, hi_a), *b = a ? bound(st, e->b, hi_b) : NULL;
    return b ? ex_binary(e->op, a, b, e->loc) : NULL;
}

/* The largest (hi) or smallest value of integer expression e as an
 * expression of f's integer parameters and numbers; NULL: not one. */
static Expr *bound(ExtState *st, const Expr *e, bool hi)
{
    e = ex_strip_casts((Expr *)e);
    if (!e || ++st->depth > 64) {
        st->depth--;
        return NULL;
    }
    Expr *r = NULL;
    if (e->op == EX_INT)
        r = ex_int(e->ival, e->loc);
    else if (e->op == EX_VAR)
        r = bound_var(st, e, hi);
    else if (e->op == EX_ADD || e->op == EX_MUL)
        r = both(st, e, hi, hi);
    else if (e->op == EX_SUB || e->op == EX_DIV)
        r = both(st, e, hi, !hi);
    else if (e->op == EX_MOD && hi && (r = bound(st, e->b, true)))
        r = ex_binary(EX_SUB, r, ex_int(1, e->loc), e->loc);   /* a % b < b */
    else if (e->op == EX_MOD)
        r = ex_int(0, e->loc);
    else if (e->op == EX_NEG && (r = bound(st, e->a, !hi)))
        r = ex_unary(EX_NEG, r, e->loc);
    st->depth--;
    return r;
}

/* An access at `index` ends at `end` (one past its last element). */
static void add_end(ExtState *st, const Expr *index, Expr *end)
{
    Expr *b = bound(st, end, true);
    if (!b) {
        unknown(st, ir_format("the index '%s' is not made of counted loops' counters, integer parameters and "
                              "numbers", ir_expr_str(index)));
        return;
    }
    for (int i = 0; i < st->ends->len; i++)
        if (ex_equal(st->ends->items[i], b))
            return;
    vec_push(st->ends, b);
}

static Expr *plus_one(Expr *e)
{
    return ex_binary(EX_ADD, ex_copy(e), ex_int(1, e->loc), e->loc);
}

/* ---- loops ------------------------------------------------------------- */

static const Var *assigned_var(const Stmt *s, Expr **value)
{
    if (s && s->kind == ST_DECL) {
        *value = s->init;
        return s->init ? s->var : NULL;
    }
    if (s && s->kind == ST_ASSIGN && ex_strip_casts(s->lhs)->op == EX_VAR) {
        *value = s->rhs;
        return ex_strip_casts(s->lhs)->var;
    }
    return NULL;
}

static bool is_var(const Expr *e, const Var *v)
{
    e = ex_strip_casts((Expr *)e);
    return e && e->op == EX_VAR && e->var == v;
}

/* +1 when the step counts v up by a positive number, -1 down, 0 neither. */
static int step_sign(const Stmt *step, const Var *v)
{
    Expr *rhs;
    if (assigned_var(step, &rhs) != v || !rhs)
        return 0;
    rhs = ex_strip_casts(rhs);
    Expr *c = rhs->b ? ex_strip_casts(rhs->b) : NULL;
    if ((rhs->op != EX_ADD && rhs->op != EX_SUB) || !is_var(rhs->a, v) || !c || c->op != EX_INT || c->ival <= 0)
        return 0;
    return rhs->op == EX_ADD ? 1 : -1;
}

static bool mentions(const Expr *e, void *v)
{
    return e->op == EX_VAR && e->var == v;
}

static bool writes_var(const Stmt *s, void *ctx)
{
    Expr *rhs;
    return assigned_var(s, &rhs) == ctx;
}

/* Whether e is v, v + k or v - k (k free of v), nested. */
static bool counter_side(const Expr *e, const Var *v)
{
    e = ex_strip_casts((Expr *)e);
    if (is_var(e, v))
        return true;
    return e && (e->op == EX_ADD || e->op == EX_SUB) && counter_side(e->a, v) && !ex_any(e->b, mentions, (void *)v);
}

/* The counter of `for (v = a; v < b; v++)` (<=, or counting down with >
 * and >=) with its range; ranges stay NULL for other loops. */
static LoopVar *loop_var(const Stmt *s)
{
    LoopVar *l = ir_alloc(sizeof(LoopVar));
    Expr *init = NULL;
    l->var = assigned_var(s->init_s, &init);
    Expr *c = s->cond ? ex_strip_casts(s->cond) : NULL;
    int sign = l->var ? step_sign(s->step, l->var) : 0;
    if (!l->var || !c || !sign || st_any(s->body, writes_var, (void *)l->var))
        return l;
    Op op = c->op;
    Expr *v = c->a, *b = c->b;
    if (counter_side(c->b, l->var)) {   /* b > v is v < b */
        op = op == EX_GT ? EX_LT : op == EX_GE ? EX_LE : op == EX_LT ? EX_GT : op == EX_LE ? EX_GE : op;
        v = c->b, b = c->a;
    }
    /* v + k < b is v < b - k */
    for (v = ex_strip_casts(v); !is_var(v, l->var); v = ex_strip_casts(v->a)) {
        if (!counter_side(v, l->var))
            return l;
        b = ex_binary(v->op == EX_ADD ? EX_SUB : EX_ADD, b, v->b, c->loc);
    }
    Expr *one = ex_int(1, c->loc);
    if (sign > 0 && (op == EX_LT || op == EX_LE)) {
        l->lo = init;
        l->hi = op == EX_LT ? ex_binary(EX_SUB, b, one, c->loc) : b;
    } else if (sign < 0 && (op == EX_GT || op == EX_GE)) {
        l->hi = init;
        l->lo = op == EX_GT ? ex_binary(EX_ADD, b, one, c->loc) : b;
    }
    return l;
}

/* ---- accesses ------------------------------------------------------------ */

static bool is_root(const ExtState *st, const Expr *e)
{
    return is_var(e, st->root);
}

/* The offset k when e is root + k or k + root, NULL otherwise. */
static Expr *root_offset(const ExtState *st, const Expr *e)
{
    e = ex_strip_casts((Expr *)e);
    if (e->op == EX_ADD && is_root(st, e->a))
        return e->b;
    if (e->op == EX_ADD && is_root(st, e->b))
        return e->a;
    return NULL;
}

static void visit_expr(ExtState *st, const Expr *e);
static void infer(ExtState *st, const Func *f, const Var *p);

/* e with g's parameters replaced by the arguments of call c. */
static Expr *substitute(const Expr *e, const Func *g, const Expr *c)
{
    if (!e)
        return NULL;
    if (e->op == EX_VAR) {
        int k = vec_index(&g->params, e->var);
        return k >= 0 && k < c->args.len ? ex_copy(c->args.items[k]) : ex_copy(e);
    }
    Expr *r = ex_copy(e);
    r->a = substitute(e->a, g, c);
    r->b = substitute(e->b, g, c);
    r->c = substitute(e->c, g, c);
    return r;
}

/* Argument k of call c is the root plus off: g's extent of its parameter k. */
static void call_ends(ExtState *st, const Expr *c, int k, Expr *off)
{
    const Func *g = c->callee;
    if (!g || !g->body || k >= g->params.len) {
        unknown(st, ir_format("'%s' is passed to '%s', whose body adcc does not see", st->root->name, c->text));
        return;
    }
    if (vec_has(&st->visiting, (void *)g) || st->visiting.len >= MAX_DEPTH) {
        unknown(st, ir_format("'%s' is passed to the recursive call of '%s'", st->root->name, g->name));
        return;
    }
    Vec ends = {0};
    ExtState sub = {.ends = &ends};
    for (int i = 0; i < st->visiting.len; i++)
        vec_push(&sub.visiting, st->visiting.items[i]);
    vec_push(&sub.visiting, (void *)g);
    infer(&sub, g, g->params.items[k]);
    if (sub.why) {
        unknown(st, ir_format("'%s' is passed to '%s', where %s", st->root->name, g->name, sub.why));
        return;
    }
    for (int i = 0; i < ends.len; i++) {
        Expr *end = substitute(ends.items[i], g, c);
        add_end(st, off ? off : ex_int(0, c->loc), off ? ex_binary(EX_ADD, ex_copy(off), end, c->loc) : end);
    }
}

static void visit_call(ExtState *st, const Expr *e)
{
    for (int k = 0; k < e->args.len; k++) {
        Expr *a = e->args.items[k], *off = root_offset(st, a);
        if (is_root(st, a) || off) {
            call_ends(st, e, k, off);
            visit_expr(st, off);
        } else {
            visit_expr(st, a);
        }
    }
}

static void visit_expr(ExtState *st, const Expr *e)
{
    if (!e || st->why)
        return;
    if (e->op == EX_INDEX && is_root(st, e->a)) {
        add_end(st, e->b, plus_one(e->b));
        visit_expr(st, e->b);
        return;
    }
    if (e->op == EX_DEREF && (is_root(st, e->a) || root_offset(st, e->a))) {
        Expr *off = root_offset(st, e->a);
        add_end(st, off ? off : ex_int(0, e->loc), off ? plus_one(off) : ex_int(1, e->loc));
        visit_expr(st, off);
        return;
    }
    if (e->op == EX_CALL) {
        visit_call(st, e);
        return;
    }
    if (is_root(st, e)) {
        unknown(st, ir_format("'%s' is used other than as %s[i], *%s or an argument", st->root->name,
                              st->root->name, st->root->name));
        return;
    }
    visit_expr(st, e->a);
    visit_expr(st, e->b);
    visit_expr(st, e->c);
    for (int i = 0; i < e->args.len; i++)
        visit_expr(st, e->args.items[i]);
}

static void visit_stmt(ExtState *st, const Stmt *s)
{
    if (!s || st->why)
        return;
    visit_expr(st, s->init);
    visit_expr(st, s->lhs);
    visit_expr(st, s->rhs);
    visit_expr(st, s->expr);
    visit_stmt(st, s->init_s);
    if (s->kind == ST_FOR)
        vec_push(&st->loops, loop_var(s));
    visit_expr(st, s->cond);
    visit_stmt(st, s->step);
    visit_stmt(st, s->then);
    visit_stmt(st, s->els);
    visit_stmt(st, s->body);
    for (int i = 0; i < s->items.len; i++)
        visit_stmt(st, s->items.items[i]);
    if (s->kind == ST_FOR)
        vec_remove(&st->loops, st->loops.len - 1);
}

static void infer(ExtState *st, const Func *f, const Var *p)
{
    st->f = f;
    st->root = p;
    find_once_vars(st, f->body);
    visit_stmt(st, f->body);
}

bool cg_infer_extent(const Func *f, const Var *p, Vec *ends, const char **why)
{
    if (p->ty->kind == TY_ARRAY && p->ty->len > 0) {
        vec_push(ends, ex_int(p->ty->len, p->loc));
        return true;
    }
    if (!f->body) {
        *why = "the function has no body here";
        return false;
    }
    ExtState st = {.ends = ends};
    vec_push(&st.visiting, (void *)f);
    infer(&st, f, p);
    *why = st.why;
    return !st.why;
}
