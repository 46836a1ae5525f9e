/* fwd_expr.c: tangents of expressions in forward mode. Each active value
 * x has a tangent variable t_x beside it (an active pointer p a tangent
 * pointer t_p into the tangent of the memory p points into, laid out like
 * it); the tangent of an expression is built from its operands' values
 * and tangents by the chain rule, with math.h's partials from rules.c.
 * NULL stands for a zero tangent, so inactive operands cost nothing. */
#include "ad/fwd.h"

#include <string.h>

/* ---- tangent variables ---- */

static bool name_taken(Fwd *fw, const char *name)
{
    for (int i = 0; i < fw->fn->params.len; i++)
        if (strcmp(((Var *)fw->fn->params.items[i])->name, name) == 0)
            return true;
    for (int i = 0; i < fw->act->n; i++)
        if (fw->tan[i] && strcmp(fw->tan[i]->name, name) == 0)
            return true;
    return false;
}

static const char *tangent_name(Fwd *fw, const Var *v)
{
    const char *name;
    if (fw->spec->naming == FWD_HVP && v->primal && strncmp(v->name, "d_", 2) == 0)
        name = ir_format("hv_%s", v->name + 2);
    else
        name = ir_format(fw->spec->naming == FWD_HVP ? "v_%s" : "t_%s", v->name);
    while (name_taken(fw, name))
        name = ir_format("%s_", name);
    return name;
}

/* A scalar tangent is assigned freely: no const on it. */
static Type *tangent_type(const Type *t)
{
    return ty_is_value(t) ? ty_const((Type *)t, false) : (Type *)t;
}

Var *fwd_tangent(Fwd *fw, Var *v)
{
    ADCC_ASSERT(v->id < fw->act->n);
    if (fw->tan[v->id])
        return fw->tan[v->id];
    if (v->kind == VAR_GLOBAL)
        diag_error(v->loc, "global variable '%s' carries derivatives here; adcc does not differentiate "
                           "through globals: pass it to the function as a parameter", v->name);
    Var *t = ir_var(fw->m, tangent_name(fw, v), tangent_type(v->ty),
                    v->kind == VAR_PARAM ? VAR_PARAM : VAR_LOCAL, v->loc);
    t->generated = true;
    fw->tan[v->id] = t;
    return t;
}

Var *fwd_temp(Fwd *fw, const char *stem, Type *ty, Loc loc)
{
    Var *v = ir_var(fw->m, ir_format("adcc_%s%d", stem, ++fw->ntemps), ty_const(ty, false), VAR_LOCAL, loc);
    v->generated = true;
    return v;
}

/* An object that depends on an active input carries a tangent even when
 * it is not useful: an alias (old = h) through which the model releases
 * it must release the tangent too. */
bool fwd_active_var(Fwd *fw, const Var *v)
{
    if (ty_is_object(v->ty))
        return act_varied(fw->act, v);
    return act_var(fw->act, v);
}

bool fwd_active(Fwd *fw, const Expr *e)
{
    const Expr *core = ex_strip_casts((Expr *)e);
    if (core->op == EX_VAR && ty_is_object(core->ty))
        return fwd_active_var(fw, core->var);
    return act_expr(fw->act, e);
}

/* ---- pointers ---- */

Expr *fwd_tan_ptr(Fwd *fw, const Expr *p)
{
    Loc loc = p->loc;
    if (!act_roots_active(fw->act, p))
        return ex_null(p->ty->kind == TY_ARRAY ? ty_ptr(p->ty->base) : p->ty, loc);
    switch (p->op) {
    case EX_VAR:
        return ex_var(fwd_tangent(fw, p->var), loc);
    case EX_ADD: case EX_SUB: {
        bool left = ty_is_ptr_like(p->a->ty);
        return ex_binary(p->op, left ? fwd_tan_ptr(fw, p->a) : ex_copy(p->a),
                         left ? ex_copy(p->b) : fwd_tan_ptr(fw, p->b), loc);
    }
    case EX_CAST: {
        Expr *inner = fwd_tan_ptr(fw, p->a);
        if (p->implicit)
            return inner;
        return ex_cast(p->ty, inner, loc);
    }
    case EX_ADDR:
        return ex_unary(EX_ADDR, fwd_tan_lvalue(fw, p->a), loc);
    case EX_COND:
        return ex_cond(ex_copy(p->a), fwd_tan_ptr(fw, p->b), fwd_tan_ptr(fw, p->c), loc);
    case EX_INDEX: case EX_DEREF:
        if (p->ty->kind == TY_ARRAY)   /* m[r] of a 2-D array: its row */
            return fwd_tan_lvalue(fw, p);
        diag_error(loc, "adcc cannot follow a pointer loaded from memory to its derivative; "
                        "index one flat array instead");
        return ex_null(p->ty, loc);
    default:
        diag_error(loc, "adcc cannot follow this pointer expression to its derivative; "
                        "compute the pointer from a parameter or array with + and -");
        return ex_null(p->ty, loc);
    }
}

Expr *fwd_tan_lvalue(Fwd *fw, const Expr *lv)
{
    Loc loc = lv->loc;
    switch (lv->op) {
    case EX_VAR:
        return ex_var(fwd_tangent(fw, lv->var), loc);
    case EX_INDEX:
        return ex_index(fwd_tan_ptr(fw, lv->a), ex_copy(lv->b), loc);
    case EX_DEREF:
        return ex_deref(fwd_tan_ptr(fw, lv->a), loc);
    case EX_CAST:
        return fwd_tan_lvalue(fw, lv->a);
    default:
        diag_error(loc, "adcc cannot find the derivative of this location");
        return ex_var(fwd_temp(fw, "bad", lv->ty, loc), loc);
    }
}

/* ---- values ---- */

static Expr *zero(const Expr *e)
{
    return mk_num(0.0, e->ty, e->loc);
}

Expr *fwd_tan_or_zero(Fwd *fw, const Expr *e)
{
    Expr *t = fwd_tan(fw, e);
    if (t)
        return t;
    if (ty_is_object(e->ty) || ty_is_ptr_like(e->ty))
        return ex_null(e->ty, e->loc);
    return zero(e);
}

static Expr *sum(Expr *a, Expr *b, Loc loc)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return mk_add(a, b, loc);
}

/* (a / b)' = (a' b - a b') / b^2, with the zero cases folded. */
static Expr *tan_div(const Expr *e, Expr *ta, Expr *tb)
{
    Loc loc = e->loc;
    if (!tb)
        return mk_div(ta, ex_copy(e->b), loc);
    Expr *bb = ex_binary(EX_MUL, ex_copy(e->b), ex_copy(e->b), loc);
    Expr *num = mk_neg(mk_mul(ex_copy(e->a), tb, loc), loc);
    if (ta)
        num = ex_binary(EX_SUB, mk_mul(ta, ex_copy(e->b), loc), mk_mul(ex_copy(e->a), tb, loc), loc);
    return ex_binary(EX_DIV, num, bb, loc);
}

static Expr *tan_call(Fwd *fw, const Expr *e)
{
    bool any = false;
    for (int i = 0; i < e->args.len; i++)
        any |= fwd_active(fw, e->args.items[i]);
    if (!any)
        return NULL;
    const MathRule *r = e->callee ? NULL : rule_find(e->text);
    if (!r || rule_arity(r) != e->args.len) {
        diag_error(e->loc, "no derivative rule for '%s': adcc knows the math.h functions; give '%s' "
                           "a forward rule with ADCC_PUSHFORWARD(rule) on its declaration, or wrap the "
                           "call in adcc_stop_gradient() if it carries no derivative",
                   e->text, e->text);
        return NULL;
    }
    Expr **args = (Expr **)e->args.items;
    Expr *t = NULL;
    for (int i = 0; i < e->args.len; i++) {
        Expr *ti = fwd_tan(fw, args[i]);
        if (ti)
            t = sum(t, mk_mul(rule_partial(r, args, i, e->ty, e->loc), ti, e->loc), e->loc);
    }
    return t;
}

Expr *fwd_tan(Fwd *fw, const Expr *e)
{
    if (!e)
        return NULL;
    Loc loc = e->loc;
    switch (e->op) {
    case EX_VAR:
        return ty_is_value(e->ty) && fwd_active_var(fw, e->var) ? ex_var(fwd_tangent(fw, e->var), loc) : NULL;
    case EX_INDEX: case EX_DEREF:
        return ty_is_float(e->ty) && fwd_active(fw, e) ? fwd_tan_lvalue(fw, e) : NULL;
    case EX_NEG: {
        Expr *t = ty_is_float(e->ty) ? fwd_tan(fw, e->a) : NULL;
        return t ? mk_neg(t, loc) : NULL;
    }
    case EX_ADD: case EX_SUB: {
        if (!ty_is_float(e->ty))
            return NULL;
        Expr *ta = fwd_tan(fw, e->a), *tb = fwd_tan(fw, e->b);
        if (e->op == EX_SUB && tb)
            return ta ? ex_binary(EX_SUB, ta, tb, loc) : mk_neg(tb, loc);
        return sum(ta, tb, loc);
    }
    case EX_MUL: {
        if (!ty_is_float(e->ty))
            return NULL;
        Expr *ta = fwd_tan(fw, e->a), *tb = fwd_tan(fw, e->b);
        if (ta && ex_equal(e->a, e->b) && ex_is_pure(e->a))   /* (x x)' = 2 x x' */
            return mk_mul(mk_mul(mk_num(2.0, e->ty, loc), ex_copy(e->a), loc), ta, loc);
        return sum(ta ? mk_mul(ta, ex_copy(e->b), loc) : NULL, tb ? mk_mul(ex_copy(e->a), tb, loc) : NULL, loc);
    }
    case EX_DIV: {
        if (!ty_is_float(e->ty))
            return NULL;
        Expr *ta = fwd_tan(fw, e->a), *tb = fwd_tan(fw, e->b);
        return ta || tb ? tan_div(e, ta, tb) : NULL;
    }
    case EX_CAST: {
        if (!ty_is_float(e->ty))
            return NULL;
        Expr *t = fwd_tan(fw, e->a);
        if (!t)
            return NULL;
        Expr *c = ex_cast(e->ty, t, loc);
        c->implicit = e->implicit;
        return c;
    }
    case EX_COND: {
        if (!ty_is_float(e->ty))
            return NULL;
        Expr *tb = fwd_tan(fw, e->b), *tc = fwd_tan(fw, e->c);
        if (!tb && !tc)
            return NULL;
        return ex_cond(ex_copy(e->a), tb ? tb : zero(e), tc ? tc : zero(e), loc);
    }
    case EX_CALL:
        return ty_is_float(e->ty) ? tan_call(fw, e) : NULL;
    case EX_INT: case EX_FLT: case EX_SIZEOF: case EX_STOPGRAD: case EX_NOT: case EX_BITNOT:
    case EX_ADDR: case EX_MOD: case EX_SHL: case EX_SHR: case EX_LT: case EX_LE: case EX_GT:
    case EX_GE: case EX_EQ: case EX_NE: case EX_BAND: case EX_BXOR: case EX_BOR: case EX_LAND:
    case EX_LOR: case EX_INITLIST: case EX_COUNT_:
        return NULL;
    }
    return NULL;
}
