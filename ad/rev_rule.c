/* rev_rule.c: reverse mode of calls to functions with a user reverse rule
 * (ADCC_PULLBACK), and of the objects (ADCC_OBJECT_TYPE, e.g. tensors)
 * that calls create. The forward sweep calls the function itself; the
 * reverse sweep calls the rule with the arguments, each floating, pointer-
 * to-floating or object argument followed by its adjoint (NULL when it
 * carries none), then the result's seed. An object a call creates gets a
 * zeroed adjoint beside it, and the reverse sweep releases both once the
 * rule has run (every object the function creates is released there, at
 * the mirror of its creation), so the user's own releases leave the
 * forward sweep. */
#include "ad/rev.h"

#include <string.h>

/* p = elements(obj) (ADCC_ELEMENTS) or p = acc(obj2, obj) with acc the
 * accessor of an adjoint's elements that ADCC_ELEMENTS names: the object
 * whose memory p points into. */
Var *rule_elements_object(const Expr *c)
{
    c = ex_strip_casts((Expr *)c);
    if (!c || c->op != EX_CALL || !c->callee)
        return NULL;
    int k;
    if (rule_elements(c->callee) && c->args.len == 1)
        k = 0;
    else if (c->callee->elements_of && c->args.len == 2)
        k = 1;
    else
        return NULL;
    Expr *o = ex_strip_casts(c->args.items[k]);
    return o->op == EX_VAR && ty_is_object(o->ty) ? o->var : NULL;
}

void rev_elements_call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *decl)
{
    Loc loc = c->loc;
    rev_primal_call(fwd, lhs, c, decl);
    if (!act_var(rs->act, lhs->var))
        return;
    Var *o = rule_elements_object(c);
    Expr *a = ex_call(rule_elements(c->callee), rev_shadow(rs, lhs->var)->ty, loc);
    a->callee = ir_find_func(rs->m, a->text);
    vec_push(&a->args, ex_var(o, loc));
    vec_push(&a->args, ex_var(rev_shadow(rs, o), loc));
    Var *d = rev_shadow(rs, lhs->var);
    st_append(fwd, decl ? st_decl(d, a, loc) : st_assign(ex_var(d, loc), a, loc));
}

Type *rule_adjoint_type(const Type *t)
{
    if (ty_is_float(t))
        return ty_ptr(ty_const((Type *)t, false));
    if (ty_is_object(t))
        return ty_ptr(ty_const(t->base, false));
    if (ty_is_ptr_like(t) && ty_is_float(t->base))
        return ty_ptr(ty_const(t->base, false));
    return NULL;
}


static Stmt *release_stmt(const Type *t, Expr *obj, Loc loc)
{
    Expr *c = ex_call(ty_object_release(t), ty_void, loc);
    vec_push(&c->args, obj);
    return st_expr(c, loc);
}

/* The adjoint argument of parameter p; false when it carries none. */
static Expr *adjoint_arg(Rev *rs, Var *p, Expr *arg, Stmt *rev, Stmt *post, bool *active)
{
    Type *at = rule_adjoint_type(p->ty);
    *active = rev_arg_active(rs, p, arg);
    if (!*active)
        return ex_null(at, arg->loc);
    if (ty_is_float(p->ty))
        return rev_arg_adjoint(rs, arg, false, rev, post);
    Expr *core = ex_strip_casts(arg);
    if (ty_is_object(p->ty) && core->op != EX_VAR) {
        diag_error(arg->loc, "adcc cannot follow this expression to the adjoint of the object it gives; "
                             "assign the object to a variable first");
        return ex_null(at, arg->loc);
    }
    return rev_shadow_ptr(rs, core);
}

/* Whether the rule can add anything: the result carries a derivative, or
 * the function writes floating data through an active pointer argument. */
static bool rule_useful(Rev *rs, Func *g, Expr *c, bool ret_active)
{
    if (ret_active)
        return true;
    for (int i = 0; i < c->args.len && i < g->params.len; i++) {
        Var *p = g->params.items[i];
        if (ty_is_ptr_like(p->ty) && !ty_is_object(p->ty) && ty_is_float(p->ty->base) && !p->ty->base->is_const &&
            rev_arg_active(rs, p, c->args.items[i]))
            return true;
    }
    return false;
}

/* Whether the reverse sweep keeps (and finally releases) what the object
 * var v is set to by a call. Every object a differentiated function creates
 * is kept: the model may release it through another variable (an alias),
 * so which releases the reverse sweep still depends on cannot be told
 * apart; all of them leave the forward sweep instead. */
static bool kept_object(Rev *rs, const Var *v)
{
    return ty_is_object(v->ty) && v->id < rs->act->n;
}

void rev_object_created(Rev *rs, Expr *lhs, Stmt *rev)
{
    if (lhs && lhs->op == EX_VAR && kept_object(rs, lhs->var))
        st_append(rev, release_stmt(lhs->ty, ex_copy(lhs), lhs->loc));
}

bool rev_object_release_dropped(Rev *rs, const Expr *c)
{
    if (c->op != EX_CALL || c->args.len != 1)
        return false;
    Expr *arg = ex_strip_casts(c->args.items[0]);
    if (arg->op != EX_VAR || !ty_is_object(arg->ty) || strcmp(c->text, ty_object_release(arg->ty)) != 0)
        return false;
    return kept_object(rs, arg->var);
}

/* The forward sweep: the call itself, then a zeroed adjoint for an
 * active object it creates. */
static void forward_call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *decl, bool obj_active)
{
    Loc loc = c->loc;
    rev_primal_call(fwd, lhs, c, decl);
    if (!obj_active)
        return;
    Expr *z = ex_call(ty_object_zeros(lhs->ty), rule_adjoint_type(lhs->ty), loc);
    vec_push(&z->args, ex_copy(lhs));
    Var *d = rev_shadow(rs, lhs->var);
    st_append(fwd, decl ? st_decl(d, z, loc) : st_assign(ex_var(d, loc), z, loc));
}

void rev_rule_call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *rev, Stmt *decl)
{
    Func *g = c->callee;
    Loc loc = c->loc;
    bool obj = lhs && ty_is_object(lhs->ty);
    if (obj && lhs->op != EX_VAR) {
        diag_error(loc, "objects returned by '%s' must be assigned to a variable here", c->text);
        return;
    }
    bool ret_active = lhs && ty_is_value(lhs->ty) && act_expr(rs->act, lhs);
    /* overwriting an object variable: the reverse sweep restores the old
     * object, so it keeps the new one and its adjoint in temporaries */
    Stmt *pops = st_block(loc);
    if (!decl && lhs)
        rev_save(rs, lhs, fwd, pops, loc);
    forward_call(rs, lhs, c, fwd, decl, obj && ret_active);
    Expr *value = lhs ? ex_copy(lhs) : NULL, *seed = NULL;
    if (obj && ret_active)
        seed = ex_var(rev_shadow(rs, lhs->var), loc);
    if (obj && pops->items.len) {
        Var *tv = rev_temp(rs, "o", lhs->ty, loc);
        st_append(rev, st_decl(tv, ex_copy(lhs), loc));
        value = ex_var(tv, loc);
        if (seed) {
            Var *td = rev_temp(rs, "o", seed->ty, loc);
            st_append(rev, st_decl(td, seed, loc));
            seed = ex_var(td, loc);
        }
    }
    st_append_flat(rev, pops);
    if (g && rule_pullback(g) && rule_useful(rs, g, c, ret_active)) {
        Expr *rc = ex_call(rule_pullback(g), ty_void, loc);
        rc->callee = ir_find_func(rs->m, rule_pullback(g));
        Stmt *post = st_block(loc);
        for (int i = 0; i < c->args.len; i++) {
            Expr *arg = c->args.items[i];
            vec_push(&rc->args, ex_copy(arg));
            bool active;
            if (i < g->params.len && rule_adjoint_type(((Var *)g->params.items[i])->ty))
                vec_push(&rc->args, adjoint_arg(rs, g->params.items[i], arg, rev, post, &active));
        }
        if (ty_is_float(g->ret) && ret_active && !obj)
            vec_push(&rc->args, rev_take_seed(rs, lhs, rev));
        else if (ty_is_float(g->ret))
            vec_push(&rc->args, mk_num(0.0, g->ret, loc));
        else if (ty_is_object(g->ret))
            vec_push(&rc->args, seed ? ex_copy(seed) : ex_null(rule_adjoint_type(g->ret), loc));
        st_append(rev, st_expr(rc, loc));
        st_append_flat(rev, post);
    }
    if (obj && seed)
        st_append(rev, release_stmt(lhs->ty, ex_copy(seed), loc));
    if (obj && kept_object(rs, lhs->var))
        st_append(rev, release_stmt(lhs->ty, value, loc));
}
