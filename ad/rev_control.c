/* rev_control.c: reverse mode of control flow. An if records the branch
 * taken when a branch has reverse work; a counted loop (for i = A; i op B;
 * i += c, i not written in the body) records its exit value and reverses as
 * a counted loop; any other loop records its trip count and replays it. */
#include "ad/rev.h"

void rev_if(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Loc loc = s->loc;
    Stmt *ft = st_block(loc), *rt = st_block(loc), *fe = st_block(loc), *re = st_block(loc);
    rev_body(rs, s->then, ft, rt, false);
    if (s->els)
        rev_body(rs, s->els, fe, re, false);
    if (rt->items.len == 0 && re->items.len == 0) {
        st_append(fwd, st_if(s->cond, ft, fe->items.len ? fe : NULL, loc));
        return;
    }
    st_append(ft, rev_push(ex_int(1, loc), loc));
    st_append(fe, rev_push(ex_int(0, loc), loc));
    st_append(fwd, st_if(s->cond, ft, fe, loc));
    Expr *pop = ex_call("adcc_pop_i", ty_int, loc);
    st_append(rev, st_if(pop, rt, re->items.len ? re : NULL, loc));
}

/* The loop s with its body replaced, s itself untouched: the first of the
 * two passes over a function must leave its statements as they were. */
static Stmt *with_body(const Stmt *s, Stmt *body)
{
    Stmt *copy = st_new(s->kind, s->loc);
    *copy = *s;
    copy->body = body;
    return copy;
}

/* for (i = A; i <op> B; i += c) with i not written in the body. */
bool rev_canonical(Rev *rs, const Stmt *s, Var **iv, Expr **start, long long *step)
{
    if (s->kind != ST_FOR || !s->init_s || !s->cond || !s->step)
        return false;
    const Stmt *in = s->init_s;
    Var *v = in->kind == ST_DECL ? in->var : (in->kind == ST_ASSIGN && in->lhs->op == EX_VAR ? in->lhs->var : NULL);
    Expr *a = in->kind == ST_DECL ? in->init : in->rhs;
    if (!v || !a || !ty_is_int(v->ty) || !ex_is_pure(a))
        return false;
    const Expr *c = s->cond;
    if (!(ir_op_flags[c->op] & F_CMP) || c->op == EX_LAND || c->op == EX_LOR || c->op == EX_EQ ||
        c->a->op != EX_VAR || c->a->var != v)
        return false;
    const Stmt *st = s->step;
    if (st->kind != ST_ASSIGN || st->lhs->op != EX_VAR || st->lhs->var != v ||
        (st->rhs->op != EX_ADD && st->rhs->op != EX_SUB) || st->rhs->a->op != EX_VAR ||
        st->rhs->a->var != v || st->rhs->b->op != EX_INT || st->rhs->b->ival <= 0)
        return false;
    /* written in the body, or through a pointer to it */
    if (rev_writes_var(s->body, v) || (v->id < rs->act->n && rs->rc.addr_taken[v->id]))
        return false;
    *iv = v;
    *start = a;
    *step = st->rhs->op == EX_ADD ? st->rhs->b->ival : -st->rhs->b->ival;
    return true;
}

static bool assigns(const Stmt *s, void *v)
{
    return s->kind == ST_ASSIGN && s->lhs->op == EX_VAR && s->lhs->var == v;
}

bool rev_writes_var(const Stmt *s, const Var *v) { return st_any(s, assigns, (void *)v); }

/* The value i has when `for (i = start; i op bound; i += step)` exits,
 * computed from the bounds when the reverse sweep can evaluate them again
 * (values that never change, counters of enclosing counted loops): then the
 * forward sweep records nothing. NULL when it cannot be derived. */
static Expr *exit_value(Rev *rs, const Stmt *s, Var *iv, Expr *start, long long step)
{
    const Expr *c = s->cond;
    Loc loc = s->loc;
    Expr *bound = c->b;
    bool up = c->op == EX_LT || c->op == EX_LE;
    if ((!up && c->op != EX_GT && c->op != EX_GE) || (up != (step > 0)) || !ty_is_signed_int(iv->ty) ||
        !ty_is_signed_int(bound->ty) || !ty_is_signed_int(start->ty) || !rev_stable_expr(rs, start) ||
        !rev_stable_expr(rs, bound))
        return NULL;
    long long k = step > 0 ? step : -step;
    /* up:   span = bound - start (+1 for <=), trips = (span + k - 1) / k
     * down: span = start - bound (+1 for >=) */
    Expr *span = up ? ex_binary(EX_SUB, ex_copy(bound), ex_copy(start), loc)
                    : ex_binary(EX_SUB, ex_copy(start), ex_copy(bound), loc);
    bool inclusive = c->op == EX_LE || c->op == EX_GE;
    if (ex_equal(start, bound)) {   /* for (i = n; i <= n; i++): no self-comparison (gcc warns) */
        Expr *once = inclusive ? ex_binary(up ? EX_ADD : EX_SUB, ex_copy(start), ex_int(k, loc), loc) : ex_copy(start);
        once->ty = iv->ty;
        return once;
    }
    if (inclusive)
        span = ex_binary(EX_ADD, span, ex_int(1, loc), loc);
    Expr *any = ex_binary(up ? (inclusive ? EX_GE : EX_GT) : (inclusive ? EX_LE : EX_LT), ex_copy(bound),
                          ex_copy(start), loc);
    Expr *last;
    if (k == 1 && !inclusive) {
        last = ex_copy(bound);
    } else {
        Expr *trips = k == 1 ? span : ex_binary(EX_DIV, ex_binary(EX_ADD, span, ex_int(k - 1, loc), loc), ex_int(k, loc), loc);
        Expr *moved = k == 1 ? trips : ex_binary(EX_MUL, trips, ex_int(k, loc), loc);
        last = ex_binary(up ? EX_ADD : EX_SUB, ex_copy(start), moved, loc);
    }
    Expr *e = ex_cond(any, last, ex_copy(start), loc);
    e->ty = iv->ty;
    return e;
}

static void counted_loop(Rev *rs, Stmt *s, Var *iv, Expr *start, long long step, Stmt *fwd, Stmt *rev)
{
    Loc loc = s->loc;
    Stmt *bf = st_block(loc), *br = st_block(loc);
    rev_recompute_enter_loop(rs, iv);
    rev_body(rs, s->body, bf, br, false);
    rev_recompute_leave_loop(rs);
    if (br->items.len == 0) {
        st_append(fwd, with_body(s, bf));
        return;
    }
    double c;
    Expr *exit = exit_value(rs, s, iv, start, step);
    Stmt *pre = st_block(loc), *post = st_block(loc);
    if (exit && step == 1)
        rev_bulk_saves(rs, s, iv, start, bf, br, pre, post);
    bool const_start = ex_is_const(start, &c) || exit;
    Stmt *f = st_block(loc);
    Stmt *loop = st_new(ST_FOR, loc);
    loop->cond = s->cond;
    loop->step = s->step;
    loop->body = bf;
    if (s->init_s->kind == ST_DECL && exit) {
        loop->init_s = s->init_s; /* i is not read after the loop */
    } else if (s->init_s->kind == ST_DECL) {
        st_append(f, st_decl(iv, NULL, loc));
        loop->init_s = st_assign(ex_var(iv, loc), start, loc);
    } else {
        loop->init_s = s->init_s;
    }
    Var *first_val = NULL;
    if (!const_start) {
        first_val = rev_temp(rs, "first", iv->ty, loc);
        st_append(f, st_decl(first_val, start, loc));
        loop->init_s = st_assign(ex_var(iv, loc), ex_var(first_val, loc), loc);
    }
    for (int i = 0; i < pre->items.len; i++)
        st_append(f, pre->items.items[i]);
    st_append(f, loop);
    if (first_val)
        st_append(f, rev_push(ex_var(first_val, loc), loc));
    if (!exit)
        st_append(f, rev_push(ex_var(iv, loc), loc));
    st_append(fwd, f->items.len == 1 ? loop : f);

    /* reverse: i runs back from the exit value to the start */
    Stmt *r = st_block(loc);
    Var *end = rev_temp(rs, "end", iv->ty, loc);
    if (br->items.len) /* empty when bulk saves took the only restores (exit is known) */
        st_append(r, st_decl(end, exit ? exit : rev_pop(ex_var(end, loc), loc)->rhs, loc));
    Expr *first = ex_copy(start);
    if (!const_start) {
        Var *sv = rev_temp(rs, "start", iv->ty, loc);
        Stmt *p = rev_pop(ex_var(sv, loc), loc);
        st_append(r, st_decl(sv, p->rhs, loc));
        first = ex_var(sv, loc);
    }
    Stmt *rl = st_new(ST_FOR, loc);
    Var *ri = iv; /* a fresh i in the reverse loop's scope */
    /* a counter declared before the loop is the reverse loop's too: the
     * restore after it then leaves nothing set but unused */
    Expr *last = ex_binary(EX_SUB, ex_var(end, loc), ex_int(step, loc), loc);
    rl->init_s = s->init_s->kind == ST_ASSIGN ? st_assign(ex_var(ri, loc), last, loc) : st_decl(ri, last, loc);
    if (ty_is_unsigned_int(iv->ty)) {
        if (rl->init_s->kind == ST_ASSIGN)
            rl->init_s->rhs = ex_var(end, loc);
        else
            rl->init_s->init = ex_var(end, loc);
        rl->cond = ex_binary(EX_NE, ex_var(ri, loc), first, loc);
        vec_insert(&br->items, 0, st_assign(ex_var(ri, loc), ex_binary(EX_SUB, ex_var(ri, loc), ex_int(step, loc), loc), loc));
    } else {
        rl->cond = ex_binary(step > 0 ? EX_GE : EX_LE, ex_var(ri, loc), first, loc);
        rl->step = st_assign(ex_var(ri, loc), ex_binary(EX_SUB, ex_var(ri, loc), ex_int(step, loc), loc), loc);
    }
    rl->body = br;
    if (br->items.len)
        st_append(r, rl);
    for (int i = 0; i < post->items.len; i++)
        st_append(r, post->items.items[i]);
    st_append(rev, r);
}

/* Any other loop: count the iterations, replay the count backwards. A
 * for loop that is not counted is first rewritten as init; while. */
static void general_loop(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Loc loc = s->loc;
    if (s->kind == ST_FOR) {
        Stmt *b = st_block(loc), *body = st_block(loc);
        if (s->init_s)
            st_append(b, s->init_s);
        st_append(body, s->body);
        if (s->step)
            st_append(body, s->step);
        Stmt *w = st_new(ST_WHILE, loc);
        w->cond = s->cond ? s->cond : ex_int(1, loc);
        w->body = body;
        st_append(b, w);
        rev_stmt(rs, b, fwd, rev);
        return;
    }
    Stmt *bf = st_block(loc), *br = st_block(loc);
    rev_body(rs, s->body, bf, br, false);
    if (br->items.len == 0) {
        st_append(fwd, with_body(s, bf));
        return;
    }
    Stmt *f = st_block(loc);
    Var *n = rev_temp(rs, "n", ty_int, loc);
    st_append(f, st_decl(n, ex_int(0, loc), loc));
    st_append(bf, st_assign(ex_var(n, loc), ex_binary(EX_ADD, ex_var(n, loc), ex_int(1, loc), loc), loc));
    Stmt *loop = st_new(s->kind, loc);
    loop->cond = s->cond;
    loop->body = bf;
    st_append(f, loop);
    st_append(f, rev_push(ex_var(n, loc), loc));
    st_append(fwd, f);
    Stmt *rl = st_new(ST_FOR, loc);
    rl->init_s = st_decl(n, ex_call("adcc_pop_i", ty_int, loc), loc);
    rl->cond = ex_binary(EX_GT, ex_var(n, loc), ex_int(0, loc), loc);
    rl->step = st_assign(ex_var(n, loc), ex_binary(EX_SUB, ex_var(n, loc), ex_int(1, loc), loc), loc);
    rl->body = br;
    st_append(rev, rl);
}

void rev_loop(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Var *iv;
    Expr *start;
    long long step;
    if (s->snapshots) {
        rev_checkpoint_loop(rs, s, fwd, rev);
        return;
    }
    if (rev_canonical(rs, s, &iv, &start, &step)) {
        Stmt *pops = st_block(s->loc);
        if (s->init_s->kind == ST_ASSIGN)
            rev_save(rs, s->init_s->lhs, fwd, pops, s->loc);
        counted_loop(rs, s, iv, start, step, fwd, rev);
        st_append_flat(rev, pops);
        return;
    }
    general_loop(rs, s, fwd, rev);
}
