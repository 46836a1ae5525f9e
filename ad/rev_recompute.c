/* rev_recompute.c: recomputation instead of taping. A local that the
 * reverse sweep reads is normally pushed when its block ends and popped
 * when the reverse sweep enters the block. When the local is set once, by
 * its declaration, from arithmetic on values that never change (parameters
 * and locals that are never reassigned, the counters of enclosing counted
 * loops, memory the function never writes), the reverse sweep evaluates the
 * initializer again instead: for memory-bound loops such as
 * `double a = x[i+1] - x[i]*x[i];` this removes the tape traffic.
 *
 * The first (scan) pass records the candidates; once the scan knows which
 * locals the reverse sweep reads, rev_recompute_close marks what the
 * initializers of the needed candidates read, to a fixpoint; the second
 * pass emits `v = init;` in place of the pop. */
#include "ad/rev.h"

#include <string.h>

/* ---- what the function may change ---- */

static void write_roots(Rev *rs, const Expr *ptr)
{
    Vec roots = {0};
    act_roots(rs->act, ptr, &roots);
    if (roots.len == 0)
        rs->rc.unknown_write = true;
    for (int i = 0; i < roots.len; i++)
        rs->rc.mem_written[((Var *)roots.items[i])->id] = true;
}

/* Whether a call may write through its argument i. */
static bool call_writes_arg(Rev *rs, const Expr *c, int i)
{
    const Expr *arg = c->args.items[i];
    if (!ty_is_ptr_like(arg->ty))
        return false;
    if (c->callee) {
        if (!c->callee->body)
            return i >= c->callee->params.len ||
                   !ty_scalar(((Var *)c->callee->params.items[i])->ty)->is_const ||
                   ((Var *)c->callee->params.items[i])->ty->base->kind == TY_PTR;
        return i < c->callee->params.len && act_writes_param(rs->m, c->callee, i);
    }
    /* free() ends the memory: as good as a write for recomputation */
    return strcmp(c->text, "free") == 0 || !arg->ty->base || !arg->ty->base->is_const;
}

static bool note_write(const Expr *e, void *ctx)
{
    Rev *rs = ctx;
    if (e->op == EX_ADDR && e->a->op == EX_VAR && e->a->var->id < rs->act->n)
        rs->rc.var_written[e->a->var->id] = rs->rc.addr_taken[e->a->var->id] = true;
    if (e->op == EX_CALL)
        for (int i = 0; i < e->args.len; i++)
            if (call_writes_arg(rs, e, i))
                write_roots(rs, e->args.items[i]);
    return false;
}

static bool note_assign(const Stmt *s, void *ctx)
{
    Rev *rs = ctx;
    if (s->kind != ST_ASSIGN)
        return false;
    if (s->lhs->op == EX_VAR) {
        if (s->lhs->var->id < rs->act->n)
            rs->rc.var_written[s->lhs->var->id] = true;
    } else if (s->lhs->op == EX_INDEX || s->lhs->op == EX_DEREF) {
        write_roots(rs, s->lhs->a);
    } else {
        rs->rc.unknown_write = true;
    }
    return false;
}

void rev_recompute_init(Rev *rs)
{
    int n = rs->act->n;
    rs->rc.var_written = ir_alloc(sizeof(bool) * (size_t)n);
    rs->rc.mem_written = ir_alloc(sizeof(bool) * (size_t)n);
    rs->rc.addr_taken = ir_alloc(sizeof(bool) * (size_t)n);
    rs->rc.init = ir_alloc(sizeof(Expr *) * (size_t)n);
    st_any(rs->fn->body, note_assign, rs);
    st_any_expr(rs->fn->body, note_write, rs);
}

/* ---- which initializers can be evaluated again ---- */

static bool stable_var(Rev *rs, const Var *v)
{
    if (v->kind == VAR_GLOBAL)
        return ty_scalar(v->ty)->is_const;
    if (v->id >= rs->act->n)
        return false;
    return !rs->rc.var_written[v->id] || vec_has(&rs->rc.counters, v);
}

static bool stable_memory(Rev *rs, const Expr *base)
{
    Var *b = act_base_var(base);
    if (b && b->kind == VAR_GLOBAL)
        return ty_scalar(b->ty)->is_const;
    if (rs->rc.unknown_write)
        return false;
    Vec roots = {0};
    act_roots(rs->act, base, &roots);
    if (roots.len == 0)
        return false;
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        /* caller memory, or a local array: never freed before the reverse sweep */
        if (rs->rc.mem_written[r->id] || (r->kind != VAR_PARAM && r->ty->kind != TY_ARRAY))
            return false;
    }
    return true;
}

/* Arithmetic, loads and conversions of stable values; no calls. */
bool rev_stable_expr(Rev *rs, const Expr *e)
{
    if (!e)
        return true;
    if (e->op == EX_VAR)
        return stable_var(rs, e->var);
    if (e->op == EX_INDEX || e->op == EX_DEREF)
        return stable_memory(rs, e->a) && rev_stable_expr(rs, e->a) && rev_stable_expr(rs, e->b);
    if (e->op == EX_CALL || e->op == EX_INITLIST || e->op == EX_ADDR || !(ir_op_flags[e->op] & F_PURE))
        return false;
    return rev_stable_expr(rs, e->a) && rev_stable_expr(rs, e->b) && rev_stable_expr(rs, e->c);
}

void rev_recompute_consider(Rev *rs, Var *v, Expr *init)
{
    if (!rs->scan || !init || v->id >= rs->act->n || rs->rc.var_written[v->id])
        return;
    if (!ty_is_float(v->ty) && !ty_is_int(v->ty))
        return;
    if (v->ty->is_const || !rev_stable_expr(rs, init))
        return;
    rs->rc.init[v->id] = ex_copy(init);
}

Expr *rev_recompute_init_of(Rev *rs, const Var *v)
{
    return v->id < rs->act->n ? rs->rc.init[v->id] : NULL;
}

void rev_recompute_close(Rev *rs)
{
    bool *done = ir_alloc(sizeof(bool) * (size_t)rs->act->n);
    for (bool changed = true; changed;) {
        changed = false;
        for (int id = 0; id < rs->act->n; id++) {
            Expr *init = rs->rc.init[id];
            if (!init || done[id] || !rs->needed[id])
                continue;
            done[id] = changed = true;
            Stmt *s = st_new(ST_EXPR, init->loc);
            s->expr = init;
            rev_mark_reads(rs, s);
        }
    }
}

void rev_recompute_enter_loop(Rev *rs, Var *counter) { vec_push(&rs->rc.counters, counter); }
void rev_recompute_leave_loop(Rev *rs) { rs->rc.counters.len--; }
