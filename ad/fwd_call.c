/* fwd_call.c: forward mode of statements that are calls. A call of a
 * function of the file becomes a call of its forward version (arguments
 * each followed by their tangent, then &t_y for the result); a function
 * with ADCC_PUSHFORWARD(rule) is replaced by its rule, called the same
 * way; objects (tensors) get their tangents from rules and are released
 * beside them. Differentiating f_grad (for f_hvp) meets adcc's own tape:
 * every pushed floating value or pointer to floating data is followed on
 * the tape by its tangent (zero or NULL when it has none) and popped back
 * in the mirror order, so forward and reverse sweeps stay aligned
 * whatever each one knows about activity. */
#include "ad/fwd.h"

#include <string.h>

/* lv = call (or a declaration) with the call replaced: casts around it kept. */
static Expr *with_call(Expr *e, Expr *c, Expr *nc)
{
    if (e == c)
        return nc;
    ADCC_ASSERT(e->op == EX_CAST);
    Expr *copy = ex_cast(e->ty, with_call(e->a, c, nc), e->loc);
    copy->implicit = e->implicit;
    return copy;
}

static void emit_call(Stmt *out, Stmt *s, Expr *lhs, Expr *c, Expr *nc)
{
    Loc loc = c->loc;
    if (s && s->kind == ST_DECL)
        st_append(out, st_decl(s->var, with_call(s->init, c, nc), loc));
    else if (s && s->kind == ST_ASSIGN)
        st_append(out, st_assign(s->lhs, with_call(s->rhs, c, nc), loc));
    else if (s)
        st_append(out, st_expr(with_call(s->expr, c, nc), loc));
    else
        st_append(out, lhs ? st_assign(lhs, nc, loc) : st_expr(nc, loc));
}

static Stmt *call_stmt(const char *name, Expr *arg, Loc loc)
{
    Expr *c = ex_call(name, ty_void, loc);
    vec_push(&c->args, arg);
    return st_expr(c, loc);
}

static bool ptr_to_float(const Type *t)
{
    return t && ty_is_ptr_like(t) && !ty_is_object(t) && ty_is_float(t->base);
}

/* ---- adcc's tape, redo log and free ---- */

/* The tangent of an active object variable (f_grad pushes and pops the
 * tensors its reverse sweep needs), or NULL. */
static Expr *object_tangent(Fwd *fw, Expr *e)
{
    if (e->op != EX_VAR || !ty_is_object(e->ty) || !fwd_active_var(fw, e->var))
        return NULL;
    return ex_var(fwd_tangent(fw, e->var), e->loc);
}

/* The tangent of what a snapshot transfer moves: &x of an active scalar
 * or pointer variable (&v_x), or active floating memory (its tangent
 * memory); NULL for inactive state (ints, constants). */
static Expr *snapshot_tangent(Fwd *fw, Expr *p)
{
    if (p->op == EX_ADDR) {
        Expr *x = p->a;
        if (ty_is_float(x->ty) && fwd_active(fw, x))
            return ex_unary(EX_ADDR, fwd_tan_lvalue(fw, x), p->loc);
        if (x->op == EX_VAR && ptr_to_float(x->ty) && fwd_active_var(fw, x->var))
            return ex_unary(EX_ADDR, ex_var(fwd_tangent(fw, x->var), p->loc), p->loc);
        return NULL;
    }
    if (ptr_to_float(p->ty) && act_roots_active(fw->act, p))
        return fwd_tan_ptr(fw, p);
    return NULL;
}

static bool tape_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out)
{
    Loc loc = c->loc;
    const char *n = c->text;
    if (strcmp(n, "adcc_push_d") == 0 || strcmp(n, "adcc_push_f") == 0) {
        fwd_primal(out, s, lhs, c);
        st_append(out, call_stmt(n, fwd_tan_or_zero(fw, c->args.items[0]), loc));
        return true;
    }
    if (strcmp(n, "adcc_push_p") == 0) {
        /* every pointer is followed by one (NULL unless it points to active
         * floating data): a pop whose value clean-up dropped still knows */
        fwd_primal(out, s, lhs, c);
        Expr *p = ex_strip_casts(c->args.items[0]);
        Expr *t = ptr_to_float(p->ty) ? fwd_tan_ptr(fw, p) : object_tangent(fw, p);
        st_append(out, call_stmt(n, t ? t : ex_null(ty_ptr(ty_void), loc), loc));
        return true;
    }
    bool pop_value = strcmp(n, "adcc_pop_d") == 0 || strcmp(n, "adcc_pop_f") == 0;
    if (pop_value || strcmp(n, "adcc_pop_p") == 0) {
        Expr *pop = ex_call(n, c->ty, loc);
        Expr *t = NULL;
        if (lhs && pop_value && ty_is_float(lhs->ty) && fwd_active(fw, lhs))
            t = fwd_tan_lvalue(fw, lhs);
        else if (lhs && !pop_value)
            t = ptr_to_float(lhs->ty) && fwd_active_var(fw, lhs->var) ? fwd_tan_ptr(fw, lhs) : object_tangent(fw, lhs);
        if (t)
            st_append(out, st_assign(t, pop_value ? pop : ex_cast(ty_const(lhs->ty, false), pop, loc), loc));
        else
            st_append(out, st_expr(pop, loc));
        fwd_primal(out, s, lhs, c);
        return true;
    }
    bool push_array = strcmp(n, "adcc_push_array_d") == 0 || strcmp(n, "adcc_push_array_f") == 0;
    if (push_array || strcmp(n, "adcc_pop_array_d") == 0 || strcmp(n, "adcc_pop_array_f") == 0) {
        /* the range's tangent (NULL: zeros) is pushed after it, popped before */
        Expr *p = ex_strip_casts(c->args.items[0]);
        Expr *tan = ex_call(n, ty_void, loc);
        vec_push(&tan->args, fwd_tan_ptr(fw, p));
        vec_push(&tan->args, ex_copy(c->args.items[1]));
        if (push_array)
            fwd_primal(out, s, lhs, c);
        st_append(out, st_expr(tan, loc));
        if (!push_array)
            fwd_primal(out, s, lhs, c);
        return true;
    }
    if (strcmp(n, "adcc_redo_d") == 0 || strcmp(n, "adcc_redo_f") == 0) {
        fwd_primal(out, s, lhs, c);
        Expr *a = ex_strip_casts(c->args.items[0]);
        if (a->op == EX_ADDR && fwd_active(fw, a->a))
            st_append(out, call_stmt(n, ex_unary(EX_ADDR, fwd_tan_lvalue(fw, a->a), loc), loc));
        return true;
    }
    if ((strcmp(n, "adcc_ckpt_put") == 0 || strcmp(n, "adcc_ckpt_get") == 0) && c->args.len == 3) {
        /* a snapshot of active state holds its tangent too, right after it */
        fwd_primal(out, s, lhs, c);
        Expr *t = snapshot_tangent(fw, ex_strip_casts(c->args.items[1]));
        if (t) {
            Expr *tc = ex_call(n, ty_void, loc);
            vec_push(&tc->args, ex_copy(c->args.items[0]));
            vec_push(&tc->args, t);
            vec_push(&tc->args, ex_copy(c->args.items[2]));
            st_append(out, st_expr(tc, loc));
        }
        return true;
    }
    if (strcmp(n, "free") == 0 && c->args.len == 1) {
        fwd_primal(out, s, lhs, c);
        Expr *p = ex_strip_casts(c->args.items[0]);
        if (p->op == EX_VAR && ptr_to_float(p->ty) && fwd_active_var(fw, p->var))
            st_append(out, call_stmt("free", ex_var(fwd_tangent(fw, p->var), loc), loc));
        return true;
    }
    return false;
}

/* release(x) of an active object: its tangent goes with it. */
static bool release_call(Fwd *fw, Stmt *s, Expr *c, Stmt *out)
{
    if (c->args.len != 1)
        return false;
    Expr *a = ex_strip_casts(c->args.items[0]);
    if (a->op != EX_VAR || !ty_is_object(a->ty) || strcmp(c->text, ty_object_release(a->ty)) != 0)
        return false;
    fwd_primal(out, s, NULL, c);
    if (fwd_active_var(fw, a->var))
        st_append(out, call_stmt(c->text, ex_var(fwd_tangent(fw, a->var), c->loc), c->loc));
    return true;
}

/* ---- arguments ---- */

static bool arg_active(Fwd *fw, Var *param, Expr *arg)
{
    if (ty_is_value(param->ty))
        return fwd_active(fw, arg);
    return ptr_to_float(param->ty) && act_roots_active(fw->act, arg);
}

/* The tangent argument after arg for parameter p (a rule's or a spec's). */
static Expr *tangent_arg(Fwd *fw, Var *p, Expr *arg)
{
    if (!arg_active(fw, p, arg)) {
        if (ty_is_float(p->ty))
            return mk_num(0.0, p->ty, arg->loc);
        return ex_null(p->ty, arg->loc);
    }
    if (ty_is_float(p->ty))
        return fwd_tan_or_zero(fw, arg);
    if (ty_is_object(p->ty)) {
        Expr *core = ex_strip_casts(arg);
        if (core->op != EX_VAR) {
            diag_error(arg->loc, "adcc cannot follow this expression to the tangent of the object it gives; "
                                 "assign the object to a variable first");
            return ex_null(p->ty, arg->loc);
        }
        return ex_var(fwd_tangent(fw, core->var), arg->loc);
    }
    return fwd_tan_ptr(fw, arg);
}

/* Where the callee writes the result's tangent: &t_y, declared first when
 * the statement declares y; a temporary when y carries none. */
static Expr *result_dest(Fwd *fw, Stmt *s, Expr *lhs, Type *ret, bool active, Stmt *out, Var **tmp)
{
    Loc loc = s ? s->loc : lhs->loc;
    Expr *zero = ty_is_object(ret) ? ex_null(ty_const(ret, false), loc) : mk_num(0.0, ret, loc);
    *tmp = NULL;
    if (!active) {
        *tmp = fwd_temp(fw, "tn", ret, loc);
        st_append(out, st_decl(*tmp, zero, loc));
        return ex_unary(EX_ADDR, ex_var(*tmp, loc), loc);
    }
    if (s && s->kind == ST_DECL) {
        st_append(out, st_decl(fwd_tangent(fw, s->var), zero, loc));
        return ex_unary(EX_ADDR, ex_var(fwd_tangent(fw, s->var), loc), loc);
    }
    return ex_unary(EX_ADDR, fwd_tan_lvalue(fw, lhs), loc);
}


/* An active lhs that the call gives no tangent: zero (a value) or zeros
 * like it (an object), after the primal call. */
static void zero_result(Fwd *fw, Stmt *s, Expr *lhs, Stmt *out)
{
    if (!lhs || !ty_is_value(lhs->ty) || !fwd_active(fw, lhs))
        return;
    Loc loc = lhs->loc;
    Expr *z;
    if (ty_is_object(lhs->ty)) {
        z = ex_call(ty_object_zeros(lhs->ty), ty_const(lhs->ty, false), loc);
        vec_push(&z->args, ex_copy(lhs));
    } else {
        z = mk_num(0.0, lhs->ty, loc);
    }
    Expr *t = fwd_tan_lvalue(fw, lhs);
    st_append(out, s && s->kind == ST_DECL ? st_decl(fwd_tangent(fw, s->var), z, loc) : st_assign(t, z, loc));
}

/* The call's activity: which parameters get tangents, whether its result does. */
static unsigned long long call_mask(Fwd *fw, Func *g, Expr *c, bool *objects)
{
    unsigned long long mask = 0;
    *objects = false;
    for (int i = 0; i < c->args.len && i < g->params.len && i < MAX_PARAMS; i++)
        if (arg_active(fw, g->params.items[i], c->args.items[i])) {
            mask |= 1ull << i;
            *objects |= ty_is_object(((Var *)g->params.items[i])->ty);
        }
    return mask;
}

static void rule_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out, bool ret_active)
{
    Func *g = c->callee;
    Loc loc = c->loc;
    Expr *rc = ex_call(rule_pushforward(g), c->ty, loc);
    rc->callee = ir_find_func(fw->m, rc->text);
    for (int i = 0; i < c->args.len; i++) {
        Expr *arg = c->args.items[i];
        vec_push(&rc->args, ex_copy(arg));
        Var *p = i < g->params.len ? g->params.items[i] : NULL;
        if (p && (ty_is_float(p->ty) || ty_is_object(p->ty) || ptr_to_float(p->ty)))
            vec_push(&rc->args, tangent_arg(fw, p, arg));
    }
    Var *tmp = NULL;
    if (ty_is_float(g->ret) || ty_is_object(g->ret))
        vec_push(&rc->args, result_dest(fw, s, lhs, g->ret, ret_active, out, &tmp));
    emit_call(out, s, lhs, c, rc);
    if (tmp && ty_is_object(g->ret))
        st_append(out, call_stmt(ty_object_release(g->ret), ex_var(tmp, loc), loc));
}

static void no_rule(Fwd *fw, Func *g, Loc loc, bool objects)
{
    const char *why = objects ? "it takes or returns objects that carry derivatives, and adcc differentiates "
                                "such functions only through a rule"
                              : "it has no body in this file";
    diag_error(loc, "no forward derivative rule for '%s': %s; give it one with ADCC_PUSHFORWARD(%s_jvp) "
                    "on its declaration", g->name, why, g->name);
    if (rule_pullback(g))
        diag_note(g->loc, "'%s' has a reverse rule (ADCC_PULLBACK); forward mode needs its forward rule too",
                  g->name);
    if (fw->spec->naming == FWD_HVP)
        diag_note(loc, "f_hvp differentiates f_grad in forward mode, and f_grad calls '%s' here (a reverse "
                       "rule is differentiated like any function: give it a body or a forward rule)", g->name);
}

/* A library function that only reads active objects (adt_size): primal. */
static bool only_reads_objects(Fwd *fw, Func *g, Expr *c)
{
    for (int i = 0; i < c->args.len && i < g->params.len; i++) {
        Var *p = g->params.items[i];
        if (!arg_active(fw, p, c->args.items[i]))
            continue;
        if (!ty_is_object(p->ty) || !p->ty->base->is_const)
            return false;
    }
    return true;
}

static void spec_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out, unsigned long long mask, bool ret_active)
{
    Func *g = c->callee;
    FwdSpec *sp = fwd_spec(fw->m, g, mask, ret_active, fw->spec->naming);
    Expr *fc = ex_call(sp->out->name, c->ty, c->loc);
    fc->callee = sp->out;
    for (int i = 0; i < c->args.len; i++) {
        Expr *arg = c->args.items[i];
        vec_push(&fc->args, ex_copy(arg));
        if (mask >> i & 1)
            vec_push(&fc->args, tangent_arg(fw, g->params.items[i], arg));
    }
    Var *tmp = NULL;
    if (ret_active)
        vec_push(&fc->args, result_dest(fw, s, lhs, g->ret, true, out, &tmp));
    emit_call(out, s, lhs, c, fc);
}

/* p = elements(o) (ADCC_ELEMENTS(acc)): t_p = acc(o, t_o), the elements of
 * o's tangent; p = acc(o, d_o) (f_grad's adjoint elements, seen by f_hvp):
 * t_p = acc(o, t_d_o). A NULL tangent object when it has none. */
static void elements_tangent(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out)
{
    Func *g = c->callee;
    Var *o = rule_elements_object(c);
    Var *t = fwd_tangent(fw, lhs->var);
    Expr *a = ex_call(rule_elements(g) ? rule_elements(g) : g->name, t->ty, c->loc);
    a->callee = ir_find_func(fw->m, a->text);
    vec_push(&a->args, ex_copy(c->args.items[0]));
    /* the accessor takes a mutable adjoint; a const tensor's tangent is const */
    Type *at = a->callee && a->callee->params.len == 2 ? ((Var *)a->callee->params.items[1])->ty
                                                        : ty_const(o->ty, false);
    Expr *t_o = fwd_active_var(fw, o) ? ex_var(fwd_tangent(fw, o), c->loc) : ex_null(at, c->loc);
    bool same = at->kind == TY_PTR && t_o->ty->base->is_const == at->base->is_const;
    vec_push(&a->args, same ? t_o : ex_cast(at, t_o, c->loc));
    st_append(out, s && s->kind == ST_DECL ? st_decl(t, a, c->loc) : st_assign(ex_var(t, c->loc), a, c->loc));
}

/* o = zeros(x), the object type's constructor of zeros (f_grad's adjoints):
 * o's value does not depend on x's, and its tangent is zeros too, an object
 * a rule can accumulate into (NULL would read as zero but drop what rules
 * add to it). */
static bool zeros_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out)
{
    if (!lhs || !ty_is_object(lhs->ty) || !ty_object_zeros(lhs->ty) || strcmp(c->text, ty_object_zeros(lhs->ty)))
        return false;
    fwd_primal(out, s, lhs, c);
    zero_result(fw, s, lhs, out);
    return true;
}

bool fwd_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out)
{
    Func *g = c->callee;
    if (!g || !g->body) {
        if (tape_call(fw, s, lhs, c, out) || zeros_call(fw, s, lhs, c, out) || release_call(fw, s, c, out))
            return true;
    }
    if (!g)
        return false;
    bool ret_active = lhs && ty_is_value(lhs->ty) && fwd_active(fw, lhs);
    if (lhs && lhs->op == EX_VAR && rule_elements_object(c)) {
        fwd_primal(out, s, lhs, c);
        if (ret_active || (ptr_to_float(lhs->ty) && fwd_active_var(fw, lhs->var)))
            elements_tangent(fw, s, lhs, c, out);
        return true;
    }
    if (lhs && lhs->op == EX_VAR && ptr_to_float(lhs->ty) && fwd_active_var(fw, lhs->var) && !act_is_alloc(c)) {
        diag_error(c->loc, "the pointer returned by '%s' reaches data that carries derivatives, and adcc cannot "
                           "give it a tangent; pass the buffer in as a parameter, allocate it here with "
                           "malloc/calloc, or return an index instead of a pointer", c->text);
        return true;
    }
    bool objects;
    unsigned long long mask = call_mask(fw, g, c, &objects);
    objects |= ret_active && ty_is_object(lhs->ty);
    if (rule_pushforward(g) && (mask || ret_active)) {
        if (mask)
            rule_call(fw, s, lhs, c, out, ret_active);
        else {
            fwd_primal(out, s, lhs, c);
            zero_result(fw, s, lhs, out);
        }
        return true;
    }
    if (!mask || (!g->body && only_reads_objects(fw, g, c) && !ret_active)) {
        fwd_primal(out, s, lhs, c);
        zero_result(fw, s, lhs, out);
        return true;
    }
    if (!g->body || objects) {
        no_rule(fw, g, c->loc, objects);
        return true;
    }
    if (c->args.len > MAX_PARAMS) {
        diag_error(c->loc, "'%s' has more than %d parameters; pass the values in arrays instead", g->name, MAX_PARAMS);
        return true;
    }
    spec_call(fw, s, lhs, c, out, mask, ret_active);
    return true;
}
