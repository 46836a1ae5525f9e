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

static bool mentions_var(const Expr *e, void *ctx)
{
    return e->op == EX_VAR && e->var == ctx;
}

static bool callee_writes(const Func *g, const Var *p, int depth);

/* Whether a call may write through its argument i. */
static bool call_writes_arg_at(const Expr *c, int i, int depth)
{
    const Expr *arg = c->args.items[i];
    if (!ty_is_ptr_like(arg->ty))
        return false;
    if (c->callee) {
        if (!c->callee->body)
            return i >= c->callee->params.len ||
                   !ty_scalar(((Var *)c->callee->params.items[i])->ty)->is_const ||
                   ((Var *)c->callee->params.items[i])->ty->base->kind == TY_PTR;
        return i < c->callee->params.len && callee_writes(c->callee, c->callee->params.items[i], depth + 1);
    }
    /* free() ends the memory: as good as a write for recomputation */
    return strcmp(c->text, "free") == 0 || !arg->ty->base || !arg->ty->base->is_const;
}

static bool call_writes_arg(Rev *rs, const Expr *c, int i)
{
    (void)rs;
    return call_writes_arg_at(c, i, 0);
}

/* Whether g may write through its pointer parameter p: a store into
 * memory based on p, p copied into another pointer, or p handed to a call
 * that may write through it (act_writes_param counts every call p is
 * passed to; a helper that only reads x and hands it on keeps x stable). */
typedef struct ParamWrite {
    const Var *p;
    int depth;
} ParamWrite;

static bool pw_stmt(const Stmt *s, void *ctx)
{
    ParamWrite *pw = ctx;
    const Var *p = pw->p;
    if (s->kind == ST_ASSIGN && s->lhs->op != EX_VAR &&
        (act_base_var(s->lhs) == p || (!act_base_var(s->lhs) && ex_any(s->lhs, mentions_var, (void *)p))))
        return true;
    if (s->kind == ST_ASSIGN && ty_is_ptr_like(s->lhs->ty) && ex_any(s->rhs, mentions_var, (void *)p))
        return true;
    if (s->kind == ST_DECL && ty_is_ptr_like(s->var->ty) && ex_any(s->init, mentions_var, (void *)p))
        return true;
    return false;
}

static bool pw_call(const Expr *e, void *ctx)
{
    ParamWrite *pw = ctx;
    if (e->op != EX_CALL)
        return false;
    for (int k = 0; k < e->args.len; k++)
        if (ex_any(e->args.items[k], mentions_var, (void *)pw->p) && call_writes_arg_at(e, k, pw->depth))
            return true;
    return false;
}

static bool callee_writes(const Func *g, const Var *p, int depth)
{
    if (depth > 8)
        return true;
    ParamWrite pw = {p, depth};
    return st_any(g->body, pw_stmt, &pw) || st_any_expr(g->body, pw_call, &pw);
}

/* ---- globals a call may change ---- */

/* out: Var*, the globals assigned, or whose memory is */
static bool global_assigned(const Stmt *s, void *out)
{
    if (s->kind != ST_ASSIGN)
        return false;
    const Expr *lhs = ex_strip_casts(s->lhs);
    Var *b = lhs->op == EX_VAR ? lhs->var : act_base_var(lhs);
    if (b && b->kind == VAR_GLOBAL && !vec_has(out, b))
        vec_push(out, b);
    return false;
}

void rev_globals_assigned(Func *g, Vec *out)
{
    Vec funcs = {0};
    act_reachable(g, &funcs);
    for (int i = 0; i < funcs.len; i++)
        st_any(((Func *)funcs.items[i])->body, global_assigned, out);
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
    /* &v is v's address in the sweep that evaluates it: the reverse
     * sweep's own v, declared anew there */
    if (e->op == EX_ADDR && e->a->op == EX_VAR && e->a->var->kind != VAR_GLOBAL)
        return true;
    if (e->op == EX_CALL || e->op == EX_INITLIST || e->op == EX_ADDR || !(ir_op_flags[e->op] & F_PURE))
        return false;
    return rev_stable_expr(rs, e->a) && rev_stable_expr(rs, e->b) && rev_stable_expr(rs, e->c);
}

void rev_recompute_consider(Rev *rs, Var *v, Expr *init)
{
    if (!rs->scan || !init || v->id >= rs->act->n || rs->rc.var_written[v->id])
        return;
    bool address = v->ty->kind == TY_PTR && init->op == EX_ADDR && init->a->op == EX_VAR;
    if (!ty_is_float(v->ty) && !ty_is_int(v->ty) && !address)
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

/* ---- calls evaluated again: scratch arrays a helper fills ----
 *
 *     for (int ik = 0; ik < k; ik++) {
 *         subtract(d, &x[ix * d], &means[ik * d], xcentered);
 *         qtimesx(d, ..., xcentered, qxcentered);
 *         ...
 *
 * A call that fills a local array through a parameter its callee only
 * writes (out[i] = e, e not reading out), from arguments and memory that
 * never change, is made again when the reverse sweep enters its block,
 * after the locals' recomputations: the reverse parts that read the array
 * then find the values the call wrote, and the callee's sweeps need not
 * save and restore the array (rev_spec's nosave). That holds when the call
 * is the only statement that writes the array, and the array appears
 * nowhere before the call in its block nor outside the block: the reverse
 * parts reading it are those of the call's successors, which run after the
 * recomputation and change nothing of it. The callee must be
 * self-contained (no calls, no globals that may change, memory reached
 * only as param[i] or a local array of its own) and cheap: single loops
 * that fill outputs. */

typedef struct Scratch {
    const Expr *call;
    unsigned long long nosave;  /* parameters whose memory the callee need not save */
} Scratch;

static bool is_var(const Expr *e, const Var *v)
{
    e = ex_strip_casts((Expr *)e);
    return e && e->op == EX_VAR && e->var == v;
}

typedef struct Count {
    const Var *v;
    int n;
} Count;

static bool count_node(const Expr *e, void *ctx)
{
    Count *c = ctx;
    c->n += e->op == EX_VAR && e->var == c->v;
    return false;
}

static int uses_in_expr(const Expr *e, const Var *v)
{
    Count c = {v, 0};
    ex_any(e, count_node, &c);
    return c.n;
}

static int uses_in_stmt(const Stmt *s, const Var *v)
{
    Count c = {v, 0};
    st_any_expr(s, count_node, &c);
    return c.n;
}

/* A call, a global that may change, or &x in g. */
static bool foreign(const Expr *e, void *ctx)
{
    (void)ctx;
    if (e->op == EX_VAR && e->var->kind == VAR_GLOBAL)
        return !ty_scalar(e->var->ty)->is_const;
    return e->op == EX_CALL || e->op == EX_ADDR;
}

/* Statements of g that declare pointers or write memory other than
 * param[i] / local_array[i]. */
static bool wild_stmt(const Stmt *s, void *ctx)
{
    (void)ctx;
    if (s->kind == ST_DECL)
        return s->var->ty->kind == TY_PTR;
    if (s->kind != ST_ASSIGN)
        return false;
    const Expr *l = s->lhs;
    if (l->op == EX_VAR)
        return l->var->kind == VAR_GLOBAL || ty_is_ptr_like(l->var->ty);
    if (l->op != EX_INDEX || l->a->op != EX_VAR)
        return true;
    const Var *b = l->a->var;
    return !(b->kind == VAR_PARAM || (b->kind == VAR_LOCAL && b->ty->kind == TY_ARRAY));
}

static bool self_contained(const Func *g)
{
    return !st_any_expr(g->body, foreign, NULL) && !st_any(g->body, wild_stmt, NULL);
}

static bool is_loop(const Stmt *s, void *ctx)
{
    (void)ctx;
    return s->kind == ST_FOR || s->kind == ST_WHILE || s->kind == ST_DO;
}

static bool writes_param(const Stmt *s, void *ctx)
{
    const Func *g = ctx;
    return s->kind == ST_ASSIGN && s->lhs->op == EX_INDEX && s->lhs->a->op == EX_VAR &&
           vec_has(&g->params, s->lhs->a->var);
}

/* Loops of g that are nested, or that write no parameter. */
static bool costly_loop(const Stmt *s, void *ctx)
{
    return is_loop(s, NULL) && (st_any(s->body, is_loop, NULL) || !st_any(s->body, writes_param, ctx));
}

/* Evaluating g again costs about what taping its outputs would: no calls
 * (self_contained), and each loop a single one that fills an output
 * (out[i] = a[i] - b[i]); exp per element, or a matrix-vector product,
 * is taped. */
static bool cheap(const Func *g)
{
    return !st_any(g->body, costly_loop, (void *)g);
}

typedef struct Param {
    const Var *p;
    int writes, uses;
} Param;

/* Counts p's uses in g, and those that are the target of out[i] = e
 * with p in neither i nor e. */
static bool param_use(const Stmt *s, void *ctx)
{
    Param *pu = ctx;
    if (s->kind == ST_ASSIGN && s->lhs->op == EX_INDEX && s->lhs->a->op == EX_VAR && s->lhs->a->var == pu->p &&
        !uses_in_expr(s->lhs->b, pu->p) && !uses_in_expr(s->rhs, pu->p))
        pu->writes++;
    return false;
}

static Param param_uses(const Func *g, const Var *p)
{
    Param pu = {p, 0, uses_in_stmt(g->body, p)};
    st_any(g->body, param_use, &pu);
    return pu;
}

/* &a[i], a or a + i into memory the function never writes, from values
 * that never change. */
static bool stable_address(Rev *rs, const Expr *e)
{
    e = ex_strip_casts((Expr *)e);
    if (e->op == EX_ADDR && e->a->op == EX_INDEX)
        return stable_memory(rs, e->a->a) && rev_stable_expr(rs, e->a->a) && rev_stable_expr(rs, e->a->b);
    if (e->op == EX_ADD || e->op == EX_SUB)
        return ty_is_ptr_like(e->a->ty) && stable_address(rs, e->a) && rev_stable_expr(rs, e->b);
    return e->op == EX_VAR && stable_memory(rs, e) && rev_stable_expr(rs, e);
}

static Expr *call_of(const Stmt *s)
{
    Expr *c = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->init : NULL;
    return c && c->op == EX_CALL ? c : NULL;
}

/* Argument k of c is only read: a const pointer parameter the callee does
 * not write through. */
static bool read_arg(const Expr *c, int k)
{
    Func *g = c->callee;
    if (!g || k >= g->params.len)
        return false;
    const Var *p = g->params.items[k];
    return p->ty->kind == TY_PTR && p->ty->base->is_const && (!g->body || !callee_writes(g, p, 0));
}

/* Uses of r in e that only read it: r[i] and a read_arg argument. */
static int read_uses(const Expr *e, const Var *r)
{
    if (!e || (e->op == EX_ADDR && act_base_var(e->a) == r))
        return 0; /* &r[i] may be written through */
    if (e->op == EX_INDEX && is_var(e->a, r))
        return 1 + read_uses(e->b, r);
    int n = 0;
    for (int k = 0; k < e->args.len; k++) {
        const Expr *a = e->args.items[k];
        if (e->op == EX_CALL && is_var(a, r))
            n += read_arg(e, k);
        else
            n += read_uses(a, r);
    }
    return n + read_uses(e->a, r) + read_uses(e->b, r) + read_uses(e->c, r);
}

typedef struct Reads {
    const Var *r;
    int n;
} Reads;

/* Counts the uses of r that only read it; stops at a write into r. */
static bool stmt_reads(const Stmt *s, void *ctx)
{
    Reads *rd = ctx;
    const Expr *l = s->kind == ST_ASSIGN ? s->lhs : NULL;
    if (l && l->op != EX_VAR && act_base_var(l) == rd->r)
        return true;
    rd->n += read_uses(l, rd->r) + read_uses(s->rhs, rd->r) + read_uses(s->init, rd->r) +
             read_uses(s->expr, rd->r) + read_uses(s->cond, rd->r);
    return false;
}

/* The call is the first mention of r in its block, the block holds all
 * others, and those only read r. */
static bool scratch_root(Rev *rs, const Stmt *b, int at, const Var *r, int call_uses)
{
    int inside = 0;
    for (int j = at; j < b->items.len; j++)
        inside += uses_in_stmt(b->items.items[j], r);
    if (inside != uses_in_stmt(rs->fn->body, r) || uses_in_stmt(b->items.items[at], r) != call_uses)
        return false;
    Reads rd = {r, 0};
    for (int j = at + 1; j < b->items.len; j++)
        if (st_any(b->items.items[j], stmt_reads, &rd))
            return false;
    return rd.n == inside - call_uses;
}

/* The parameters of the call at b's item `at` through which it fills
 * scratch arrays (0: not a call evaluated again). */
static unsigned long long scratch_outputs(Rev *rs, const Stmt *b, int at)
{
    const Expr *c = call_of(b->items.items[at]);
    Func *g = c ? c->callee : NULL;
    if (!g || !g->body || g->unsupported || rule_pullback(g) || c->args.len != g->params.len ||
        c->args.len > MAX_PARAMS || rs->rc.unknown_write || !self_contained(g) || !cheap(g))
        return 0;
    unsigned long long w = 0;
    for (int k = 0; k < c->args.len; k++) {
        const Var *p = g->params.items[k];
        const Expr *arg = c->args.items[k];
        Param pu = param_uses(g, p);
        if (!ty_is_ptr_like(p->ty)) {
            if (!rev_stable_expr(rs, arg))
                return 0;
        } else if (pu.writes == 0) {
            if (!stable_address(rs, arg))
                return 0;
        } else {
            const Expr *a = ex_strip_casts((Expr *)arg);
            if (pu.writes != pu.uses || a->op != EX_VAR || a->var->kind != VAR_LOCAL ||
                a->var->ty->kind != TY_ARRAY)
                return 0;
            w |= 1ull << k;
        }
    }
    for (int k = 0; k < c->args.len; k++) {
        if (!(w >> k & 1))
            continue;
        const Var *r = ex_strip_casts(c->args.items[k])->var;
        int call_uses = 0;
        for (int j = 0; j < c->args.len; j++)
            call_uses += (w >> j & 1) && is_var(c->args.items[j], r);
        if (!scratch_root(rs, b, at, r, call_uses))
            return 0;
    }
    return w;
}

/* The call again, when a reverse part reads what it fills. The scan marks
 * what the call reads, but not the arrays it fills: their needed_mem must
 * tell whether other reverse parts read them. */
static Stmt *call_again(Rev *rs, Expr *c, unsigned long long w)
{
    if (rs->scan) {
        Expr *mark = ex_new(EX_INITLIST, ty_void, c->loc);
        for (int k = 0; k < c->args.len; k++)
            if (!(w >> k & 1))
                vec_push(&mark->args, ex_copy(c->args.items[k]));
        return st_expr(mark, c->loc);
    }
    bool read = false;
    for (int k = 0; k < c->args.len; k++)
        read |= (w >> k & 1) && rs->needed_mem[ex_strip_casts(c->args.items[k])->var->id];
    return read ? st_expr(ex_copy(c), c->loc) : NULL;
}

void rev_recompute_calls(Rev *rs, const Stmt *b, Stmt *again)
{
    for (int i = 0; i < b->items.len; i++) {
        unsigned long long w = scratch_outputs(rs, b, i);
        if (!w)
            continue;
        Expr *c = call_of(b->items.items[i]);
        Scratch *sc = ir_alloc(sizeof(Scratch));
        sc->call = c;
        sc->nosave = w;
        vec_push(&rs->rc.scratch, sc);
        Stmt *s = call_again(rs, c, w);
        if (s)
            st_append(again, s);
    }
}

unsigned long long rev_recompute_nosave(Rev *rs, const Expr *call)
{
    for (int i = 0; i < rs->rc.scratch.len; i++) {
        const Scratch *sc = rs->rc.scratch.items[i];
        if (sc->call == call)
            return sc->nosave;
    }
    return 0;
}
