/* rev_expr.c: reverse mode inside one statement: the adjoint of an
 * expression propagated to its leaves (d_x += adj * partial), shadows of
 * variables and pointer expressions, tape push/pop statements, and the
 * scan of the reverse sweep that tells which values it reads (the input
 * of the to-be-recorded decision). */
#include "ad/rev.h"

#include <string.h>

Var *rev_temp(Rev *rs, const char *stem, Type *ty, Loc loc)
{
    Var *v = ir_var(rs->m, ir_format("adcc_%s%d", stem, ++rs->ntemps), ty_const(ty, false), VAR_LOCAL, loc);
    v->generated = true;
    return v;
}

static Type *strip_const(Type *t)
{
    if (ty_is_ptr_like(t)) {
        Type *c = t->kind == TY_PTR ? ty_ptr(strip_const(t->base)) : ty_array(strip_const(t->base), t->len);
        return c;
    }
    return ty_const(t, false);
}

/* Whether v is a parameter the generated function gets an adjoint for (a
 * parameter left out becomes active only by assignment: a local adjoint). */
bool rev_param_has_adjoint(const Rev *rs, const Var *v)
{
    if (v->kind != VAR_PARAM)
        return false;
    int i = vec_index(&rs->fn->params, v);
    return i < 0 || i >= MAX_PARAMS || (rs->spec->mask >> i & 1);
}

Var *rev_shadow(Rev *rs, Var *v)
{
    ADCC_ASSERT(v->id < rs->act->n);
    if (v->kind == VAR_GLOBAL && !rs->scan)
        diag_error(v->loc, "global variable '%s' carries derivatives here; adcc does not differentiate "
                           "through globals: pass it to the function as a parameter", v->name);
    if (rs->shadow[v->id])
        return rs->shadow[v->id];
    Type *ty = strip_const(v->ty);
    bool param = v->kind == VAR_PARAM && (!ty_is_float(v->ty) || rev_param_has_adjoint(rs, v));
    if (param && ty_is_float(v->ty))
        ty = ty_ptr(ty);
    Var *d = ir_var(rs->m, ir_format("d_%s", v->name), ty, param ? VAR_PARAM : VAR_LOCAL, v->loc);
    d->generated = true;
    d->primal = v;
    rs->shadow[v->id] = d;
    return d;
}

Expr *rev_shadow_ptr(Rev *rs, Expr *p)
{
    Loc loc = p->loc;
    switch (p->op) {
    case EX_VAR:
        return ex_var(rev_shadow(rs, p->var), loc);
    case EX_INT:
        return ex_copy(p);   /* a null pointer */
    case EX_ADD: case EX_SUB: {
        bool left = ty_is_ptr_like(p->a->ty);
        Expr *e = ex_binary(p->op, left ? rev_shadow_ptr(rs, p->a) : ex_copy(p->a),
                            left ? ex_copy(p->b) : rev_shadow_ptr(rs, p->b), loc);
        return e;
    }
    case EX_CAST: {
        Expr *inner = rev_shadow_ptr(rs, p->a);
        return p->implicit ? inner : ex_cast(strip_const(p->ty), inner, loc);
    }
    case EX_ADDR:
        return ex_unary(EX_ADDR, rev_adj_lvalue(rs, p->a), loc);
    case EX_COND:
        return ex_cond(ex_copy(p->a), rev_shadow_ptr(rs, p->b), rev_shadow_ptr(rs, p->c), loc);
    case EX_INDEX: case EX_DEREF:
        return rev_adj_lvalue(rs, p);
    default:
        diag_error(loc, "adcc cannot follow this pointer expression to its derivative; "
                        "compute the pointer from a parameter or array with + and -");
        return ex_int(0, loc);
    }
}

Expr *rev_adj_lvalue(Rev *rs, Expr *e)
{
    Loc loc = e->loc;
    switch (e->op) {
    case EX_VAR: {
        Var *d = rev_shadow(rs, e->var);
        if (d->kind == VAR_PARAM && ty_is_float(e->var->ty))
            return ex_deref(ex_var(d, loc), loc);
        return ex_var(d, loc);
    }
    case EX_INDEX:
        return ex_index(rev_shadow_ptr(rs, e->a), ex_copy(e->b), loc);
    case EX_DEREF:
        return ex_deref(rev_shadow_ptr(rs, e->a), loc);
    case EX_CAST:
        return rev_adj_lvalue(rs, e->a);
    default:
        ADCC_UNREACHABLE();
    }
}

bool rev_is_simple(const Expr *e)
{
    double c;
    return e->op == EX_VAR || ex_is_const(e, &c) || (e->op == EX_DEREF && e->a->op == EX_VAR);
}

static const char *tape_suffix(const Type *t)
{
    switch (t->kind) {
    case TY_DOUBLE: return "d";
    case TY_FLOAT: return "f";
    case TY_INT: return strcmp(t->name, "int") == 0 ? "i" : "l";
    case TY_PTR: case TY_ARRAY: return "p";
    case TY_VOID: case TY_STRUCT: break;
    }
    ADCC_UNREACHABLE();
}

Stmt *rev_push(Expr *e, Loc loc)
{
    Expr *call = ex_call(ir_format("adcc_push_%s", tape_suffix(e->ty)), ty_void, loc);
    vec_push(&call->args, ex_copy(e));
    return st_expr(call, loc);
}

Stmt *rev_pop(Expr *lvalue, Loc loc)
{
    const char *sfx = tape_suffix(lvalue->ty);
    Expr *call = ex_call(ir_format("adcc_pop_%s", sfx), lvalue->ty, loc);
    Expr *rhs = call;
    if (*sfx == 'p' || *sfx == 'l')
        rhs = ex_cast(ty_const(lvalue->ty, false), call, loc);
    return st_assign(ex_copy(lvalue), rhs, loc);
}

/* ---- expression adjoints ---- */

static void accumulate(Rev *rs, Expr *leaf, Expr *adj, Stmt *out)
{
    Expr *lv = rev_adj_lvalue(rs, leaf);
    st_append(out, st_assign(lv, mk_add(ex_copy(lv), adj, leaf->loc), leaf->loc));
}

/* adj is used by n operands: bind it to a temporary unless it is simple. */
static Expr *share(Rev *rs, Expr *adj, int uses, Type *ty, Stmt *out)
{
    if (uses < 2 || rev_is_simple(adj))
        return adj;
    Var *t = rev_temp(rs, "a", ty_is_float(ty) ? ty : ty_double, adj->loc);
    st_append(out, st_decl(t, adj, adj->loc));
    return ex_var(t, adj->loc);
}

static void adj_call(Rev *rs, Expr *e, Expr *adj, Stmt *out)
{
    const MathRule *r = rule_find(e->text);
    if (!r || rule_arity(r) != e->args.len) {
        diag_error(e->loc, "no derivative rule for '%s': adcc knows the math.h functions; give '%s' "
                           "a rule with ADCC_PULLBACK(rule) on its declaration, or wrap the call in "
                           "adcc_stop_gradient() if it carries no derivative",
                   e->text, e->text);
        return;
    }
    Expr **args = (Expr **)e->args.items;
    int uses = 0;
    for (int i = 0; i < e->args.len; i++)
        uses += act_expr(rs->act, args[i]);
    adj = share(rs, adj, uses, e->ty, out);
    for (int i = 0; i < e->args.len; i++)
        if (act_expr(rs->act, args[i]))
            rev_adj_expr(rs, args[i], mk_mul(ex_copy(adj), rule_partial(r, args, i, e->ty, e->loc), e->loc), out);
}

void rev_adj_expr(Rev *rs, Expr *e, Expr *adj, Stmt *out)
{
    if (!act_expr(rs->act, e))
        return;
    Loc loc = e->loc;
    bool aa = act_expr(rs->act, e->a), ab = act_expr(rs->act, e->b);
    switch (e->op) {
    case EX_VAR: case EX_INDEX: case EX_DEREF:
        accumulate(rs, e, adj, out);
        return;
    case EX_CAST:
        rev_adj_expr(rs, e->a, adj, out);
        return;
    case EX_NEG:
        rev_adj_expr(rs, e->a, mk_neg(adj, loc), out);
        return;
    case EX_ADD: case EX_SUB:
        adj = share(rs, adj, aa + ab, e->ty, out);
        rev_adj_expr(rs, e->a, ex_copy(adj), out);
        rev_adj_expr(rs, e->b, e->op == EX_SUB ? mk_neg(ex_copy(adj), loc) : ex_copy(adj), out);
        return;
    case EX_MUL:
        adj = share(rs, adj, aa + ab, e->ty, out);
        rev_adj_expr(rs, e->a, mk_mul(ex_copy(adj), ex_copy(e->b), loc), out);
        rev_adj_expr(rs, e->b, mk_mul(ex_copy(adj), ex_copy(e->a), loc), out);
        return;
    case EX_DIV:
        /* d(a/b) = da/b - a db/b^2 */
        adj = share(rs, adj, aa + ab, e->ty, out);
        rev_adj_expr(rs, e->a, mk_div(ex_copy(adj), ex_copy(e->b), loc), out);
        rev_adj_expr(rs, e->b, mk_neg(ex_binary(EX_DIV, mk_mul(ex_copy(adj), ex_copy(e->a), loc),
                                                ex_binary(EX_MUL, ex_copy(e->b), ex_copy(e->b), loc), loc), loc), out);
        return;
    case EX_COND: {
        adj = share(rs, adj, 2, e->ty, out);
        Stmt *then = st_block(loc), *els = st_block(loc);
        rev_adj_expr(rs, e->b, ex_copy(adj), then);
        rev_adj_expr(rs, e->c, ex_copy(adj), els);
        st_append(out, st_if(ex_copy(e->a), then, els->items.len ? els : NULL, loc));
        return;
    }
    case EX_CALL:
        adj_call(rs, e, adj, out);
        return;
    case EX_INT: case EX_FLT: case EX_SIZEOF: case EX_STOPGRAD: case EX_INITLIST:
    case EX_NOT: case EX_BITNOT: case EX_ADDR: case EX_MOD: case EX_SHL: case EX_SHR:
    case EX_LT: case EX_LE: case EX_GT: case EX_GE: case EX_EQ: case EX_NE:
    case EX_BAND: case EX_BXOR: case EX_BOR: case EX_LAND: case EX_LOR: case EX_COUNT_:
        return;
    }
}

/* ---- what the reverse sweep reads ---- */

static void mark_expr(Rev *rs, const Expr *e, bool as_value);

/* root's memory is read by the reverse part of the statement being marked */
static void need_memory(Rev *rs, const Var *root)
{
    rs->needed_mem[root->id] = true;
    if (rs->final_mark)
        return;
    /* -1: a read outside the function-level items, conflicting with every write */
    vec_push(&rs->mem_reads[root->id], (void *)(intptr_t)rs->mark_pos);
}

/* v's value is read; a scalar whose address is taken is its own memory. */
static void need(Rev *rs, const Var *v)
{
    rs->needed[v->id] = true;
    if (act_addr_taken(rs->act, v))
        need_memory(rs, v);
    if (rs->mark_pos >= 0 && rs->mark_pos < rs->min_read[v->id])
        rs->min_read[v->id] = rs->mark_pos;
}

static void mark_memory(Rev *rs, const Expr *base)
{
    Var *b = act_base_var(base);
    if (b && b->primal)
        return; /* shadow memory */
    Vec roots = {0};
    act_roots(rs->act, base, &roots);
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        if (vec_has(&rs->mark_local, r))
            continue;
        if (act_addr_taken(rs->act, r))
            need(rs, r);
        need_memory(rs, r);
    }
}

static void mark_var(Rev *rs, Var *v)
{
    if (vec_has(&rs->mark_local, v))
        return;
    if (v->primal) {
        /* d_p read: p is (d_u of a scalar parameter u reads nothing of u) */
        if (ty_is_ptr_like(v->ty) && ty_is_ptr_like(v->primal->ty) && v->primal->kind != VAR_GLOBAL &&
            v->primal->id < rs->act->n)
            need(rs, v->primal);
        return;
    }
    if (v->id < rs->act->n)
        need(rs, v);
}

/* v is assigned (or its address taken) by the reverse code: a block that
 * closes before the reverse sweep declares it there, even if no value of
 * it is read (a checkpointed loop's state, advanced and restored there). */
static void mark_written(Rev *rs, Var *v)
{
    if (!v->primal && v->id < rs->act->n && !vec_has(&rs->mark_local, v))
        rs->written[v->id] = true;
}

static void mark_expr(Rev *rs, const Expr *e, bool as_value)
{
    if (!e)
        return;
    if (e->op == EX_VAR) {
        mark_var(rs, e->var);
        return;
    }
    if ((e->op == EX_INDEX || e->op == EX_DEREF) && as_value)
        mark_memory(rs, e->a);
    if (e->op == EX_ADDR) {
        if (e->a->op == EX_VAR)
            mark_written(rs, e->a->var);
        mark_expr(rs, e->a->a, true);
        mark_expr(rs, e->a->b, true);
        return;
    }
    mark_expr(rs, e->a, true);
    mark_expr(rs, e->b, true);
    mark_expr(rs, e->c, true);
    for (int i = 0; i < e->args.len; i++) {
        const Expr *arg = e->args.items[i];
        mark_expr(rs, arg, true);
        /* a callee's reverse sweep may read anything its pointer arguments
         * reach; free() reads nothing */
        if (e->op == EX_CALL && ty_is_ptr_like(arg->ty) && strcmp(e->text, "free") != 0)
            mark_memory(rs, arg);
    }
}

/* Reads of a variable that the reverse code itself declares (a step
 * replayed from a snapshot, a loop's own counter) are its own: they need
 * nothing saved. Its declarations are in scope to the end of the block. */
void rev_mark_reads(Rev *rs, Stmt *s)
{
    if (!s)
        return;
    int scope = rs->mark_local.len;
    switch (s->kind) {
    case ST_DECL:
        mark_expr(rs, s->init, true);
        vec_push(&rs->mark_local, s->var);
        return;
    case ST_ASSIGN:
        if (s->lhs->op == EX_VAR) {
            /* d_x += ... reads d_x but not x; x = pop() reads nothing */
            if (s->lhs->var->primal)
                mark_var(rs, s->lhs->var);
            mark_written(rs, s->lhs->var);
        } else {
            mark_expr(rs, s->lhs, false);
        }
        mark_expr(rs, s->rhs, true);
        return;
    case ST_EXPR: case ST_RETURN:
        mark_expr(rs, s->expr, true);
        return;
    case ST_IF:
        mark_expr(rs, s->cond, true);
        rev_mark_reads(rs, s->then);
        rev_mark_reads(rs, s->els);
        return;
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        rev_mark_reads(rs, s->init_s);
        mark_expr(rs, s->cond, true);
        rev_mark_reads(rs, s->step);
        rev_mark_reads(rs, s->body);
        rs->mark_local.len = scope;
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            rev_mark_reads(rs, s->items.items[i]);
        rs->mark_local.len = scope;
        return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return;
    }
}
