/* lower.c: normalisation, run once before the analyses. Afterwards a body
 * holds only declarations, assignments, call statements, if, loops and
 * blocks, with a single return as its last statement:
 *   - calls of the file's functions are lifted out of expressions into
 *     statements "t = g(...)" (inside && || ?: through if statements);
 *   - switch becomes an if chain with a fall-through flag;
 *   - break, continue and early returns become flags that guard what
 *     follows them, so every construct has one entry and one exit. */
#include "ad/internal.h"

#include <string.h>

typedef struct Lower {
    Module *m;
    Func *fn;
    int ntemps;
    int loops;                 /* loops around the statement being lifted */
    Var *ret_flag, *ret_val;   /* made on the first early return */
} Lower;

static Var *temp(Lower *lw, const char *stem, Type *ty, Loc loc)
{
    Var *v = ir_var(lw->m, ir_format("adcc_%s%d", stem, ++lw->ntemps), ty_const(ty, false), VAR_LOCAL, loc);
    v->generated = true;
    return v;
}

/* ---- lifting calls out of expressions ---- */

static bool has_user_call(const Expr *e)
{
    if (!e)
        return false;
    if (e->op == EX_CALL && e->callee)
        return true;
    for (int i = 0; i < e->args.len; i++)
        if (has_user_call(e->args.items[i]))
            return true;
    return has_user_call(e->a) || has_user_call(e->b) || has_user_call(e->c);
}

static Expr *lift(Lower *lw, Expr *e, Stmt *pre);

/* Whether a store through one of the call's writable pointer arguments
 * may change an object of type t (C's aliasing rules: the same type, or
 * the pointer is to char or void). */
static bool call_may_store(const Expr *call, Type *t)
{
    for (int i = 0; i < call->args.len; i++) {
        const Expr *a = call->args.items[i];
        if (!ty_is_ptr_like(a->ty))
            continue;
        Type *to = ty_scalar(a->ty);
        if (to->is_const)
            continue;
        if (to->kind == TY_VOID || (to->kind == TY_INT && strstr(to->name, "char")) ||
            ty_equal(ty_const(to, false), ty_const(t, false)))
            return true;
    }
    return false;
}

/* Whether e reads memory the call may store to, or a variable whose
 * address the call gets. */
static bool reads_stored(const Expr *e, const Expr *call)
{
    if (!e)
        return false;
    if ((e->op == EX_INDEX || e->op == EX_DEREF) && call_may_store(call, e->ty))
        return true;
    if (e->op == EX_VAR)
        for (int i = 0; i < call->args.len; i++) {
            const Expr *a = ex_strip_casts(call->args.items[i]);
            if (a->op == EX_ADDR && a->a->op == EX_VAR && a->a->var == e->var)
                return true;
        }
    for (int i = 0; i < e->args.len; i++)
        if (reads_stored(e->args.items[i], call))
            return true;
    return reads_stored(e->a, call) || reads_stored(e->b, call) || reads_stored(e->c, call);
}

/* h(a, a[1]) where h may write through a: the reverse sweep calls h's
 * reverse with the same arguments after h has run, so a value argument
 * that reads what h may change is evaluated once, before the call, into a
 * temporary both sweeps pass. */
static void hoist_value_args(Lower *lw, Expr *call, Stmt *pre)
{
    for (int i = 0; i < call->args.len; i++) {
        Expr *a = call->args.items[i];
        if (ty_is_ptr_like(a->ty) || a->ty->kind == TY_VOID || !reads_stored(a, call))
            continue;
        Var *t = temp(lw, "arg", a->ty, a->loc);
        st_append(pre, st_decl(t, a, a->loc));
        call->args.items[i] = ex_var(t, a->loc);
    }
}

static void lift_args(Lower *lw, Expr *call, Stmt *pre)
{
    for (int i = 0; i < call->args.len; i++)
        call->args.items[i] = lift(lw, call->args.items[i], pre);
    if (call->callee)
        hoist_value_args(lw, call, pre);
}

/* a && b, a || b and c ? a : b whose later operands call: as if statements. */
static Expr *lift_branchy(Lower *lw, Expr *e, Stmt *pre)
{
    Loc loc = e->loc;
    Type *ty = e->op == EX_COND ? e->ty : ty_int;
    Var *t = temp(lw, "t", ty, loc);
    Expr *first = lift(lw, e->a, pre);
    Stmt *then = st_block(loc), *els = st_block(loc);
    if (e->op == EX_COND) {
        st_append(pre, st_decl(t, NULL, loc));
        st_append(then, st_assign(ex_var(t, loc), lift(lw, e->b, then), loc));
        st_append(els, st_assign(ex_var(t, loc), lift(lw, e->c, els), loc));
        st_append(pre, st_if(first, then, els, loc));
        return ex_var(t, loc);
    }
    st_append(pre, st_decl(t, ex_binary(EX_NE, first, ex_int(0, loc), loc), loc));
    Expr *second = lift(lw, e->b, then);
    st_append(then, st_assign(ex_var(t, loc), ex_binary(EX_NE, second, ex_int(0, loc), loc), loc));
    Expr *cond = ex_var(t, loc);
    if (e->op == EX_LOR)
        cond = ex_unary(EX_NOT, cond, loc);
    st_append(pre, st_if(cond, then, NULL, loc));
    return ex_var(t, loc);
}

/* Returns e with every user call replaced by a temporary assigned in pre. */
static Expr *lift(Lower *lw, Expr *e, Stmt *pre)
{
    if (!e || !has_user_call(e))
        return e;
    if ((e->op == EX_LAND || e->op == EX_LOR) && has_user_call(e->b))
        return lift_branchy(lw, e, pre);
    if (e->op == EX_COND && (has_user_call(e->b) || has_user_call(e->c)))
        return lift_branchy(lw, e, pre);
    if (e->op == EX_CALL && e->callee) {
        lift_args(lw, e, pre);
        if (e->ty->kind == TY_VOID)
            return e;
        Var *t = temp(lw, "t", e->ty, e->loc);
        st_append(pre, st_decl(t, e, e->loc));
        return ex_var(t, e->loc);
    }
    if (e->op == EX_CALL || e->op == EX_INITLIST) {
        lift_args(lw, e, pre);
        return e;
    }
    e->a = lift(lw, e->a, pre);
    e->b = lift(lw, e->b, pre);
    e->c = lift(lw, e->c, pre);
    return e;
}

/* A call that is already the whole right-hand side stays there. */
static Expr *lift_rhs(Lower *lw, Expr *e, Stmt *pre)
{
    if (e && e->op == EX_CALL && e->callee) {
        lift_args(lw, e, pre);
        return e;
    }
    return lift(lw, e, pre);
}

static Stmt *lift_block(Lower *lw, Stmt *b);

/* ---- lifting costly math out of expressions in loops ---- */

/* exp, exp2 and tanh inside a larger expression in a loop body become a
 * temporary, `double adcc_e1 = exp(u); ... adcc_e1 ...`: their partials
 * are written over their results (exp u, 1 - tanh^2 u), so the reverse
 * sweep reads the saved result instead of evaluating the function again.
 * Operands evaluated only conditionally (&&, ||, ?:) are left alone. */
static bool result_partial(const Expr *e)
{
    if (e->op != EX_CALL || e->callee || e->args.len != 1 || !ty_is_float(e->ty))
        return false;
    const MathRule *r = rule_find(e->text);
    return r && rule_saves_result(r);
}

static Expr *lift_math(Lower *lw, Expr *e, Stmt *pre)
{
    if (!e || e->op == EX_LAND || e->op == EX_LOR || e->op == EX_COND || e->op == EX_INITLIST)
        return e;
    for (int i = 0; i < e->args.len; i++)
        e->args.items[i] = lift_math(lw, e->args.items[i], pre);
    e->a = lift_math(lw, e->a, pre);
    e->b = lift_math(lw, e->b, pre);
    if (!result_partial(e))
        return e;
    Var *t = temp(lw, "e", e->ty, e->loc);
    st_append(pre, st_decl(t, e, e->loc));
    return ex_var(t, e->loc);
}

/* The expression's own operands, the expression itself kept (x = exp(u)). */
static Expr *lift_math_below(Lower *lw, Expr *e, Stmt *pre)
{
    if (!e || lw->loops == 0)
        return e;
    if (!result_partial(e))
        return lift_math(lw, e, pre);
    e->args.items[0] = lift_math(lw, e->args.items[0], pre);
    return e;
}

/* for (...; i + k < n; i += s) tests i < n - k (k a constant, i a signed
 * int the step advances), the counted form reverse mode recognises: equal
 * wherever neither side overflows, which C leaves undefined anyway. */
static void counter_on_left(Stmt *s)
{
    Expr *c = s->cond;
    if (!c || !s->step || s->step->kind != ST_ASSIGN || s->step->lhs->op != EX_VAR ||
        (c->op != EX_LT && c->op != EX_LE && c->op != EX_GT && c->op != EX_GE))
        return;
    Expr *l = c->a;
    if ((l->op != EX_ADD && l->op != EX_SUB) || l->a->op != EX_VAR || l->a->var != s->step->lhs->var ||
        l->b->op != EX_INT || !ty_is_signed_int(l->a->ty) || !ty_is_signed_int(c->b->ty))
        return;
    c->b = ex_binary(l->op == EX_ADD ? EX_SUB : EX_ADD, c->b, l->b, c->loc);
    c->a = l->a;
}

/* Loop conditions that call are re-evaluated each iteration: the test
 * moves into the body as `pre; if (!cond) break;` (at the end of a do
 * body, at the start otherwise); break is lowered later. */
static Stmt *lift_loop_cond(Lower *lw, Stmt *s)
{
    Stmt *test = st_block(s->loc);
    Expr *cond = lift(lw, s->cond, test);
    st_test_in_body(s, test, cond);
    return s;
}

static void lift_stmt(Lower *lw, Stmt *s, Stmt *out);

static bool is_constant(Expr *e)
{
    e = ex_strip_casts(e);
    return e->op == EX_INT || e->op == EX_FLT || e->op == EX_SIZEOF;
}

/* double y[n] = {a, b}: with a non-constant element the list becomes
 * `double y[n] = {0};` and element assignments, which reverse mode
 * differentiates. Constant lists stay initializers. */
static bool split_array_init(Lower *lw, Stmt *s, Stmt *out)
{
    Var *v = s->var;
    Expr *list = s->init;
    if (v->ty->kind != TY_ARRAY || !list || list->op != EX_INITLIST || v->ty->base->kind == TY_ARRAY)
        return false;
    bool constant = true;
    for (int i = 0; i < list->args.len; i++)
        constant &= is_constant(list->args.items[i]);
    if (constant)
        return false;
    Loc loc = s->loc;
    s->init = ex_zero_list(v->ty, loc);
    st_append(out, s);
    for (int i = 0; i < list->args.len; i++) {
        Stmt *set = st_assign(ex_index(ex_var(v, loc), ex_int(i, loc), loc), list->args.items[i], loc);
        lift_stmt(lw, set, out);
    }
    return true;
}

static void lift_stmt(Lower *lw, Stmt *s, Stmt *out)
{
    switch (s->kind) {
    case ST_DECL:
        if (split_array_init(lw, s, out))
            return;
        s->init = lift_math_below(lw, lift_rhs(lw, s->init, out), out);
        break;
    case ST_ASSIGN:
        s->lhs = lift(lw, s->lhs, out);
        s->rhs = s->lhs->op == EX_VAR ? lift_rhs(lw, s->rhs, out) : lift(lw, s->rhs, out);
        if (lw->loops)
            s->rhs = lift_math(lw, s->rhs, out);
        break;
    case ST_EXPR:
        s->expr = lift_rhs(lw, s->expr, out);
        break;
    case ST_RETURN:
        s->expr = lift(lw, s->expr, out);
        break;
    case ST_IF:
        s->cond = lift(lw, s->cond, out);
        s->then = lift_block(lw, s->then);
        if (s->els)
            s->els = lift_block(lw, s->els);
        break;
    case ST_SWITCH:
        s->cond = lift(lw, s->cond, out);
        s->body = lift_block(lw, s->body);
        break;
    case ST_FOR:
        counter_on_left(s);
        if (s->init_s) {
            Stmt *init = st_block(s->loc);
            lift_stmt(lw, s->init_s, init);
            if (init->items.len > 1) {
                init->items.len--;
                for (int i = 0; i < init->items.len; i++)
                    st_append(out, init->items.items[i]);
            }
        }
        if (s->step && (has_user_call(s->step->rhs) || has_user_call(s->step->expr)))
            lw->fn->unsupported = lw->fn->unsupported ? lw->fn->unsupported
                                : "calls in a for-loop step are not supported; call in the loop body",
            lw->fn->unsupported_loc = s->step->loc;
        lw->loops++;
        s->body = lift_block(lw, s->body);
        lw->loops--;
        if (has_user_call(s->cond))
            s = lift_loop_cond(lw, s);
        break;
    case ST_WHILE:
    case ST_DO:
        lw->loops++;
        s->body = lift_block(lw, s->body);
        lw->loops--;
        if (has_user_call(s->cond))
            s = lift_loop_cond(lw, s);
        break;
    case ST_BLOCK:
        s = lift_block(lw, s);
        break;
    case ST_CASE:
    case ST_DEFAULT:
    case ST_BREAK:
    case ST_CONTINUE:
    case ST_COMMENT:
        break;
    }
    st_append(out, s);
}

static Stmt *lift_block(Lower *lw, Stmt *b)
{
    Stmt *out = st_block(b->loc);
    for (int i = 0; i < b->items.len; i++)
        lift_stmt(lw, b->items.items[i], out);
    return out;
}

/* ---- switch -> if chain ---- */

static Stmt *lower_switches(Lower *lw, Stmt *s);

/* Rewrites the breaks of one switch (not of loops inside it). */
static void switch_breaks(Stmt *s, Var *fall)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_BREAK:
        s->kind = ST_ASSIGN;
        s->lhs = ex_var(fall, s->loc);
        s->rhs = ex_int(0, s->loc);
        return;
    case ST_IF:
        switch_breaks(s->then, fall);
        switch_breaks(s->els, fall);
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            switch_breaks(s->items.items[i], fall);
        return;
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_FOR: case ST_WHILE: case ST_DO:
    case ST_SWITCH: case ST_CASE: case ST_DEFAULT: case ST_CONTINUE: case ST_RETURN:
    case ST_COMMENT:
        return;
    }
}

static Stmt *lower_switch(Lower *lw, Stmt *s)
{
    Loc loc = s->loc;
    Stmt *out = st_block(loc);
    Var *sw = temp(lw, "sw", s->cond->ty, loc), *fall = temp(lw, "fall", ty_int, loc);
    st_append(out, st_decl(sw, s->cond, loc));
    st_append(out, st_decl(fall, ex_int(0, loc), loc));
    Expr *any_case = NULL;
    for (int i = 0; i < s->body->items.len; i++) {
        Stmt *it = s->body->items.items[i];
        if (it->kind == ST_CASE) {
            Expr *eq = ex_binary(EX_EQ, ex_var(sw, loc), ex_int(it->ival, it->loc), loc);
            any_case = any_case ? ex_binary(EX_LOR, any_case, eq, loc) : eq;
        }
    }
    Stmt *seg = NULL;
    Expr *match = NULL;
    for (int i = 0; i <= s->body->items.len; i++) {
        Stmt *it = i < s->body->items.len ? s->body->items.items[i] : NULL;
        bool label = it && (it->kind == ST_CASE || it->kind == ST_DEFAULT);
        if ((label || !it) && seg && (seg->items.len > 0 || !it)) {
            Stmt *body = st_block(loc);
            st_append(body, st_assign(ex_var(fall, loc), ex_int(1, loc), loc));
            for (int j = 0; j < seg->items.len; j++)
                st_append(body, seg->items.items[j]);
            Expr *cond = ex_binary(EX_LOR, ex_var(fall, loc), match, loc);
            st_append(out, st_if(cond, body, NULL, loc));
            seg = NULL;
            match = NULL;
        }
        if (!it)
            break;
        if (label) {
            Expr *m = it->kind == ST_CASE
                ? ex_binary(EX_EQ, ex_var(sw, loc), ex_int(it->ival, it->loc), loc)
                : (any_case ? ex_unary(EX_NOT, ex_copy(any_case), loc) : ex_int(1, loc));
            match = match ? ex_binary(EX_LOR, match, m, loc) : m;
            if (!seg)
                seg = st_block(loc);
            continue;
        }
        if (seg)
            st_append(seg, lower_switches(lw, it));
    }
    switch_breaks(out, fall);
    return out;
}

static Stmt *lower_switches(Lower *lw, Stmt *s)
{
    if (!s)
        return NULL;
    switch (s->kind) {
    case ST_SWITCH:
        return lower_switch(lw, s);
    case ST_IF:
        s->then = lower_switches(lw, s->then);
        s->els = lower_switches(lw, s->els);
        return s;
    case ST_FOR: case ST_WHILE: case ST_DO:
        s->body = lower_switches(lw, s->body);
        return s;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            s->items.items[i] = lower_switches(lw, s->items.items[i]);
        return s;
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_CASE: case ST_DEFAULT:
    case ST_BREAK: case ST_CONTINUE: case ST_RETURN: case ST_COMMENT:
        return s;
    }
    ADCC_UNREACHABLE();
}

/* ---- break, continue and return -> flags ---- */

typedef struct LoopCtx {
    Var *brk, *cont;
} LoopCtx;

/* Which exits s can take out of itself: breaks and continues of the
 * enclosing loop (not of loops inside s), and returns. */
static void exits(const Stmt *s, bool *brk, bool *cont, bool *ret)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_BREAK: *brk = true; return;
    case ST_CONTINUE: *cont = true; return;
    case ST_RETURN: *ret = true; return;
    case ST_IF:
        exits(s->then, brk, cont, ret);
        exits(s->els, brk, cont, ret);
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            exits(s->items.items[i], brk, cont, ret);
        return;
    case ST_FOR: case ST_WHILE: case ST_DO: {
        bool b = false, c = false;
        exits(s->body, &b, &c, ret);
        return;
    }
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_SWITCH: case ST_CASE:
    case ST_DEFAULT: case ST_COMMENT:
        return;
    }
}

static Expr *not_var(Var *v, Loc loc)
{
    return ex_unary(EX_NOT, ex_var(v, loc), loc);
}

static Expr *and_expr(Expr *a, Expr *b, Loc loc)
{
    return a ? (b ? ex_binary(EX_LAND, a, b, loc) : a) : b;
}

static Stmt *set_flag(Var *v, Loc loc)
{
    return st_assign(ex_var(v, loc), ex_int(1, loc), loc);
}

static Stmt *exits_block(Lower *lw, Stmt *b, LoopCtx *lc);

static Stmt *exits_loop(Lower *lw, Stmt *s)
{
    LoopCtx lc = {0};
    bool brk = false, cont = false, ret = false;
    exits(s->body, &brk, &cont, &ret);
    Loc loc = s->loc;
    if (brk)
        lc.brk = temp(lw, "brk", ty_int, loc);
    if (cont)
        lc.cont = temp(lw, "cont", ty_int, loc);
    Stmt *body = exits_block(lw, s->body, &lc);
    if (lc.cont)
        vec_insert(&body->items, 0, st_decl(lc.cont, ex_int(0, loc), loc));
    s->body = body;
    if (!brk && !ret)
        return s;
    Expr *stay = and_expr(lc.brk ? not_var(lc.brk, loc) : NULL, ret ? not_var(lw->ret_flag, loc) : NULL, loc);
    Stmt *out = st_block(loc);
    if (lc.brk)
        st_append(out, st_decl(lc.brk, ex_int(0, loc), loc));
    if (s->kind == ST_FOR && s->step) {
        /* the step must not run after a break or return: while form */
        if (s->init_s)
            st_append(out, s->init_s);
        Stmt *step = st_block(loc);
        st_append(step, s->step);
        st_append(s->body, st_if(ex_copy(stay), step, NULL, loc));
        s->kind = ST_WHILE;
        s->init_s = s->step = NULL;
        if (!s->cond)
            s->cond = ex_int(1, loc);
    }
    s->cond = s->cond && !(s->cond->op == EX_INT && s->cond->ival) ? and_expr(stay, s->cond, loc) : stay;
    st_append(out, s);
    return out;
}

static Stmt *exits_stmt(Lower *lw, Stmt *s, LoopCtx *lc)
{
    Loc loc = s->loc;
    switch (s->kind) {
    case ST_BREAK:
        return set_flag(lc->brk, loc);
    case ST_CONTINUE:
        return set_flag(lc->cont, loc);
    case ST_RETURN: {
        Stmt *b = st_block(loc);
        if (s->expr)
            st_append(b, st_assign(ex_var(lw->ret_val, loc), s->expr, loc));
        st_append(b, set_flag(lw->ret_flag, loc));
        return b;
    }
    case ST_IF:
        s->then = exits_block(lw, s->then, lc);
        if (s->els)
            s->els = exits_block(lw, s->els, lc);
        return s;
    case ST_BLOCK:
        return exits_block(lw, s, lc);
    case ST_FOR: case ST_WHILE: case ST_DO:
        return exits_loop(lw, s);
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_SWITCH: case ST_CASE:
    case ST_DEFAULT: case ST_COMMENT:
        return s;
    }
    ADCC_UNREACHABLE();
}

/* Statements after one that may exit run under `if (!flags)`. */
static Stmt *exits_block(Lower *lw, Stmt *b, LoopCtx *lc)
{
    Stmt *out = st_block(b->loc);
    for (int i = 0; i < b->items.len; i++) {
        Stmt *s = b->items.items[i];
        bool brk = false, cont = false, ret = false;
        exits(s, &brk, &cont, &ret);
        st_append_flat(out, exits_stmt(lw, s, lc));
        if (i + 1 == b->items.len || !(brk || cont || ret))
            continue;
        Loc loc = ((Stmt *)b->items.items[i + 1])->loc;
        Expr *go = and_expr(brk ? not_var(lc->brk, loc) : NULL, cont ? not_var(lc->cont, loc) : NULL, loc);
        go = and_expr(go, ret ? not_var(lw->ret_flag, loc) : NULL, loc);
        Stmt *rest = st_block(loc);
        for (int j = i + 1; j < b->items.len; j++)
            st_append(rest, b->items.items[j]);
        st_append(out, st_if(go, exits_block(lw, rest, lc), NULL, loc));
        break;
    }
    return out;
}

static int count_returns(const Stmt *s)
{
    if (!s)
        return 0;
    switch (s->kind) {
    case ST_RETURN: return 1;
    case ST_IF: return count_returns(s->then) + count_returns(s->els);
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH: return count_returns(s->body);
    case ST_BLOCK: {
        int n = 0;
        for (int i = 0; i < s->items.len; i++)
            n += count_returns(s->items.items[i]);
        return n;
    }
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_CASE: case ST_DEFAULT:
    case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return 0;
    }
    ADCC_UNREACHABLE();
}

static void lower_func(Module *m, Func *f)
{
    Lower lw = {.m = m, .fn = f};
    f->body = lift_block(&lw, f->body);
    f->body = lower_switches(&lw, f->body);
    Vec *items = &f->body->items;
    Stmt *last = items->len ? items->items[items->len - 1] : NULL;
    bool final_return = last && last->kind == ST_RETURN;
    LoopCtx none = {0};
    if (count_returns(f->body) == (final_return ? 1 : 0)) {
        /* no early return: only loops' break and continue to lower */
        if (final_return)
            items->len--;
        f->body = exits_block(&lw, f->body, &none);
        st_append(f->body, final_return ? last : st_new(ST_RETURN, f->loc));
        return;
    }
    Loc loc = f->body->loc;
    lw.ret_flag = temp(&lw, "returned", ty_int, loc);
    if (f->ret->kind != TY_VOID)
        lw.ret_val = temp(&lw, "result", f->ret, loc);
    Stmt *body = exits_block(&lw, f->body, &none);
    vec_insert(&body->items, 0, st_decl(lw.ret_flag, ex_int(0, loc), loc));
    if (lw.ret_val) {
        Expr *zero = ty_is_float(f->ret) ? ex_flt(0.0, f->ret, loc) : ex_int(0, loc);
        if (ty_is_ptr_like(f->ret))
            zero = ex_null(f->ret, loc);
        vec_insert(&body->items, 1, st_decl(lw.ret_val, zero, loc));
    }
    Stmt *ret = st_new(ST_RETURN, loc);
    ret->expr = lw.ret_val ? ex_var(lw.ret_val, loc) : NULL;
    st_append(body, ret);
    f->body = body;
}

void ad_lower(Module *m)
{
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (f->body && !f->unsupported) {
            lower_func(m, f);
            ir_verify_func(f);
        }
    }
}
