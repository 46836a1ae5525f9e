/* rev_checkpoint.c: reverse mode of a loop under ADCC_CHECKPOINT_LOOP(K)
 * (or #pragma adcc checkpoint(snapshots=K)): binomial checkpointing. The
 * loop's steps are not taped. The runtime's schedule (adcc_ckpt_*, the
 * revolve schedule, optimal for K snapshots) drives both sweeps:
 *
 *     forward sweep                         reverse sweep
 *     ck = adcc_ckpt_begin(steps, K);       ck = adcc_pop_p();
 *     while (adcc_ckpt_next(ck))            while (adcc_ckpt_next(ck))
 *         advance: the primal steps             advance: the primal steps
 *         else: store the state                 store / restore the state
 *     adcc_push_p(ck);                          turn: one step taped, then
 *                                                     its reverse
 *                                           adcc_ckpt_end(ck);
 *
 * The state is what the body writes that lives outside it: scalars,
 * arrays, and the memory pointers reach (with its extent from the loops
 * that write it, or named by the user as x:n). The steps' adjoints flow
 * through the function's adjoint variables, as in a plain reversed loop.
 *
 * A call of a function marked ADCC_CHECKPOINT is not taped either: the
 * forward sweep saves the arrays the call overwrites and makes the plain
 * call; the reverse sweep restores them, runs the callee's forward sweep
 * (taping) and then its reverse sweep. A recursive function so marked
 * keeps one level's tape at a time. */
#include "ad/rev.h"

#include <stdlib.h>
#include <string.h>

/* ---- copies of the primal body ---- */

static Stmt *copy_stmt(const Stmt *s)
{
    if (!s)
        return NULL;
    Stmt *c = st_new(s->kind, s->loc);
    *c = *s;
    c->init = s->init ? ex_copy(s->init) : NULL;
    c->lhs = s->lhs ? ex_copy(s->lhs) : NULL;
    c->rhs = s->rhs ? ex_copy(s->rhs) : NULL;
    c->expr = s->expr ? ex_copy(s->expr) : NULL;
    c->cond = s->cond ? ex_copy(s->cond) : NULL;
    c->then = copy_stmt(s->then);
    c->els = copy_stmt(s->els);
    c->init_s = copy_stmt(s->init_s);
    c->step = copy_stmt(s->step);
    c->body = copy_stmt(s->body);
    c->snapshots = NULL;
    c->items = (Vec){0};
    for (int i = 0; i < s->items.len; i++)
        vec_push(&c->items, copy_stmt(s->items.items[i]));
    return c;
}

/* An active pointer's shadow follows it in the primal steps too
 * (a = b; d_a = d_b): the reverse sweep reaches adjoints through it. */
static bool active_pointer(Rev *rs, const Var *v)
{
    return v->ty->kind == TY_PTR && v->id < rs->act->n && act_var(rs->act, v);
}

static void follow_shadows(Rev *rs, Stmt *b)
{
    if (!b)
        return;
    if (b->kind != ST_BLOCK) {
        follow_shadows(rs, b->then);
        follow_shadows(rs, b->els);
        follow_shadows(rs, b->body);
        return;
    }
    Vec out = {0};
    for (int i = 0; i < b->items.len; i++) {
        Stmt *it = b->items.items[i];
        vec_push(&out, it);
        follow_shadows(rs, it);
        if (it->kind == ST_DECL && active_pointer(rs, it->var) && it->init)
            vec_push(&out, st_decl(rev_shadow(rs, it->var), rev_shadow_ptr(rs, it->init), it->loc));
        else if (it->kind == ST_ASSIGN && it->lhs->op == EX_VAR && active_pointer(rs, it->lhs->var))
            vec_push(&out, st_assign(ex_var(rev_shadow(rs, it->lhs->var), it->loc), rev_shadow_ptr(rs, it->rhs),
                                     it->loc));
    }
    b->items = out;
}

/* ---- the state ---- */

typedef struct Infer {
    Rev *rs;
    const Stmt *body;
    Vec items;          /* CkptItem* */
    Vec locals;         /* Var*: declared in the body */
    const char *problem;
    Loc problem_loc;
    bool global;           /* the problem is a global the loop changes */
    Vec written;           /* Var*: roots of the memory the loop writes */
    bool unknown_write;    /* and memory adcc cannot follow to a variable */
} Infer;

/* v's item: its value (a scalar, a pointer, an array's contents) or, with
 * memory, what pointer v points to (an item with an extent). */
static CkptItem *item_of(Infer *in, Var *v, bool memory)
{
    for (int i = 0; i < in->items.len; i++) {
        CkptItem *it = in->items.items[i];
        if (it->var == v && (it->extent != NULL) == memory)
            return it;
    }
    return NULL;
}

static CkptItem *new_item(Infer *in, Var *v, Loc loc)
{
    CkptItem *it = ir_alloc(sizeof(CkptItem));
    it->var = v;
    it->loc = loc;
    vec_push(&in->items, it);
    return it;
}

/* The number of cells of root the body writes: n when every write is
 * root[j] in a loop for (j = 0; j < n; j++) with the same n, and n is a
 * value the loop does not change. NULL when it cannot tell. */
static Expr *infer_extent(Infer *in, Var *root)
{
    Extent ex = {.m = in->rs->m, .act = in->rs->act, .root = root};
    rev_extent_in(&ex, in->body);
    if (ex.other || ex.found.len == 0)
        return NULL;
    Expr *n = ex.found.items[0];
    for (int i = 1; i < ex.found.len; i++)
        if (!ex_equal(n, ex.found.items[i]))
            return NULL;
    return rev_stable_expr(in->rs, n) ? ex_copy(n) : NULL;
}

static void add_var(Infer *in, Var *v, Loc loc)
{
    if (!vec_has(&in->locals, v) && !item_of(in, v, false))
        new_item(in, v, loc);
}

/* Memory reached through pointer expression p is written. */
static void add_memory(Infer *in, const Expr *p, Loc loc)
{
    Vec roots = {0};
    act_roots(in->rs->act, p, &roots);
    in->unknown_write |= roots.len == 0;
    if (roots.len == 0 && !in->problem) {
        in->problem = "the loop writes memory adcc cannot follow to a variable; name the loop's state: ADCC_CHECKPOINT_LOOP(K, x:n, ...)";
        in->problem_loc = loc;
    }
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        if (!vec_has(&in->written, r))
            vec_push(&in->written, r);
        if (r->ty->kind == TY_ARRAY) {
            add_var(in, r, loc);
            continue;
        }
        if (vec_has(&in->locals, r) || item_of(in, r, true) || in->problem)
            continue;
        Expr *n = infer_extent(in, r);
        if (n) {
            new_item(in, r, loc)->extent = n;
        } else {
            in->problem = ir_format("adcc cannot tell how many elements of '%s' the loop's state holds; name them: "
                                    "ADCC_CHECKPOINT_LOOP(K, %s:n) or #pragma adcc checkpoint(snapshots=K, state=%s:n)",
                                    r->name, r->name, r->name);
            in->problem_loc = loc;
        }
    }
}

static void global_problem(Infer *in, const Var *g, const char *via, Loc loc)
{
    if (in->problem)
        return;
    in->global = true;
    in->problem = ir_format("the loop changes the global '%s'%s%s; a checkpointed loop's state must be local "
                            "(snapshots restore it, and the caller must find its final value): pass it as a "
                            "parameter", g->name, via ? " through " : "", via ? via : "");
    in->problem_loc = loc;
}

/* A global that g or a function it calls assigns, or NULL. */
static const Var *global_written(Func *g)
{
    Vec gs = {0};
    rev_globals_assigned(g, &gs);
    return gs.len ? gs.items[0] : NULL;
}

static void call_writes(Infer *in, const Expr *c)
{
    if (!c || c->op != EX_CALL)
        return;
    if (c->callee && c->callee->body) {
        const Var *g = global_written(c->callee);
        if (g)
            global_problem(in, g, c->callee->name, c->loc);
    }
    for (int i = 0; i < c->args.len; i++)
        if (rev_arg_may_be_written(in->rs->m, c, i))
            add_memory(in, c->args.items[i], ((Expr *)c->args.items[i])->loc);
}

static bool collect(const Stmt *s, void *ctx)
{
    Infer *in = ctx;
    switch (s->kind) {
    case ST_DECL:
        vec_push(&in->locals, s->var);
        call_writes(in, s->init);
        break;
    case ST_ASSIGN: {
        Expr *lhs = ex_strip_casts(s->lhs);
        const Var *base = lhs->op == EX_VAR ? lhs->var : act_base_var(lhs);
        if (base && base->kind == VAR_GLOBAL)
            global_problem(in, base, NULL, s->loc);
        else if (lhs->op == EX_VAR)
            add_var(in, lhs->var, s->loc);
        else
            add_memory(in, lhs->a, s->loc);
        call_writes(in, s->rhs);
        break;
    }
    case ST_EXPR: call_writes(in, s->expr); break;
    case ST_IF: case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH: case ST_CASE: case ST_DEFAULT:
    case ST_BREAK: case ST_CONTINUE: case ST_RETURN: case ST_BLOCK: case ST_COMMENT:
        break;
    }
    return false;
}

/* The items in transfer order: values (pointers among them) before what
 * pointers point to, so a restore sets the pointers first. */
static Vec *values_first(Infer *in)
{
    Vec *out = ir_alloc(sizeof(Vec));
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < in->items.len; i++) {
            CkptItem *it = in->items.items[i];
            if ((it->extent != NULL) == (pass == 1))
                vec_push(out, it);
        }
    return out;
}

/* The state: named by the user, or what the body writes that outlives
 * an iteration. NULL after an error. */
static Vec *loop_state(Rev *rs, const Stmt *s)
{
    Infer *in = ir_alloc(sizeof(Infer));
    in->rs = rs;
    in->body = s->body;
    if (s->ckpt_state.len) {
        Infer *all = ir_alloc(sizeof(Infer));   /* what inference finds, for its globals only */
        all->rs = rs;
        all->body = s->body;
        st_any(s->body, collect, all);
        if (all->global) {
            if (!rs->scan)
                diag_error(s->ckpt_loc, "%s", all->problem);
            return NULL;
        }
        for (int i = 0; i < s->ckpt_state.len; i++) {
            CkptItem *it = s->ckpt_state.items[i];
            if (ty_is_ptr_like(it->var->ty) && it->var->ty->kind != TY_ARRAY && !it->extent) {
                if (!rs->scan)
                    diag_error(it->loc, "'%s' in the checkpointed loop's state is a pointer; name the number of "
                                        "elements of the state it points to: %s:n", it->var->name, it->var->name);
                return NULL;
            }
            if (it->extent && rev_writes_var(s->body, it->var))
                add_var(in, it->var, it->loc);   /* which buffer it points to changes too */
            /* what the loop does not write needs no snapshot (and may be
             * undeclared where the reverse sweep runs) */
            bool array = it->var->ty->kind == TY_ARRAY;
            if ((it->extent || array) ? vec_has(&all->written, it->var) : rev_writes_var(s->body, it->var))
                vec_push(&in->items, it);
        }
        /* names choose the memory; every variable the loop writes is state */
        for (int i = 0; i < all->items.len; i++) {
            CkptItem *it = all->items.items[i];
            if (!it->extent && it->var->ty->kind != TY_ARRAY && !item_of(in, it->var, false))
                vec_push(&in->items, it);
        }
        return values_first(in);
    }
    st_any(s->body, collect, in);
    if (in->problem) {
        if (!rs->scan)
            diag_error(s->ckpt_loc, "%s", in->problem);
        return NULL;
    }
    return values_first(in);
}

/* adcc_ckpt_put(ck, &x, sizeof x) or adcc_ckpt_get(ck, p, sizeof *p * n) */
static Stmt *transfer(Var *ck, const CkptItem *it, bool put, Loc loc)
{
    Var *v = it->var;
    Expr *c = ex_call(put ? "adcc_ckpt_put" : "adcc_ckpt_get", ty_void, loc);
    vec_push(&c->args, ex_var(ck, loc));
    Expr *size = ex_new(EX_SIZEOF, ty_size, loc);
    if (it->extent) {
        vec_push(&c->args, ex_var(v, loc));
        size->text = ir_format("sizeof *%s", v->name);
        size = ex_binary(EX_MUL, size, ex_cast(ty_size, ex_copy(it->extent), loc), loc);
    } else if (v->ty->kind == TY_ARRAY) {
        vec_push(&c->args, ex_var(v, loc));
        size->text = ir_format("sizeof %s", v->name);
    } else {
        Expr *addr = ex_unary(EX_ADDR, ex_var(v, loc), loc);
        addr->ty = ty_ptr(v->ty);
        vec_push(&c->args, addr);
        size->text = ir_format("sizeof %s", v->name);
    }
    vec_push(&c->args, size);
    return st_expr(c, loc);
}

static Stmt *transfers(Rev *rs, Var *ck, const Vec *state, bool put, Loc loc)
{
    Stmt *b = st_block(loc);
    for (int i = 0; i < state->len; i++) {
        const CkptItem *it = state->items[i];
        st_append(b, transfer(ck, it, put, loc));
        if (!it->extent && active_pointer(rs, it->var)) {
            /* which adjoint buffer goes with the buffer it points to */
            CkptItem *d = ir_alloc(sizeof(CkptItem));
            d->var = rev_shadow(rs, it->var);
            st_append(b, transfer(ck, d, put, loc));
        }
    }
    return b;
}

static Expr *ck_call(const char *name, Type *ty, Var *ck, Loc loc)
{
    Expr *c = ex_call(name, ty, loc);
    vec_push(&c->args, ex_var(ck, loc));
    return c;
}

/* The counter of step k: (T)(start + k), (T)k when start is 0. */
static Expr *counter_at(Var *iv, Expr *start, Expr *k, Loc loc)
{
    double c;
    Expr *e = ex_is_const(start, &c) && c == 0.0 ? k : ex_binary(EX_ADD, ex_copy(start), k, loc);
    return ex_cast(iv->ty, e, loc);
}

/* for (i = start + adcc_ckpt_from(ck); i < start + adcc_ckpt_to(ck); i++) body */
static Stmt *advance(Rev *rs, const Stmt *s, Var *iv, Expr *start, Var *ck)
{
    Loc loc = s->loc;
    Stmt *loop = st_new(ST_FOR, loc);
    Expr *from = counter_at(iv, start, ck_call("adcc_ckpt_from", ty_long, ck, loc), loc);
    Expr *to = counter_at(iv, start, ck_call("adcc_ckpt_to", ty_long, ck, loc), loc);
    loop->init_s = s->init_s->kind == ST_DECL ? st_decl(iv, from, loc) : st_assign(ex_var(iv, loc), from, loc);
    loop->cond = ex_binary(EX_LT, ex_var(iv, loc), to, loc);
    loop->step = copy_stmt(s->step);
    loop->body = copy_stmt(s->body);
    follow_shadows(rs, loop->body);
    return loop;
}

static Stmt *blk_of(Stmt *s)
{
    Stmt *b = st_block(s->loc);
    st_append(b, s);
    return b;
}

static Stmt *if_else(Expr *cond, Stmt *then, Stmt *els, Loc loc)
{
    Stmt *t = st_block(loc);
    st_append(t, then);
    return st_if(cond, t, els, loc);
}

/* Steps of for (i = start; i < bound; i++) (<=: one more), 0 when none. */
static Expr *step_count(const Stmt *s, Expr *start)
{
    Loc loc = s->loc;
    Expr *bound = s->cond->b;
    bool le = s->cond->op == EX_LE;
    double c;
    if (ex_equal(start, bound))   /* for (i = n; i <= n; i++): no self-comparison (gcc warns) */
        return ex_int(le ? 1 : 0, loc);
    Expr *span = ex_is_const(start, &c) && c == 0.0 ? ex_copy(bound) : ex_binary(EX_SUB, ex_copy(bound), ex_copy(start), loc);
    if (le)
        span = ex_binary(EX_ADD, span, ex_int(1, loc), loc);
    Expr *any = ex_binary(le ? EX_GE : EX_GT, ex_copy(bound), ex_copy(start), loc);
    Expr *e = ex_cond(any, span, ex_int(0, loc), loc);
    e->ty = ty_long;
    return e;
}

static bool mentions(const Expr *e, void *v)
{
    return e->op == EX_VAR && e->var == v;
}

/* The reverse region restores the state to its values before the loop:
 * f_grad's caller must still find the outputs' final values, so what the
 * state holds in the caller's memory is logged first, once, for
 * adcc_redo_apply to put back. */
/* for (long k = 0; k < n; k++) what(p[k]), what given the cell. */
static Stmt *each_cell(Rev *rs, Expr *p, Expr *n, Stmt *(*what)(Expr *cell, Loc loc), Loc loc)
{
    Var *k = rev_temp(rs, "k", ty_long, loc);
    Stmt *loop = st_new(ST_FOR, loc);
    loop->init_s = st_decl(k, ex_int(0, loc), loc);
    loop->cond = ex_binary(EX_LT, ex_var(k, loc), n, loc);
    loop->step = st_assign(ex_var(k, loc), ex_binary(EX_ADD, ex_var(k, loc), ex_int(1, loc), loc), loc);
    loop->body = st_block(loc);
    st_append(loop->body, what(ex_index(ex_copy(p), ex_var(k, loc), loc), loc));
    return loop;
}

/* Logs p[0..n) for adcc_redo_apply when it is f_grad's caller's memory. */
static void log_range(Rev *rs, Expr *p, Expr *n, Stmt *out, Loc loc)
{
    Type *el = ty_scalar(p->ty);
    if (!(ty_is_float(el) || ty_is_int(el)) || !rev_caller_memory(rs, p))
        return;
    st_append(out, each_cell(rs, p, n, rev_redo_log, loc));
    rs->redo = true;
}

static void log_outputs(Rev *rs, const Vec *state, Stmt *r, Loc loc)
{
    for (int i = 0; i < state->len; i++) {
        const CkptItem *it = state->items[i];
        if (it->extent || it->var->ty->kind == TY_ARRAY)
            log_range(rs, ex_var(it->var, loc), it->extent ? ex_copy(it->extent) : ex_int(it->var->ty->len, loc), r, loc);
    }
}

typedef struct Bound {
    Rev *rs;
    const Stmt *body;
    Infer *writes;         /* what the body writes (memory roots in written) */
    bool changes;
} Bound;

/* Whether memory reached through p may be written by the loop's body. */
static bool body_writes_memory(Bound *b, const Expr *p)
{
    Vec roots = {0};
    act_roots(b->rs->act, p, &roots);
    if (roots.len == 0 || b->writes->unknown_write)
        return true;
    for (int i = 0; i < roots.len; i++)
        if (vec_has(&b->writes->written, roots.items[i]))
            return true;
    return false;
}

static bool bound_changes(const Expr *e, void *ctx)
{
    Bound *b = ctx;
    if (e->op == EX_CALL || ((e->op == EX_INDEX || e->op == EX_DEREF) && body_writes_memory(b, e->a)))
        b->changes = true;
    if (e->op == EX_VAR && (rev_writes_var(b->body, e->var) ||
                            (e->var->id < b->rs->act->n && b->rs->rc.addr_taken[e->var->id])))
        b->changes = true;
    return false;
}

/* Whether the loop's bound keeps its value while the loop runs. */
static bool fixed_bound(Rev *rs, const Stmt *s)
{
    if (rev_stable_expr(rs, s->cond->b))
        return true;
    Bound b = {.rs = rs, .body = s->body, .writes = ir_alloc(sizeof(Infer))};
    b.writes->rs = rs;
    b.writes->body = s->body;
    st_any(s->body, collect, b.writes);
    ex_any(s->cond->b, bound_changes, &b);
    return !b.changes;
}

/* "break" or "return" where lowering made an early exit while (!flag && ...). */
static const char *early_exit(const Stmt *s)
{
    const Expr *c = s->cond, *f = c && c->op == EX_LAND && c->a->op == EX_NOT ? c->a->a : NULL;
    const char *name = s->kind == ST_WHILE && f && f->op == EX_VAR && f->var->generated ? f->var->name : "";
    return !strncmp(name, "adcc_brk", 8) ? "break" : !strncmp(name, "adcc_returned", 13) ? "return" : NULL;
}

void rev_checkpoint_loop(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev)
{
    Loc loc = s->loc;
    Var *iv;
    Expr *start;
    long long step;
    if (early_exit(s)) {
        if (!rs->scan)
            diag_error(s->ckpt_loc, "a checkpointed loop must run all its steps, and this one can leave early "
                                    "('%s' in its body): adcc counts the steps before the loop runs; make the "
                                    "exit test part of the loop's bound, or do not checkpoint this loop",
                       early_exit(s));
        return;
    }
    if (!rev_canonical(rs, s, &iv, &start, &step) || step != 1 ||
        (s->cond->op != EX_LT && s->cond->op != EX_LE)) {
        if (!rs->scan)
            diag_error(s->ckpt_loc, "a checkpointed loop must count up by one: for (i = a; i < b; i++), with i "
                                    "not changed in the body");
        return;
    }
    if (!fixed_bound(rs, s)) {
        if (!rs->scan)
            diag_error(s->ckpt_loc, "the bound of a checkpointed loop must not change while the loop runs (adcc "
                                    "counts its steps once, before it); compute the bound into a variable the "
                                    "loop does not write");
        return;
    }
    Vec *state = loop_state(rs, s);
    if (!state)
        return;
    Stmt *pops = st_block(loc);
    if (s->init_s->kind == ST_ASSIGN)
        rev_save(rs, s->init_s->lhs, fwd, pops, loc);
    /* the first step's counter, evaluated again in the reverse sweep */
    Expr *first = start;
    Var *first_val = NULL;
    if (!rev_stable_expr(rs, start)) {
        first_val = rev_temp(rs, "first", iv->ty, loc);
        st_append(fwd, st_decl(first_val, start, loc));
        first = ex_var(first_val, loc);
    }
    Var *ck = rev_temp(rs, "ck", ty_ptr(ty_void), loc);
    Expr *begin = ex_call("adcc_ckpt_begin", ck->ty, loc);
    vec_push(&begin->args, step_count(s, first));
    vec_push(&begin->args, ex_copy(s->snapshots));
    st_append(fwd, st_decl(ck, begin, loc));

    /* forward sweep: the primal steps, storing snapshots on the way */
    Stmt *fl = st_new(ST_WHILE, loc);
    fl->cond = ck_call("adcc_ckpt_next", ty_int, ck, loc);
    fl->body = st_block(loc);
    st_append(fl->body, if_else(ck_call("adcc_ckpt_advancing", ty_int, ck, loc), advance(rs, s, iv, first, ck),
                                transfers(rs, ck, state, true, loc), loc));
    st_append(fwd, fl);
    if (s->init_s->kind == ST_ASSIGN)
        st_append(fwd, st_assign(ex_var(iv, loc), counter_at(iv, first, ck_call("adcc_ckpt_steps", ty_long, ck, loc), loc), loc));
    st_append(fwd, rev_push(ex_var(ck, loc), loc));
    if (first_val)
        st_append(fwd, rev_push(ex_var(first_val, loc), loc));

    /* reverse sweep: the schedule's advances, snapshots and turns */
    Stmt *r = st_block(loc);
    if (first_val) {
        Var *again = rev_temp(rs, "first", iv->ty, loc);
        st_append(r, st_decl(again, rev_pop(ex_var(again, loc), loc)->rhs, loc));
        first = ex_var(again, loc);
    }
    ck = rev_temp(rs, "ck", ty_ptr(ty_void), loc);   /* the forward sweep's may be out of scope */
    st_append(r, st_decl(ck, rev_pop(ex_var(ck, loc), loc)->rhs, loc));
    log_outputs(rs, state, r, loc);
    Stmt *bf = st_block(loc), *br = st_block(loc);
    /* the state is logged for the replay above, once: a step's restores need no log */
    bool saved_turn = rs->in_turn;
    rs->in_turn = true;
    rev_recompute_enter_loop(rs, iv);
    rev_body(rs, s->body, bf, br, false);
    rev_recompute_leave_loop(rs);
    rs->in_turn = saved_turn;
    Stmt *turn = st_block(loc);
    Expr *at = counter_at(iv, first, ck_call("adcc_ckpt_from", ty_long, ck, loc), loc);
    if (st_any_expr(bf, mentions, iv) || st_any_expr(br, mentions, iv))
        st_append(turn, s->init_s->kind == ST_DECL ? st_decl(iv, at, loc) : st_assign(ex_var(iv, loc), at, loc));
    /* two blocks, as the two sweeps of a loop's iteration: each declares
     * the step's locals it uses (the reverse one pops what it reads) */
    st_append(turn, bf);
    st_append(turn, br);
    Stmt *restore = st_if(ck_call("adcc_ckpt_restoring", ty_int, ck, loc), transfers(rs, ck, state, false, loc), turn, loc);
    Stmt *store = st_if(ck_call("adcc_ckpt_storing", ty_int, ck, loc), transfers(rs, ck, state, true, loc),
                        blk_of(restore), loc);
    Stmt *rl = st_new(ST_WHILE, loc);
    rl->cond = ck_call("adcc_ckpt_next", ty_int, ck, loc);
    rl->body = st_block(loc);
    st_append(rl->body, if_else(ck_call("adcc_ckpt_advancing", ty_int, ck, loc), advance(rs, s, iv, first, ck),
                                blk_of(store), loc));
    st_append(r, rl);
    st_append(r, st_expr(ck_call("adcc_ckpt_end", ty_void, ck, loc), loc));
    st_append(rev, r);
    st_append_flat(rev, pops);
}

/* ---- calls of a function marked ADCC_CHECKPOINT ---- */

/* n in ADCC_CHECKPOINT_EXTENTS(p:n) on g, as an expression of the call c: a
 * parameter of g is the call's argument. NULL (after an error) when the
 * name is no parameter; NULL without error when p is not named. */
static Expr *named_extent(const Func *g, const Var *p, Expr *c, bool *bad)
{
    for (int i = 0; i < g->annots.len; i++) {
        const Annot *a = g->annots.items[i];
        if (a->kind != AN_CHECKPOINT)
            continue;
        for (int j = 0; j < a->args.len; j++) {
            const AnnotArg *arg = a->args.items[j];
            const char *colon = strchr(arg->name, ':');
            size_t len = colon ? (size_t)(colon - arg->name) : strlen(arg->name);
            if (!colon || strlen(p->name) != len || strncmp(arg->name, p->name, len) != 0)
                continue;
            const char *n = colon + 1;
            if (*n >= '0' && *n <= '9')
                return ex_int(strtoll(n, NULL, 10), c->loc);
            for (int k = 0; k < g->params.len && k < c->args.len; k++)
                if (strcmp(((Var *)g->params.items[k])->name, n) == 0)
                    return ex_copy(c->args.items[k]);
            diag_error(arg->loc, "'%s' in ADCC_CHECKPOINT_EXTENTS(%s) is not a parameter of '%s'; an extent names an integer "
                                 "parameter or is a number", n, arg->name, g->name);
            *bad = true;
            return NULL;
        }
    }
    return NULL;
}

/* How many cells of its parameter p the checkpointed g writes, as an
 * expression of the call c: named, or from g's loops for (j = 0; j < n;
 * j++) p[j] = ..., n a constant or a parameter of g. */
static Expr *call_extent(const Func *g, Var *p, Expr *c)
{
    bool bad = false;
    Expr *named = named_extent(g, p, c, &bad);
    if (named || bad)
        return named;
    Extent ex = {.root = p};
    rev_extent_in(&ex, g->body);
    if (ex.other || ex.found.len == 0)
        goto unknown;
    Expr *n = ex.found.items[0];
    for (int i = 1; i < ex.found.len; i++)
        if (!ex_equal(n, ex.found.items[i]))
            goto unknown;
    if (n->op == EX_INT)
        return ex_copy(n);
    for (int k = 0; n->op == EX_VAR && k < g->params.len && k < c->args.len; k++)
        if (g->params.items[k] == n->var && !rev_writes_var(g->body, n->var))   /* the argument's value */
            return ex_copy(c->args.items[k]);
unknown:
    diag_error(c->loc, "adcc cannot tell how many elements of '%s' the checkpointed '%s' writes; name them on its "
                       "definition: ADCC_CHECKPOINT_EXTENTS(%s:n), n a parameter or a number", p->name, g->name, p->name);
    return NULL;
}

static Stmt *push_cell(Expr *cell, Loc loc) { return rev_push(cell, loc); }
static Stmt *pop_cell(Expr *cell, Loc loc) { return rev_pop(cell, loc); }

/* adcc_push_array_d(p, n) and its pop; a loop of single pushes for ints. */
static Stmt *save_range(Rev *rs, Expr *p, Expr *n, bool push, Loc loc)
{
    Type *el = ty_scalar(p->ty);
    if (!ty_is_float(el))
        return each_cell(rs, p, n, push ? push_cell : pop_cell, loc);
    Expr *c = ex_call(ir_format("adcc_%s_array_%c", push ? "push" : "pop", el->kind == TY_FLOAT ? 'f' : 'd'),
                      ty_void, loc);
    vec_push(&c->args, ex_copy(p));
    vec_push(&c->args, ex_cast(ty_long, n, loc));
    return st_expr(c, loc);
}

bool rev_checkpointed_call(const Expr *c)
{
    return c->callee && c->callee->body && ad_has_annot(c->callee, AN_CHECKPOINT);
}

bool rev_checkpoint_call(Rev *rs, Expr *c, Stmt *saves, Stmt *restores)
{
    Func *g = c->callee;
    Loc loc = c->loc;
    Stmt *pops = st_block(loc);
    for (int i = 0; i < c->args.len && i < g->params.len; i++) {
        Expr *arg = c->args.items[i];
        Var *p = g->params.items[i];
        if (!ty_is_ptr_like(arg->ty) || ty_scalar(arg->ty)->is_const || ty_scalar(p->ty)->is_const ||
            !act_writes_param(rs->m, g, i))
            continue;
        Expr *n = call_extent(g, p, c);
        if (!n)
            return false;
        st_append(saves, save_range(rs, arg, n, true, loc));
        Stmt *back = st_block(loc);
        log_range(rs, arg, ex_copy(n), back, loc);
        st_append(back, save_range(rs, arg, ex_copy(n), false, loc));
        vec_insert(&pops->items, 0, back);
    }
    for (int i = 0; i < pops->items.len; i++)
        st_append_flat(restores, pops->items.items[i]);
    return true;
}
