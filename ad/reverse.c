/* reverse.c: reverse mode in split form. Each statement yields a pair: what
 * goes into the forward sweep (the primal, pushes of to-be-recorded values
 * and control decisions) and what goes into the reverse sweep (pops, then
 * adjoint statements). Calls of the file's functions become calls of the
 * callee's forward sweep and, in reverse order, of its reverse sweep,
 * specialised per activity pattern; f_grad runs both sweeps in one body. */
#include "ad/rev.h"

#include <limits.h>
#include <string.h>



static Stmt *blk(Loc loc) { return st_block(loc); }

static Stmt *free_stmt(Expr *p, Loc loc)
{
    Expr *c = ex_call("free", ty_void, loc);
    vec_push(&c->args, p);
    return st_expr(c, loc);
}

/* Whether pointer expression p may point into the memory of f_grad's
 * caller: in f_grad, any pointer parameter's (or an unknown target); in a
 * helper's sweeps, a pointer parameter that its caller marked so (Spec's
 * redo). The reverse sweep restores what it overwrote there, and f_grad
 * replays the final values at its end (adcc_redo_apply). */
bool rev_caller_memory(Rev *rs, const Expr *p)
{
    if (rs->in_turn)
        return false;
    Vec roots = {0};
    act_roots(rs->act, p, &roots);
    if (rs->joint && roots.len == 0)
        return true;
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        int k = r->kind == VAR_PARAM ? vec_index(&rs->fn->params, r) : -1;
        if (k >= 0 && (rs->joint || (k < MAX_PARAMS && (rs->spec->redo >> k & 1))))
            return true;
    }
    return false;
}

/* Whether the reverse sweep reads variable v's value from before an
 * assignment at the current position (with what is known to be read). */
static bool var_read_before(Rev *rs, const Var *v)
{
    int id = v->id;
    return id < rs->act->n && rs->needed[id] && (rs->min_read[id] <= rs->pos || rs->min_read[id] == INT_MAX);
}

/* Whether the old value of the lvalue must be saved before it is overwritten. */
static bool must_save(Rev *rs, Expr *lhs)
{
    if (rs->scan)
        return false;
    if (lhs->op == EX_VAR)
        return var_read_before(rs, lhs->var);
    return rev_mem_must_save(rs, lhs);
}

void rev_save(Rev *rs, Expr *lhs, Stmt *fwd, Stmt *rev, Loc loc)
{
    if (!must_save(rs, lhs)) {
        /* the scan sees the reads of the restore the second pass will make */
        if (rs->scan && lhs->op != EX_VAR && (ty_is_float(lhs->ty) || ty_is_int(lhs->ty)) &&
            (rev_mem_saved_anyway(rs, lhs) || rev_mem_must_save(rs, lhs)))
            st_append(rev, st_assign(ex_copy(lhs), mk_num(0.0, lhs->ty, loc), loc));
        /* and, once an earlier scan has found the memory or v read, the
         * loops around the restore (their counters and bounds are read:
         * rev_func.c scans until nothing new is found) */
        if (rs->scan && lhs->op == EX_VAR && var_read_before(rs, lhs->var))
            st_append(rev, st_assign(ex_copy(lhs), ty_is_ptr_like(lhs->ty) ? ex_null(lhs->ty, loc)
                                                   : mk_num(0.0, lhs->ty, loc), loc));
        return;
    }
    st_append(fwd, rev_push(lhs, loc));
    if (lhs->op == EX_VAR && lhs->var->kind == VAR_GLOBAL)
        rev_note_restored(lhs->var);
    if (lhs->op != EX_VAR && (ty_is_float(lhs->ty) || ty_is_int(lhs->ty)) && rev_caller_memory(rs, lhs->a)) {
        st_append(rev, rev_redo_log(ex_copy(lhs), loc));
        rs->redo = true;
    }
    st_append(rev, rev_pop(lhs, loc));
    if (lhs->op == EX_VAR && ty_is_ptr_like(lhs->ty) && act_var(rs->act, lhs->var)) {
        Expr *d = ex_var(rev_shadow(rs, lhs->var), loc);
        st_append(fwd, rev_push(d, loc));
        vec_insert(&rev->items, 0, rev_pop(d, loc));
    }
}

/* adcc_redo_d(&lv), adcc_redo_f(&lv) or adcc_redo_n(&lv, sizeof(T)): the
 * newer value of the caller's memory, logged before the restore. */
Stmt *rev_redo_log(Expr *lv, Loc loc)
{
    Type *t = lv->ty;
    Expr *c = ex_call(t->kind == TY_FLOAT ? "adcc_redo_f" : t->kind == TY_DOUBLE ? "adcc_redo_d" : "adcc_redo_n",
                      ty_void, loc);
    Expr *addr = ex_unary(EX_ADDR, lv, loc);
    addr->ty = ty_ptr(t);
    vec_push(&c->args, addr);
    if (ty_is_int(t)) {
        Expr *size = ex_new(EX_SIZEOF, ty_size, loc);
        size->text = ir_format("sizeof(%s)", t->name);
        vec_push(&c->args, size);
    }
    return st_expr(c, loc);
}

/* ---- calls of the file's functions ---- */

bool rev_arg_active(Rev *rs, Var *param, Expr *arg)
{
    if (ty_is_value(param->ty))
        return act_expr(rs->act, arg);
    return ty_is_ptr_like(param->ty) && ty_is_active_type(param->ty) && act_roots_active(rs->act, arg);
}

/* A pointer that carries derivatives but comes from a call: adcc has no
 * shadow for it (pointer-returning functions are not differentiated). */
static bool pointer_from_call(Rev *rs, Expr *lhs, Expr *rhs)
{
    if (rs->scan || !lhs || lhs->op != EX_VAR || !ty_is_ptr_like(lhs->ty) || ty_is_object(lhs->ty) ||
        !act_var(rs->act, lhs->var))
        return false;
    Expr *c = ex_strip_casts(rhs);
    if (c->op != EX_CALL || act_is_alloc(c))
        return false;
    diag_error(c->loc, "the pointer returned by '%s' reaches data that carries derivatives, and adcc cannot "
                       "give it a shadow; pass the buffer in as a parameter, allocate it here with "
                       "malloc/calloc, or return an index instead of a pointer", c->text);
    return true;
}

void rev_primal_call(Stmt *fwd, Expr *lhs, Expr *c, Stmt *decl)
{
    if (decl)
        st_append(fwd, decl);
    else
        st_append(fwd, lhs ? st_assign(lhs, c, c->loc) : st_expr(c, c->loc));
}

Expr *rev_arg_adjoint(Rev *rs, Expr *arg, bool shared, Stmt *rev, Stmt *post)
{
    Loc loc = arg->loc;
    Expr *core = ex_strip_casts(arg);
    if (!shared && (core->op == EX_VAR || core->op == EX_INDEX)) {
        Expr *lv = rev_adj_lvalue(rs, core);
        if (ty_equal(ty_const(lv->ty, false), ty_const(arg->ty, false)))
            return lv->op == EX_DEREF ? lv->a : ex_unary(EX_ADDR, lv, loc);
    }
    Var *t = rev_temp(rs, "a", arg->ty, loc);
    st_append(rev, st_decl(t, mk_num(0.0, arg->ty, loc), loc));
    rev_adj_expr(rs, arg, ex_var(t, loc), post);
    return ex_unary(EX_ADDR, ex_var(t, loc), loc);
}

Expr *rev_take_seed(Rev *rs, Expr *lhs, Stmt *rev)
{
    Loc loc = lhs->loc;
    Expr *d = rev_adj_lvalue(rs, lhs);
    Var *t = rev_temp(rs, "a", lhs->ty, loc);
    st_append(rev, st_decl(t, d, loc));
    st_append(rev, st_assign(ex_copy(d), mk_num(0.0, lhs->ty, loc), loc));
    return ex_var(t, loc);
}

/* A library function that only looks at active objects (adt_size,
 * adt_print): they reach it through const parameters, and what it returns
 * carries no derivative. */
static bool only_reads_objects(Rev *rs, Func *g, Expr *c, bool ret_active)
{
    if (ret_active)
        return false;
    for (int i = 0; i < c->args.len && i < g->params.len; i++) {
        Var *p = g->params.items[i];
        if (!rev_arg_active(rs, p, c->args.items[i]))
            continue;
        if (!ty_is_object(p->ty) || !p->ty->base->is_const)
            return false;
    }
    return true;
}

/* An inactive call of a helper that overwrites memory the reverse sweep
 * reads (tmp in `fill(k, tmp); y += x[k] * tmp[1];`): the primal call alone
 * would leave every reverse iteration the last call's values, so the
 * helper's sweeps save and restore that memory, unless the reverse sweep
 * makes the call again (rev_recompute_calls). The scan marks what that
 * restore reads: the arguments, not the memory it restores. */
static bool inactive_restores(Rev *rs, Expr *c, Stmt *rev)
{
    Func *g = c->callee;
    unsigned long long again = rev_recompute_nosave(rs, c);
    bool writes = false, needed = false;
    for (int i = 0; i < c->args.len && i < g->params.len; i++) {
        Expr *arg = c->args.items[i];
        if ((again >> i & 1) || !ty_is_ptr_like(arg->ty) || !act_writes_param(rs->m, g, i))
            continue;
        writes = true;
        needed |= !rs->scan && rev_mem_root_needed(rs, arg);
    }
    if (writes && rs->scan) {
        Expr *mark = ex_new(EX_INITLIST, ty_void, c->loc);
        for (int i = 0; i < c->args.len; i++)
            vec_push(&mark->args, ex_copy(c->args.items[i]));
        st_append(rev, st_expr(mark, c->loc));
    }
    return needed;
}


static void call_sweeps(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *rev, Stmt *decl);

/* Whether the reverse sweep reads any global's value: most do not, and
 * then no call needs its callees' globals walked. */
static bool global_read(Rev *rs)
{
    for (int i = 0; i < rs->m->globals.len; i++) {
        const Var *g = rs->m->globals.items[i];
        if (g->id < rs->act->n && rs->needed[g->id])
            return true;
    }
    return false;
}

/* A global the callee assigns, whose value from before the call the
 * reverse sweep reads (calls++ in a recursive helper): saved before the
 * call, restored after the call's reverse part. */
static void save_globals(Rev *rs, const Expr *c, Stmt *fwd, Stmt *restore)
{
    if (rs->scan || !c->callee || !c->callee->body || !global_read(rs))
        return;
    Vec gs = {0};
    rev_globals_assigned(c->callee, &gs);
    for (int i = 0; i < gs.len; i++) {
        Var *g = gs.items[i];
        if (!(ty_is_int(g->ty) || ty_is_float(g->ty) || g->ty->kind == TY_PTR) || !var_read_before(rs, g))
            continue;
        st_append(fwd, rev_push(ex_var(g, c->loc), c->loc));
        vec_insert(&restore->items, 0, rev_pop(ex_var(g, c->loc), c->loc));
        rev_note_restored(g);
    }
}

static void call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *rev, Stmt *decl)
{
    Stmt *restore = blk(c->loc);
    save_globals(rs, c, fwd, restore);
    call_sweeps(rs, lhs, c, fwd, rev, decl);
    st_append_flat(rev, restore);
}

static void call_sweeps(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *rev, Stmt *decl)
{
    Func *g = c->callee;
    Loc loc = c->loc;
    if (rule_pullback(g)) {
        rev_rule_call(rs, lhs, c, fwd, rev, decl);
        return;
    }
    if (lhs && lhs->op == EX_VAR && rule_elements(c->callee) && rule_elements_object(c)) {
        rev_elements_call(rs, lhs, c, fwd, decl);
        return;
    }
    if (pointer_from_call(rs, lhs, c))
        return;
    unsigned long long mask = 0;
    bool ret_active = lhs && ty_is_value(lhs->ty) && act_expr(rs->act, lhs);
    bool objects = ret_active && ty_is_object(lhs->ty);
    for (int i = 0; i < c->args.len && i < g->params.len; i++)
        if (rev_arg_active(rs, g->params.items[i], c->args.items[i])) {
            mask |= 1ull << i;
            objects |= ty_is_object(((Var *)g->params.items[i])->ty);
        }
    bool restores = !mask && !ret_active && g->body && !g->unsupported && c->args.len <= MAX_PARAMS &&
                    inactive_restores(rs, c, rev);
    if (((!mask && !ret_active) || (!g->body && only_reads_objects(rs, g, c, ret_active))) && !restores) {
        rev_primal_call(fwd, lhs, c, decl);
        rev_object_created(rs, lhs, rev);
        return;
    }
    if (!mask && !g->body && ty_is_object(lhs->ty)) {
        /* a fresh object (adt_zeros) that the model then fills */
        rev_rule_call(rs, lhs, c, fwd, rev, decl);
        return;
    }
    if (objects) {
        if (!rs->scan)
            diag_error(loc, "no derivative rule for '%s': it takes or returns objects that carry derivatives, "
                            "and adcc differentiates such functions only through a rule; give it one with "
                            "ADCC_PULLBACK(%s_pullback) on its declaration", g->name, g->name);
        return;
    }
    if (!g->body) {
        diag_error(loc, "no derivative rule for '%s': it has no body in this file; give it a rule with "
                        "ADCC_PULLBACK(%s_pullback) on its declaration", g->name, g->name);
        return;
    }
    if (c->args.len > MAX_PARAMS) {
        diag_error(loc, "'%s' has more than %d parameters; pass the values in arrays instead", g->name, MAX_PARAMS);
        return;
    }
    /* the callee's restores in f_grad's caller's memory are logged too */
    unsigned long long redo = 0;
    for (int i = 0; i < c->args.len && i < g->params.len && i < MAX_PARAMS; i++)
        if (ty_is_ptr_like(((Expr *)c->args.items[i])->ty) && rev_caller_memory(rs, c->args.items[i]) &&
            !ty_scalar(((Var *)g->params.items[i])->ty)->is_const && act_writes_param(rs->m, g, i))
            redo |= 1ull << i;
    rs->redo |= redo != 0;
    Spec *sp = rev_spec(rs->m, g, mask, ret_active, rev_recompute_nosave(rs, c), redo);
    Expr *fc = ex_call(sp->fwd->name, c->ty, loc), *rc = ex_call(sp->rev->name, ty_void, loc);
    /* linked now: clean-up keeps a call with a callee even when its result
     * is unused (the sweep writes through pointers and pushes the tape) */
    fc->callee = sp->fwd;
    rc->callee = sp->rev;
    Stmt *post = blk(loc);
    for (int i = 0; i < c->args.len; i++) {
        Expr *arg = c->args.items[i];
        vec_push(&fc->args, ex_copy(arg));
        vec_push(&rc->args, ex_copy(arg));
        if (!(mask >> i & 1))
            continue;
        if (ty_is_ptr_like(arg->ty)) {
            vec_push(&fc->args, rev_shadow_ptr(rs, arg));
            vec_push(&rc->args, rev_shadow_ptr(rs, arg));
        } else {
            vec_push(&rc->args, rev_arg_adjoint(rs, arg, rev_arg_may_share(c, mask, i), rev, post));
        }
    }
    if (rev_checkpointed_call(c)) {
        /* the plain call now; its forward sweep again in the reverse sweep */
        Stmt *saves = blk(loc);
        if (!rev_checkpoint_call(rs, c, saves, rev))
            return;
        st_append_flat(fwd, saves);
        rev_primal_call(fwd, lhs, c, decl);
        st_append(rev, st_expr(fc, loc));
    } else if (decl) {
        st_append(fwd, st_decl(decl->var, fc, loc));
    } else if (lhs) {
        st_append(fwd, st_assign(lhs, fc, loc));
    } else {
        st_append(fwd, st_expr(fc, loc));
    }
    if (ret_active)
        vec_push(&rc->args, rev_take_seed(rs, lhs, rev));
    st_append(rev, st_expr(rc, loc));
    st_append_flat(rev, post);
}

/* ---- assignments and declarations ---- */

static bool mentions(const Expr *e, const Expr *lv)
{
    if (!e)
        return false;
    if (ex_equal(e, lv))
        return true;
    if (lv->op != EX_VAR && (e->op == EX_INDEX || e->op == EX_DEREF))
        return true; /* may alias */
    for (int i = 0; i < e->args.len; i++)
        if (mentions(e->args.items[i], lv))
            return true;
    return mentions(e->a, lv) || mentions(e->b, lv) || mentions(e->c, lv);
}

/* `T v = f(u)` with v never assigned again: the partial of f written over
 * v (exp u is v itself), which the reverse sweep has restored; NULL when f
 * has no such form. */
static Expr *partial_over_result(Rev *rs, const Expr *lhs, const Expr *rhs)
{
    if (lhs->op != EX_VAR || rhs->op != EX_CALL || rhs->callee || rhs->args.len != 1 ||
        !ty_equal(lhs->ty, rhs->ty) || lhs->var->id >= rs->act->n || rs->rc.var_written[lhs->var->id])
        return NULL;
    const MathRule *r = rule_find(rhs->text);
    return r ? rule_partial_of_result(r, lhs, lhs->ty, rhs->loc) : NULL;
}

/* Adjoint of lhs = rhs: read d_lhs, clear it, propagate into rhs. */
static void adjoint_assign(Rev *rs, Expr *lhs, Expr *rhs, Stmt *rev, bool is_decl)
{
    Loc loc = lhs->loc;
    Expr *d = rev_adj_lvalue(rs, lhs);
    if (!act_expr(rs->act, rhs)) {
        if (!is_decl)
            st_append(rev, st_assign(d, mk_num(0.0, lhs->ty, loc), loc));
        return;
    }
    Expr *over = is_decl ? partial_over_result(rs, lhs, rhs) : NULL;
    if (over) {
        rev_adj_expr(rs, rhs->args.items[0], mk_mul(d, over, loc), rev);
        return;
    }
    if (is_decl || (lhs->op == EX_VAR && !mentions(rhs, lhs))) {
        rev_adj_expr(rs, rhs, d, rev);
        if (!is_decl)
            st_append(rev, st_assign(ex_copy(d), mk_num(0.0, lhs->ty, loc), loc));
        return;
    }
    /* lhs += e: d_lhs keeps its value (the identity part) and e's leaves
     * receive it; correct even when a leaf is lhs's own cell */
    bool incr = (rhs->op == EX_ADD || rhs->op == EX_SUB) && ex_equal(rhs->a, lhs);
    if (incr && lhs->op == EX_VAR && !mentions(rhs->b, lhs)) {
        rev_adj_expr(rs, rhs->b, rhs->op == EX_SUB ? mk_neg(ex_copy(d), loc) : ex_copy(d), rev);
        return;
    }
    Var *t = rev_temp(rs, "a", lhs->ty, loc);
    st_append(rev, st_decl(t, d, loc));
    if (incr) {
        rev_adj_expr(rs, rhs->b, rhs->op == EX_SUB ? mk_neg(ex_var(t, loc), loc) : ex_var(t, loc), rev);
        return;
    }
    st_append(rev, st_assign(ex_copy(d), mk_num(0.0, lhs->ty, loc), loc));
    rev_adj_expr(rs, rhs, ex_var(t, loc), rev);
}

/* i = i + c on an integer (li++ beside a loop counter) or a pointer (p++
 * walking an array): the reverse sweep recovers the old value exactly by
 * i = i - c, without the tape. */
static Expr *inverse_step(const Expr *lhs, const Expr *rhs)
{
    if (lhs->op != EX_VAR || (!ty_is_int(lhs->ty) && lhs->ty->kind != TY_PTR) ||
        (rhs->op != EX_ADD && rhs->op != EX_SUB) ||
        rhs->a->op != EX_VAR || rhs->a->var != lhs->var || rhs->b->op != EX_INT)
        return NULL;
    return ex_binary(rhs->op == EX_ADD ? EX_SUB : EX_ADD, ex_copy(lhs), ex_copy(rhs->b), rhs->loc);
}

static void assign(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Expr *lhs = s->lhs, *rhs = s->rhs;
    Loc loc = s->loc;
    if (rhs->op == EX_CALL && rule_pullback(rhs->callee)) {
        rev_rule_call(rs, lhs, rhs, fwd, rev, NULL);
        return;
    }
    Stmt *pops = blk(loc);
    Expr *inverse = inverse_step(lhs, rhs);
    if (inverse && must_save(rs, lhs)) {
        st_append(pops, st_assign(ex_copy(lhs), inverse, loc));
        if (lhs->ty->kind == TY_PTR && act_var(rs->act, lhs->var)) {
            Expr *d = ex_var(rev_shadow(rs, lhs->var), loc);
            st_append(pops, st_assign(d, ex_binary(inverse->op, ex_copy(d), ex_copy(inverse->b), loc), loc));
        }
    }
    /* a function of the file pushes its own entries */
    bool split = rhs->op == EX_CALL && rhs->callee && rhs->callee->body;
    Stmt *saves = blk(loc);
    if (!inverse)
        rev_save(rs, lhs, split ? saves : fwd, pops, loc);
    Stmt *adj = blk(loc);
    if (rhs->op == EX_CALL && rhs->callee) {
        /* x = f(..): x's old value goes on the tape after f's own entries,
         * which f's reverse sweep pops after x is restored */
        Stmt *after = blk(loc);
        for (int i = 0; i < saves->items.len; i++) {
            Stmt *push = saves->items.items[i];
            Expr *old = push->expr->args.items[0];
            Var *t = rev_temp(rs, "old", old->ty, loc);
            st_append(fwd, st_decl(t, ex_copy(old), loc));
            push->expr->args.items[0] = ex_var(t, loc);
            st_append(after, push);
        }
        call(rs, lhs, rhs, fwd, adj, NULL);
        st_append_flat(fwd, after);
    } else {
        st_append(fwd, s);
        if (lhs->op == EX_VAR && ty_is_ptr_like(lhs->ty) && act_var(rs->act, lhs->var)) {
            Expr *d = ex_var(rev_shadow(rs, lhs->var), loc);
            if (act_is_alloc(rhs)) {
                st_append(fwd, st_assign(d, ad_shadow_alloc(rhs, d->ty), loc));
                st_append(adj, free_stmt(ex_copy(d), loc));
                st_append(adj, free_stmt(ex_copy(lhs), loc));
            } else if (!pointer_from_call(rs, lhs, rhs)) {
                st_append(fwd, st_assign(d, rev_shadow_ptr(rs, rhs), loc));
            }
        } else if (ty_is_float(lhs->ty) && act_expr(rs->act, lhs)) {
            adjoint_assign(rs, lhs, rhs, adj, false);
        }
    }
    /* reverse: restore the old value first; the adjoint reads the values
     * the right-hand side saw */
    st_append_flat(rev, pops);
    st_append_flat(rev, adj);
    if (!rs->scan && lhs->op == EX_VAR && !act_var(rs->act, lhs->var) && act_is_alloc(rhs) &&
        rs->needed_mem[lhs->var->id])
        st_append(rev, free_stmt(ex_copy(lhs), loc));
}

static void declare(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Var *v = s->var;
    Loc loc = s->loc;
    if (s->init && s->init->op == EX_CALL && s->init->callee) {
        call(rs, ex_var(v, loc), s->init, fwd, rev, s);
        return;
    }
    if (v->ty->kind == TY_ARRAY && ty_scalar(v->ty)->kind != TY_INT && v->ty->base->kind == TY_PTR && !rs->scan) {
        diag_error(loc, "arrays of pointers ('%s') are not supported in differentiated code; "
                        "index one flat array instead", v->name);
        return;
    }
    if (!s->init && v->ty->kind == TY_ARRAY && !rs->scan && (act_var(rs->act, v) || rs->needed_mem[v->id])) {
        /* its old contents get saved before writes: give them a value */
        s->init = ex_zero_list(v->ty, loc);
    }
    if (!s->init && v->ty->kind != TY_ARRAY && !rs->scan)
        s->init = ty_is_ptr_like(v->ty) ? ex_null(v->ty, loc)
                : ty_is_float(v->ty) ? mk_num(0.0, v->ty, loc) : ex_int(0, loc);
    st_append(fwd, s);
    if (!act_var(rs->act, v)) {
        if (!rs->scan && s->init && act_is_alloc(s->init) && rs->needed_mem[v->id])
            st_append(rev, free_stmt(ex_var(v, loc), loc));
        return;
    }
    Var *d = rev_shadow(rs, v);
    if (ty_is_float(v->ty) && act_addr_taken(rs->act, v))
        st_append(fwd, st_decl(d, mk_num(0.0, v->ty, loc), loc)); /* &d_x goes where &x goes */
    if (v->ty->kind == TY_ARRAY) {
        st_append(fwd, st_decl(d, ex_zero_list(d->ty, loc), loc));
    } else if (ty_is_ptr_like(v->ty)) {
        if (s->init && act_is_alloc(s->init)) {
            st_append(fwd, st_decl(d, ad_shadow_alloc(s->init, d->ty), loc));
            st_append(rev, free_stmt(ex_var(d, loc), loc));
            st_append(rev, free_stmt(ex_var(v, loc), loc));
        } else if (!(s->init && pointer_from_call(rs, ex_var(v, loc), s->init))) {
            st_append(fwd, st_decl(d, s->init ? rev_shadow_ptr(rs, s->init) : NULL, loc));
        }
    } else if (s->init) {
        adjoint_assign(rs, ex_var(v, loc), s->init, rev, true);
    }
}

/* free(p): memory the reverse sweep may still read is freed by the reverse
 * sweep of its allocation instead. */
static void expr_stmt(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Expr *e = s->expr;
    if (rev_object_release_dropped(rs, e))
        return;
    if (e->op == EX_CALL && e->callee) {
        call(rs, NULL, e, fwd, rev, NULL);
        return;
    }
    if (e->op == EX_CALL && strcmp(e->text, "free") == 0 && e->args.len == 1) {
        Var *p = act_base_var(e->args.items[0]);
        if (p && p->id < rs->act->n && (act_var(rs->act, p) || rs->scan || rs->needed_mem[p->id]))
            return;
    }
    st_append(fwd, s);
}

static void return_stmt(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    if (!s->expr)
        return;
    rs->result = rev_temp(rs, "result", rs->fn->ret, s->loc);
    rs->result->name = "adcc_result";
    st_append(fwd, st_decl(rs->result, s->expr, s->loc));
    if (rs->seed && act_expr(rs->act, s->expr))
        rev_adj_expr(rs, s->expr, rs->seed, rev);
}

static void stmt_kind(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    switch (s->kind) {
    case ST_DECL: declare(rs, s, fwd, rev); return;
    case ST_ASSIGN: assign(rs, s, fwd, rev); return;
    case ST_EXPR: expr_stmt(rs, s, fwd, rev); return;
    case ST_IF: rev_if(rs, s, fwd, rev); return;
    case ST_FOR: case ST_WHILE: case ST_DO: rev_loop(rs, s, fwd, rev); return;
    case ST_BLOCK: {
        Stmt *f = blk(s->loc), *r = blk(s->loc);
        rev_body(rs, s, f, r, false);
        st_append(fwd, f);
        if (r->items.len)
            st_append(rev, r);
        return;
    }
    case ST_RETURN: return_stmt(rs, s, fwd, rev); return;
    case ST_COMMENT: st_append(fwd, s); return;
    case ST_SWITCH: case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE:
        break;
    }
    ADCC_UNREACHABLE();
}

void rev_stmt(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    rs->pos++;
    vec_push(&rs->ctx, s);
    stmt_kind(rs, s, fwd, rev);
    rs->ctx.len--;
}

/* A local array the reverse sweep reads after its scope ends (a fresh
 * array per loop iteration, or a helper's array between its forward and
 * reverse sweeps): every element is pushed at the end of the scope and
 * popped, last first, when the reverse sweep enters it; floating arrays
 * in one call, others element by element. */
static Stmt *array_tape(Rev *rs, Var *v, bool push)
{
    Loc loc = v->loc;
    long long n = 1;
    Expr *first = ex_var(v, loc);
    for (Type *t = v->ty; t->kind == TY_ARRAY; t = t->base) {
        n *= t->len;
        if (t->base->kind == TY_ARRAY)
            first = ex_index(first, ex_int(0, loc), loc);
    }
    /* a multi-dimensional array's elements in order: (&t[0][0])[k] */
    Expr *p = first;
    if (first->op != EX_VAR) {
        p = ex_unary(EX_ADDR, ex_index(first, ex_int(0, loc), loc), loc);
        p->ty = ty_ptr(ty_scalar(v->ty));
    }
    if (ty_is_float(ty_scalar(v->ty))) {
        bool dbl = ty_scalar(v->ty)->kind == TY_DOUBLE;
        Expr *c = ex_call(push ? (dbl ? "adcc_push_array_d" : "adcc_push_array_f")
                               : (dbl ? "adcc_pop_array_d" : "adcc_pop_array_f"), ty_void, loc);
        vec_push(&c->args, p);
        vec_push(&c->args, ex_int(n, loc));
        return st_expr(c, loc);
    }
    Var *k = rev_temp(rs, "k", ty_long, loc);
    Expr *cell = ex_index(p, ex_var(k, loc), loc);
    Stmt *loop = st_new(ST_FOR, loc);
    loop->body = st_block(loc);
    if (push) {
        loop->init_s = st_decl(k, ex_int(0, loc), loc);
        loop->cond = ex_binary(EX_LT, ex_var(k, loc), ex_int(n, loc), loc);
        loop->step = st_assign(ex_var(k, loc), ex_binary(EX_ADD, ex_var(k, loc), ex_int(1, loc), loc), loc);
        st_append(loop->body, rev_push(cell, loc));
    } else {
        loop->init_s = st_decl(k, ex_int(n - 1, loc), loc);
        loop->cond = ex_binary(EX_GE, ex_var(k, loc), ex_int(0, loc), loc);
        loop->step = st_assign(ex_var(k, loc), ex_binary(EX_SUB, ex_var(k, loc), ex_int(1, loc), loc), loc);
        st_append(loop->body, rev_pop(cell, loc));
    }
    return loop;
}

/* The array that pointer v always points into, when it is declared in
 * this block or one around it that the reverse sweep declares anew; NULL
 * when there is none or more than one. */
static Var *local_base(Rev *rs, Var *v)
{
    if (v->ty->kind != TY_PTR)
        return NULL;
    Vec roots = {0};
    act_roots(rs->act, &(Expr){.op = EX_VAR, .var = v, .ty = v->ty}, &roots);
    if (roots.len != 1)
        return NULL;
    Var *r = roots.items[0];
    return r->ty->kind == TY_ARRAY && vec_has(&rs->scope_locals, r) ? r : NULL;
}

/* p = base + k at the block's end: k on the tape; the reverse block sets
 * p = base + k and d_p = d_base + k in its own base and d_base. */
static void pointer_offset(Rev *rs, Var *v, Var *base, bool active, Stmt *fwd, Stmt *pops)
{
    Loc loc = v->loc;
    Expr *off = ex_binary(EX_SUB, ex_var(v, loc), ex_var(base, loc), loc);
    off->ty = ty_long;
    st_append(fwd, rev_push(ex_cast(ty_long, off, loc), loc));
    Stmt *b = st_block(loc);
    Var *k = rev_temp(rs, "off", ty_long, loc);
    st_append(b, st_decl(k, ex_call("adcc_pop_l", ty_long, loc), loc));
    Expr *at = ex_binary(EX_ADD, ex_var(base, loc), ex_var(k, loc), loc);
    at->ty = v->ty;
    st_append(b, st_assign(ex_var(v, loc), at, loc));
    if (active) {
        Var *d = rev_shadow(rs, v);
        Expr *dat = ex_binary(EX_ADD, ex_var(rev_shadow(rs, base), loc), ex_var(k, loc), loc);
        dat->ty = d->ty;
        st_append(b, st_assign(ex_var(d, loc), dat, loc));
    }
    vec_insert(&pops->items, 0, b);
}

/* A block: forward items in order; at its end, locals the reverse sweep
 * reads are pushed (they die with the block); the reverse block declares
 * them again, pops them, declares the adjoints, then runs the items'
 * reverse parts in reverse order. */
void rev_body(Rev *rs, Stmt *b, Stmt *fwd, Stmt *rev, bool fn_body)
{
    Vec parts = {0}, locals = {0};
    bool keep_scope = fn_body && rs->joint;
    int scope = rs->scope_locals.len;
    /* where each item's forward part starts: for fusing loops in f_grad */
    bool fuse = fn_body && rs->joint && !rs->scan;
    int *fwd_at = fuse ? ir_alloc(sizeof(int) * (size_t)(b->items.len + 1)) : NULL;
    Stmt *recalls = blk(b->loc);
    rev_recompute_calls(rs, b, recalls);
    for (int i = 0; i < b->items.len; i++) {
        Stmt *s = b->items.items[i];
        Stmt *r = blk(s->loc);
        int first = rs->pos + 1;
        if (fuse)
            fwd_at[i] = fwd->items.len;
        if (fn_body)
            vec_push(&rs->top_first, (void *)(intptr_t)first);
        rev_stmt(rs, s, fwd, r);
        if (rs->scan && fn_body) {
            /* nested items' reads count from the function-level item holding them */
            rs->mark_pos = first;
            rev_mark_reads(rs, r);
            rs->mark_pos = -1;
        }
        vec_push(&parts, r);
        if (s->kind == ST_DECL) {
            vec_push(&locals, s->var);
            if (!keep_scope)
                vec_push(&rs->scope_locals, s->var);
            rev_recompute_consider(rs, s->var, s->init);
        }
    }
    if (fuse) {
        fwd_at[b->items.len] = fwd->items.len;
        rev_fuse(rs, b, fwd, fwd_at, &parts);
    }
    Stmt *head = blk(b->loc), *pops = blk(b->loc), *again = blk(b->loc);
    for (int i = 0; i < locals.len; i++) {
        Var *v = locals.items[i];
        bool active = act_var(rs->act, v);
        bool needed = !rs->scan && (rs->needed[v->id] || (v->ty->kind == TY_ARRAY && rs->needed_mem[v->id]));
        bool by_offset = false;   /* the shadow pointer is set without the tape */
        if (!keep_scope && needed) {
            st_append(head, st_decl(v, NULL, v->loc));
            if (v->ty->kind == TY_ARRAY && needed) {
                st_append(fwd, array_tape(rs, v, true));
                vec_insert(&pops->items, 0, array_tape(rs, v, false));
            } else if (needed && rev_recompute_init_of(rs, v)) {
                Expr *init = rev_recompute_init_of(rs, v);
                st_append(again, st_assign(ex_var(v, v->loc), ex_copy(init), v->loc));
                if (active && v->ty->kind == TY_PTR) {
                    /* p = &x again: d_p = &d_x, the reverse sweep's own d_x */
                    st_append(again, st_assign(ex_var(rev_shadow(rs, v), v->loc), rev_shadow_ptr(rs, init), v->loc));
                    by_offset = true;
                }
            } else if (needed && local_base(rs, v)) {
                /* a pointer into an array of this block or one around it,
                 * which the reverse block declares anew: its offset is
                 * saved, not its address */
                pointer_offset(rs, v, local_base(rs, v), active, fwd, pops);
                by_offset = true;
            } else if (needed) {
                st_append(fwd, rev_push(ex_var(v, v->loc), v->loc));
                vec_insert(&pops->items, 0, rev_pop(ex_var(v, v->loc), v->loc));
            }
            if (active && v->ty->kind == TY_PTR) {
                Var *d = rev_shadow(rs, v);
                st_append(head, st_decl(d, NULL, v->loc));
                if (needed && !by_offset) {
                    st_append(fwd, rev_push(ex_var(d, v->loc), v->loc));
                    vec_insert(&pops->items, 0, rev_pop(ex_var(d, v->loc), v->loc));
                }
            }
        } else if (!keep_scope && !rs->scan && rs->written[v->id]) {
            st_append(head, st_decl(v, NULL, v->loc));   /* written, no value read */
        }
        Var *base = !keep_scope && rs->scan && rs->needed[v->id] ? local_base(rs, v) : NULL;
        if (base)
            rs->written[base->id] = true;   /* p = base + k: the reverse block declares base */
        if (active && ty_is_float(v->ty) && !(keep_scope && act_addr_taken(rs->act, v)) &&
            !(fn_body && rev_hoisted(rs, v)))
            st_append(head, st_decl(rev_shadow(rs, v), mk_num(0.0, v->ty, v->loc), v->loc));
        if (active && !keep_scope && v->ty->kind == TY_ARRAY && !rs->scan) {
            /* the adjoints of a fresh array start at zero */
            st_append(head, st_decl(rev_shadow(rs, v), ex_zero_list(v->ty, v->loc), v->loc));
        }
    }
    rs->scope_locals.len = scope;
    for (int i = 0; i < head->items.len; i++)
        st_append(rev, head->items.items[i]);
    for (int i = 0; i < pops->items.len; i++)
        st_append(rev, pops->items.items[i]);
    for (int i = 0; i < again->items.len; i++)
        st_append(rev, again->items.items[i]);
    for (int i = 0; i < recalls->items.len; i++)
        st_append(rev, recalls->items.items[i]);
    for (int i = parts.len - 1; i >= 0; i--)
        st_append_flat(rev, parts.items[i]);
}
