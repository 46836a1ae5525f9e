/* forward.c: forward mode. Each statement is preceded by its tangent
 * statement (t_y = tangent of the right-hand side, computed from the values
 * it reads before the statement overwrites any of them); control flow,
 * loops and integer code are kept as they are, and nothing is taped.
 * Calls of the file's functions become calls of their forward versions,
 * specialised per activity pattern. f_jvp differentiates a user function;
 * f_hvp differentiates f_grad (forward over reverse): v_x is the direction
 * of x and hv_x the tangent of its adjoint d_x, H v. */
#include "ad/fwd.h"

#include <string.h>

static Vec specs;          /* FwdSpec*, in creation order */
static const TapeRoots *tape_roots;   /* of the sweeps f_hvp differentiates */

static Stmt *copy_stmt(const Stmt *s)
{
    Stmt *c = st_new(s->kind, s->loc);
    *c = *s;
    return c;
}

void fwd_primal(Stmt *out, Stmt *s, Expr *lhs, Expr *c)
{
    if (s)
        st_append(out, copy_stmt(s));
    else
        st_append(out, lhs ? st_assign(lhs, c, c->loc) : st_expr(c, c->loc));
}

/* ---- scalar values ---- */

static bool mentions_var(const Expr *e, void *ctx)
{
    return e->op == EX_VAR && e->var == ctx;
}

/* e with every subexpression equal to what replaced by the variable v. */
static Expr *substitute(Expr *e, const Expr *what, Var *v)
{
    if (!e)
        return NULL;
    if (ex_equal(e, what))
        return ex_var(v, e->loc);
    e->a = substitute(e->a, what, v);
    e->b = substitute(e->b, what, v);
    e->c = substitute(e->c, what, v);
    for (int i = 0; i < e->args.len; i++)
        e->args.items[i] = substitute(e->args.items[i], what, v);
    return e;
}

static bool contains_equal(const Expr *e, void *what)
{
    return ex_equal(e, what);
}

/* lhs = rhs (or a declaration of lhs's variable) with lhs a floating
 * value that carries a tangent. When rhs is a math call whose partial
 * repeats it (exp, sqrt, tanh), the primal runs first and the tangent
 * reads its result instead of calling the function again. */
static void value_assign(Fwd *fw, Stmt *s, Expr *lhs, Expr *rhs, Stmt *out)
{
    Loc loc = s->loc;
    Expr *t = fwd_tan(fw, rhs);
    bool is_decl = s->kind == ST_DECL;
    bool reuse = t && lhs->op == EX_VAR && rhs->op == EX_CALL && !ex_any(rhs, mentions_var, lhs->var) &&
                 ex_any(t, contains_equal, rhs);
    if (reuse) {
        fwd_primal(out, s, NULL, NULL);
        t = substitute(t, rhs, lhs->var);
    }
    if (!t)
        t = mk_num(0.0, lhs->ty, loc);
    if (is_decl) {
        st_append(out, st_decl(fwd_tangent(fw, lhs->var), t, loc));
    } else {
        Expr *tl = fwd_tan_lvalue(fw, lhs);
        if (!ex_equal(tl, t))   /* y += 1.0: the tangent stays */
            st_append(out, st_assign(tl, t, loc));
    }
    if (!reuse)
        fwd_primal(out, s, NULL, NULL);
}

/* p = q + k, p = malloc(n), h = other_object: the tangent follows. */
static void pointer_assign(Fwd *fw, Stmt *s, Expr *lhs, Expr *rhs, Stmt *out)
{
    Loc loc = s->loc;
    Var *t = fwd_tangent(fw, lhs->var);
    bool is_decl = s->kind == ST_DECL;
    Expr *tr;
    bool after = false;
    if (!rhs) {
        tr = ex_null(t->ty->kind == TY_ARRAY ? ty_ptr(t->ty->base) : t->ty, loc);
    } else if (act_is_alloc(rhs)) {
        tr = ad_shadow_alloc(rhs, t->ty);
        after = true;
    } else if (ty_is_object(lhs->ty)) {
        /* an object from one without a tangent (NULL, an inactive input):
         * NULL, which rules read as zero */
        tr = fwd_tan(fw, rhs);
        if (!tr)
            tr = ex_null(t->ty, loc);
    } else {
        tr = fwd_tan_ptr(fw, rhs);
    }
    if (after)
        fwd_primal(out, s, NULL, NULL);
    st_append(out, is_decl ? st_decl(t, tr, loc) : st_assign(ex_var(t, loc), tr, loc));
    if (!after)
        fwd_primal(out, s, NULL, NULL);
}

static Stmt *zero_array(Var *t, Loc loc)
{
    return st_decl(t, ex_zero_list(t->ty, loc), loc);
}

static void declare(Fwd *fw, Stmt *s, Stmt *out)
{
    Var *v = s->var;
    Loc loc = s->loc;
    Expr *core = s->init ? ex_strip_casts(s->init) : NULL;
    if (core && core->op == EX_CALL && fwd_call(fw, s, ex_var(v, loc), core, out))
        return;
    if (!fwd_active_var(fw, v)) {
        fwd_primal(out, s, NULL, NULL);
        return;
    }
    if (v->ty->kind == TY_ARRAY) {
        /* lowering leaves only constant initializer lists: a zero tangent */
        st_append(out, zero_array(fwd_tangent(fw, v), loc));
        fwd_primal(out, s, NULL, NULL);
    } else if (ty_is_ptr_like(v->ty)) {
        pointer_assign(fw, s, ex_var(v, loc), s->init, out);
    } else if (s->init) {
        value_assign(fw, s, ex_var(v, loc), s->init, out);
    } else {
        st_append(out, st_decl(fwd_tangent(fw, v), mk_num(0.0, v->ty, loc), loc));
        fwd_primal(out, s, NULL, NULL);
    }
}

static void assign(Fwd *fw, Stmt *s, Stmt *out)
{
    Expr *lhs = s->lhs, *rhs = s->rhs, *core = ex_strip_casts(s->rhs);
    if (core->op == EX_CALL && fwd_call(fw, s, lhs, core, out))
        return;
    if (lhs->op == EX_VAR && ty_is_ptr_like(lhs->ty)) {
        if (fwd_active_var(fw, lhs->var))
            pointer_assign(fw, s, lhs, rhs, out);
        else
            fwd_primal(out, s, NULL, NULL);
        return;
    }
    if (ty_is_float(lhs->ty) && fwd_active(fw, lhs))
        value_assign(fw, s, lhs, rhs, out);
    else
        fwd_primal(out, s, NULL, NULL);
}

static void expr_stmt(Fwd *fw, Stmt *s, Stmt *out)
{
    Expr *core = ex_strip_casts(s->expr);
    if (core->op == EX_CALL && fwd_call(fw, s, NULL, core, out))
        return;
    fwd_primal(out, s, NULL, NULL);
}

static void return_stmt(Fwd *fw, Stmt *s, Stmt *out)
{
    if (s->expr && fw->t_ret) {
        Loc loc = s->loc;
        st_append(out, st_assign(ex_deref(ex_var(fw->t_ret, loc), loc), fwd_tan_or_zero(fw, s->expr), loc));
    }
    fwd_primal(out, s, NULL, NULL);
}

/* ---- control flow ---- */

static Stmt *body_of(Fwd *fw, Stmt *s)
{
    if (!s)
        return NULL;
    Stmt *b = st_block(s->loc);
    if (s->kind == ST_BLOCK) {
        for (int i = 0; i < s->items.len; i++)
            fwd_stmt(fw, s->items.items[i], b);
    } else {
        fwd_stmt(fw, s, b);
    }
    return b;
}

static bool is_continue(const Stmt *s, void *ctx)
{
    (void)ctx;
    return s->kind == ST_CONTINUE;
}

/* for (init; cond; step): a tangent statement of the init goes before the
 * loop, one of the step at the end of the body, just before the step. */
static void for_loop(Fwd *fw, Stmt *s, Stmt *out)
{
    Stmt *loop = copy_stmt(s);
    Stmt *outer = NULL;
    if (s->init_s) {
        Stmt *init = st_block(s->loc);
        fwd_stmt(fw, s->init_s, init);
        loop->init_s = init->items.items[init->items.len - 1];
        if (init->items.len > 1) {
            outer = st_block(s->loc);
            for (int i = 0; i < init->items.len - 1; i++)
                st_append(outer, init->items.items[i]);
        }
    }
    loop->body = body_of(fw, s->body);
    if (s->step) {
        Stmt *step = st_block(s->loc);
        fwd_stmt(fw, s->step, step);
        loop->step = step->items.items[step->items.len - 1];
        if (step->items.len > 1) {
            if (st_any(s->body, is_continue, NULL))
                diag_error(s->loc, "adcc cannot differentiate a for loop whose step updates a value that "
                                   "carries derivatives when its body has 'continue'; update it in the body");
            for (int i = 0; i < step->items.len - 1; i++)
                st_append(loop->body, step->items.items[i]);
        }
    }
    if (outer) {
        st_append(outer, loop);
        st_append(out, outer);
    } else {
        st_append(out, loop);
    }
}

static void stmt_kind(Fwd *fw, Stmt *s, Stmt *out)
{
    switch (s->kind) {
    case ST_DECL: declare(fw, s, out); return;
    case ST_ASSIGN: assign(fw, s, out); return;
    case ST_EXPR: expr_stmt(fw, s, out); return;
    case ST_RETURN: return_stmt(fw, s, out); return;
    case ST_IF: {
        Stmt *c = copy_stmt(s);
        c->then = body_of(fw, s->then);
        c->els = body_of(fw, s->els);
        st_append(out, c);
        return;
    }
    case ST_FOR: for_loop(fw, s, out); return;
    case ST_WHILE: case ST_DO: case ST_SWITCH: {
        Stmt *c = copy_stmt(s);
        c->body = body_of(fw, s->body);
        st_append(out, c);
        return;
    }
    case ST_BLOCK: st_append(out, body_of(fw, s)); return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        st_append(out, copy_stmt(s));
        return;
    }
    ADCC_UNREACHABLE();
}

void fwd_stmt(Fwd *fw, Stmt *s, Stmt *out)
{
    stmt_kind(fw, s, out);
}

/* ---- functions ---- */

FwdSpec *fwd_spec(Module *m, Func *f, unsigned long long mask, bool ret_active, FwdNaming naming)
{
    (void)m;
    int same_name = 0;
    for (int i = 0; i < specs.len; i++) {
        FwdSpec *s = specs.items[i];
        if (s->fn == f && s->mask == mask && s->ret_active == ret_active && s->naming == naming)
            return s;
        same_name += s->fn == f && s->naming == naming;
    }
    ad_report_unsupported(f);
    FwdSpec *sp = ir_alloc(sizeof(FwdSpec));
    sp->fn = f;
    sp->mask = mask;
    sp->ret_active = ret_active;
    sp->naming = naming;
    const char *sfx = same_name ? ir_format("_%d", same_name + 1) : "";
    sp->out = ad_new_func(ir_format("%s_%s%s", f->name, naming == FWD_HVP ? "hvp" : "jvp", sfx), f->ret, f->loc,
                          true);
    vec_push(&specs, sp);
    return sp;
}

/* Parameters: each active one followed by its tangent, then R *t_ret. */
static void gen_spec(Module *m, FwdSpec *sp)
{
    Func *f = sp->fn, *g = sp->out;
    Fwd fw = {.m = m, .spec = sp, .fn = f};
    fw.act = act_analyze_taped(m, f, sp->mask, sp->ret_active, tape_roots);
    fw.tan = ir_alloc(sizeof(Var *) * (size_t)fw.act->n);
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        vec_push(&g->params, p);
        if (sp->mask >> i & 1)
            vec_push(&g->params, fwd_tangent(&fw, p));
    }
    if (sp->ret_active) {
        fw.t_ret = ir_var(m, sp->naming == FWD_HVP ? "v_ret" : "t_ret", ty_ptr(ty_const(f->ret, false)),
                          VAR_PARAM, f->loc);
        fw.t_ret->generated = true;
        vec_push(&g->params, fw.t_ret);
    }
    /* a scalar parameter left out of the active ones and made active by an
     * assignment: its tangent is a local that starts at zero */
    Stmt *zeros = st_block(f->loc);
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        if (!(sp->mask >> i & 1) && ty_is_float(p->ty) && fwd_active_var(&fw, p)) {
            Var *t = fwd_tangent(&fw, p);
            t->kind = VAR_LOCAL;
            st_append(zeros, st_decl(t, mk_num(0.0, p->ty, p->loc), p->loc));
        }
    }
    g->body = body_of(&fw, f->body);
    for (int i = zeros->items.len - 1; i >= 0; i--)
        vec_insert(&g->body->items, 0, zeros->items.items[i]);
}

static void gen_pending(Module *m)
{
    for (int i = 0; i < specs.len; i++) {
        FwdSpec *sp = specs.items[i];
        if (!sp->done) {
            sp->done = true;
            gen_spec(m, sp);
        }
    }
}

/* The exported derivative: the spec's function, renamed and made extern. */
static Func *exported(Module *m, Func *f, unsigned long long mask, bool ret_active, FwdNaming naming,
                      const char *name)
{
    FwdSpec *sp = fwd_spec(m, f, mask, ret_active, naming);
    Func *g = ad_new_func(name, f->ret, f->loc, false);
    sp->done = true;
    sp->out = g;
    gen_spec(m, sp);
    /* callers of the same pattern (recursion) call the exported function */
    return g;
}

/* Generated sweeps call each other by name; forward mode follows calls
 * through their callee, so link them. */
static void link_calls(Vec *funcs);

static bool link_expr(const Expr *e, void *ctx)
{
    Expr *c = (Expr *)e;
    Vec *funcs = ctx;
    if (c->op != EX_CALL || c->callee)
        return false;
    for (int i = 0; i < funcs->len; i++) {
        Func *f = funcs->items[i];
        if (strcmp(f->name, c->text) == 0)
            c->callee = f;
    }
    return false;
}

static void link_calls(Vec *funcs)
{
    for (int i = 0; i < funcs->len; i++) {
        Func *f = funcs->items[i];
        if (f->body)
            st_any_expr(f->body, link_expr, funcs);
    }
}

void ad_forward(Module *m, Vec *hvp_grads, Vec *out)
{
    Vec tops = {0};
    specs = (Vec){0};   /* a module's own: the last one's are in a freed arena */
    tape_roots = NULL;
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (!ad_has_annot(f, AN_JVP) || !f->body)
            continue;
        if (f->unsupported) {
            diag_error(f->unsupported_loc, "%s", f->unsupported);
            continue;
        }
        vec_push(&tops, exported(m, f, ad_annot_mask(f, AN_JVP), ty_is_float(f->ret), FWD_JVP,
                                 ir_format("%s_jvp", f->name)));
    }
    Vec linked = {0};
    for (int i = 0; i < out->len; i++)
        vec_push(&linked, out->items[i]);
    for (int i = 0; i < hvp_grads->len; i++)
        vec_push(&linked, hvp_grads->items[i]);
    link_calls(&linked);
    tape_roots = hvp_grads->len ? act_tape_roots(m, &linked) : NULL;
    for (int i = 0; i < hvp_grads->len; i++) {
        Func *g = hvp_grads->items[i];
        Func *f = g->origin;
        /* every active parameter and its adjoint d_x */
        unsigned long long mask = 0, fmask = ad_annot_mask(f, AN_HVP);
        for (int k = 0, j = 0; k < f->params.len; k++, j++) {
            if (!(fmask >> k & 1))
                continue;
            mask |= 3ull << j;
            j++;
        }
        vec_push(&tops, exported(m, g, mask, false, FWD_HVP, ir_format("%s_hvp", f->name)));
    }
    gen_pending(m);
    for (int i = 0; i < specs.len; i++) {
        FwdSpec *sp = specs.items[i];
        if (sp->out->is_static)
            vec_push(out, sp->out);
    }
    for (int i = 0; i < tops.len; i++)
        vec_push(out, tops.items[i]);
}
