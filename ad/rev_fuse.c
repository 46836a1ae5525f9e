/* rev_fuse.c: a loop's reverse sweep run inside its forward sweep.
 *
 * In f_grad, a function-level counted loop whose reverse iterations
 * commute can run each reverse iteration right after the forward one,
 *
 *     for (i = 0; i < n - 1; i++) {          for (i = 0; i < n - 1; i++) {
 *         a = ...; f += 100*a*a + b*b;   =>      a = ...; f += 100*a*a + b*b;
 *     }                                          { d_a = 200*seed*a; d_x[i+1] += d_a; ... }
 *     ... reverse: for (i = ...; i--) {...}  }
 *
 * which reads x once instead of twice, as a hand-written adjoint does. It
 * is done only when every reverse iteration
 *   - restores nothing and calls nothing that could (no tape, no helpers),
 *     so the forward iterations still see the state they would have;
 *   - touches adjoints only by accumulation (d_x[j] += ..., d_s += ...),
 *     which commutes, except adjoints of outer values it only reads (d_f);
 *     those take the value the statements after the loop give them in the
 *     reverse sweep, computed before the loop ("seeds"), which requires that
 *     value not to depend on anything the loop or the code after it
 *     computes (d_f = 1 for `return f`);
 * and the code after the loop treats the adjoints the loop accumulates into
 * by accumulation too, so the new order changes no sum. */
#include "ad/rev.h"

#include <string.h>

typedef struct Fuse {
    Rev *rs;
    const Stmt *body;      /* the function body */
    int item;              /* the loop's index in it */
    Vec locals;            /* Var*: declared inside the reverse iteration */
    Vec accumulated;       /* Var*: outer adjoint scalars the iteration accumulates into */
    Vec read;              /* Var*: outer adjoint scalars the iteration reads */
    Vec known;             /* Var*: adjoint scalars with a value in `value` (tail evaluation) */
    Vec value;             /* Expr*: their values, NULL when unknown */
    bool ok;
} Fuse;

static bool is_adjoint(const Var *v) { return v->primal != NULL; }

static bool shadow_memory(const Expr *e)
{
    if (e->op != EX_INDEX && e->op != EX_DEREF)
        return false;
    Var *b = act_base_var(e->a);
    return b && b->primal;
}

/* ---- the reverse iteration ---- */

static bool collect_local(const Stmt *s, void *ctx)
{
    Fuse *fz = ctx;
    if (s->kind == ST_DECL)
        vec_push(&fz->locals, s->var);
    return false;
}

/* A call of a function of the file or of a helper's sweep (generated:
 * its body may come later). */
static bool file_call(const Expr *e)
{
    return e->op == EX_CALL && e->callee && (e->callee->body || e->callee->generated);
}

/* A function of the file or a sweep, adcc's runtime, or free. */
static bool forbidden_call(const Expr *e)
{
    return file_call(e) ||
           (e->op == EX_CALL && (strncmp(e->text, "adcc_", 5) == 0 || strcmp(e->text, "free") == 0));
}

/* Reads in an expression of the reverse iteration. */
static bool bad_read(const Expr *e, void *ctx)
{
    Fuse *fz = ctx;
    if (forbidden_call(e) || shadow_memory(e) || e->op == EX_ADDR)
        return true;
    /* a shadow pointer (d_x in d_x[i]) only locates memory */
    if (e->op == EX_VAR && is_adjoint(e->var) && ty_is_float(e->var->ty) && !vec_has(&fz->locals, e->var)) {
        if (vec_has(&fz->accumulated, e->var))
            return true;
        if (!vec_has(&fz->read, e->var))
            vec_push(&fz->read, e->var);
    }
    return false;
}

static void check_reads(Fuse *fz, const Expr *e)
{
    if (e && ex_any(e, bad_read, fz))
        fz->ok = false;
}

static bool check_stmt(const Stmt *s, void *ctx)
{
    Fuse *fz = ctx;
    switch (s->kind) {
    case ST_DECL: check_reads(fz, s->init); break;
    case ST_ASSIGN: {
        const Expr *lhs = s->lhs;
        const Expr *inc = st_increment(s);
        if (lhs->op == EX_VAR && vec_has(&fz->locals, lhs->var)) {
            check_reads(fz, s->rhs);
        } else if (lhs->op == EX_VAR && is_adjoint(lhs->var) && inc && !vec_has(&fz->read, lhs->var)) {
            if (!vec_has(&fz->accumulated, lhs->var))
                vec_push(&fz->accumulated, lhs->var);
            check_reads(fz, inc);
        } else if (shadow_memory(lhs) && inc) {
            check_reads(fz, lhs->a);
            check_reads(fz, lhs->b);
            check_reads(fz, inc);
        } else {
            fz->ok = false; /* writes outer primal state, or overwrites an adjoint */
        }
        break;
    }
    case ST_EXPR: case ST_RETURN: check_reads(fz, s->expr); break;
    case ST_IF: case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH: check_reads(fz, s->cond); break;
    case ST_BREAK: case ST_CONTINUE: fz->ok = false; break;
    case ST_BLOCK: case ST_CASE: case ST_DEFAULT: case ST_COMMENT: break;
    }
    return !fz->ok;
}

/* ---- the seeds: what the code after the loop gives the adjoints read ---- */

static int declared_at(const Stmt *body, const Var *v)
{
    for (int i = 0; i < body->items.len; i++) {
        const Stmt *s = body->items.items[i];
        if (s->kind == ST_DECL && s->var == v)
            return i;
    }
    return -1;
}

static Expr **slot(Fuse *fz, const Var *v)
{
    int i = vec_index(&fz->known, v);
    return i < 0 ? NULL : (Expr **)&fz->value.items[i];
}

static void set_value(Fuse *fz, Var *v, Expr *e)
{
    Expr **p = slot(fz, v);
    if (p) {
        *p = e;
        return;
    }
    vec_push(&fz->known, v);
    vec_push(&fz->value, e);
}

/* The value of e before the loop, given the adjoint values so far; NULL
 * when it depends on something the loop or the code after it changes. */
static Expr *eval(Fuse *fz, const Expr *e)
{
    if (e->op == EX_VAR && is_adjoint(e->var)) {
        Expr **p = slot(fz, e->var);
        if (!p)
            return ty_is_float(e->var->ty) ? mk_num(0.0, e->var->ty, e->loc) : NULL;
        return *p ? ex_copy(*p) : NULL;
    }
    if (e->op == EX_VAR) {
        Var *v = e->var;
        bool before = v->kind == VAR_PARAM || (v->kind == VAR_GLOBAL && ty_scalar(v->ty)->is_const) ||
                      (declared_at(fz->body, v) >= 0 && declared_at(fz->body, v) < fz->item);
        return before && rev_stable_expr(fz->rs, e) ? ex_copy(e) : NULL;
    }
    if (e->op == EX_INT || e->op == EX_FLT)
        return ex_copy(e);
    if (e->op == EX_CALL || e->op == EX_ADDR || e->op == EX_INDEX || e->op == EX_DEREF || e->op == EX_INITLIST ||
        e->op == EX_SIZEOF || !(ir_op_flags[e->op] & F_PURE))
        return NULL;
    Expr *r = ex_copy(e);
    if ((e->a && !(r->a = eval(fz, e->a))) || (e->b && !(r->b = eval(fz, e->b))) ||
        (e->c && !(r->c = eval(fz, e->c))))
        return NULL;
    if (e->op == EX_ADD)
        return mk_add(r->a, r->b, e->loc); /* drops the adjoints' initial 0.0 */
    if (e->op == EX_MUL)
        return mk_mul(r->a, r->b, e->loc);
    return r;
}

/* An assignment after the loop: an adjoint scalar gets its value as known
 * before the loop (in straight-line code) or none; the adjoints the loop
 * accumulates into and shadow memory may only be accumulated into. */
static void tail_assign(Fuse *fz, const Stmt *s, bool straight)
{
    if (s->lhs->op == EX_VAR && is_adjoint(s->lhs->var)) {
        if (vec_has(&fz->accumulated, s->lhs->var) && !st_increment(s))
            fz->ok = false;
        set_value(fz, s->lhs->var, straight ? eval(fz, s->rhs) : NULL);
    } else if (shadow_memory(s->lhs) && !st_increment(s)) {
        fz->ok = false;
    }
}

static bool tail_write(const Stmt *s, void *ctx)
{
    Fuse *fz = ctx;
    if (s->kind == ST_ASSIGN)
        tail_assign(fz, s, false);
    return !fz->ok;
}

static bool tail_read(const Expr *e, void *ctx)
{
    (void)ctx;
    return file_call(e);
}

/* The code after the loop may accumulate into the adjoints the loop
 * accumulates into, and into shadow memory, but not read them: it would see
 * the loop's contributions early. */
static bool early_read(const Expr *e, void *ctx)
{
    Fuse *fz = ctx;
    return shadow_memory(e) || (e->op == EX_VAR && vec_has(&fz->accumulated, e->var));
}

static bool tail_stmt_reads(const Stmt *s, void *ctx)
{
    Fuse *fz = ctx;
    const Expr *reads[4] = {s->init, s->expr, s->cond, NULL};
    if (s->kind == ST_ASSIGN)
        reads[3] = st_increment(s) ? st_increment(s) : s->rhs;
    if (s->kind == ST_ASSIGN && s->lhs->op != EX_VAR && (ex_any(s->lhs->a, early_read, fz) ||
                                                          (s->lhs->b && ex_any(s->lhs->b, early_read, fz))))
        fz->ok = false;
    for (int i = 0; i < 4; i++)
        if (reads[i] && ex_any(reads[i], early_read, fz))
            fz->ok = false;
    return !fz->ok;
}

/* Whether the code after the loop lets the loop move before it. */
static bool tail_allows(Fuse *fz, const Stmt *s)
{
    /* a helper's reverse sweep may clear adjoints it was passed */
    if (st_any(s, tail_stmt_reads, fz) || st_any_expr(s, tail_read, fz))
        fz->ok = false;
    return fz->ok;
}

/* A call given &d_x (a rule's adjoint argument) changes d_x: its value is
 * no longer known, and the loop may not accumulate into it first. */
static bool call_writes(const Expr *e, void *ctx)
{
    Fuse *fz = ctx;
    for (int i = 0; e->op == EX_CALL && i < e->args.len; i++) {
        const Expr *a = e->args.items[i];
        if (a->op != EX_ADDR || a->a->op != EX_VAR || !is_adjoint(a->a->var))
            continue;
        if (vec_has(&fz->accumulated, a->a->var))
            fz->ok = false;
        set_value(fz, a->a->var, NULL);
    }
    return !fz->ok;
}

/* Runs the reverse parts of the items after the loop symbolically. */
static void eval_tail(Fuse *fz, const Stmt *s)
{
    if (!fz->ok)
        return;
    if (s->kind == ST_BLOCK) {
        for (int i = 0; i < s->items.len; i++)
            eval_tail(fz, s->items.items[i]);
    } else if (s->kind == ST_DECL && is_adjoint(s->var)) {
        set_value(fz, s->var, s->init ? eval(fz, s->init) : NULL);
    } else if (s->kind == ST_ASSIGN) {
        tail_assign(fz, s, true);
    } else {
        st_any(s, tail_write, fz);
    }
    if (fz->ok)
        st_any_expr(s, call_writes, fz);
}

/* ---- the rewrite ---- */

typedef struct Subst {
    Vec from, to;
} Subst;

static void subst_expr(Subst *sb, Expr *e)
{
    if (!e)
        return;
    if (e->op == EX_VAR) {
        for (int i = 0; i < sb->from.len; i++)
            if (e->var == sb->from.items[i])
                e->var = sb->to.items[i];
        return;
    }
    subst_expr(sb, e->a);
    subst_expr(sb, e->b);
    subst_expr(sb, e->c);
    for (int i = 0; i < e->args.len; i++)
        subst_expr(sb, e->args.items[i]);
}

static bool subst_stmt(const Stmt *cs, void *ctx)
{
    Stmt *s = (Stmt *)cs;
    subst_expr(ctx, s->init);
    subst_expr(ctx, s->lhs);
    subst_expr(ctx, s->rhs);
    subst_expr(ctx, s->expr);
    subst_expr(ctx, s->cond);
    return false;
}

/* parts[k] holds { { int end = ...; for (i = end - 1; ...) body } }: the reversed loop's body. */
static Stmt *reversed_body(Stmt *part)
{
    if (part->kind != ST_BLOCK || part->items.len != 1)
        return NULL;
    Stmt *r = part->items.items[0];
    if (r->kind != ST_BLOCK || r->items.len != 2 || ((Stmt *)r->items.items[0])->kind != ST_DECL ||
        ((Stmt *)r->items.items[1])->kind != ST_FOR)
        return NULL;
    return ((Stmt *)r->items.items[1])->body;
}

/* The reverse iteration declares again and recomputes locals of the
 * forward iteration it now sits in (values set once, never changed): it can
 * read them directly. */
static void reuse_forward_locals(Rev *rs, const Stmt *loop_body, Stmt *br)
{
    for (int i = 0; i < br->items.len; i++) {
        Stmt *d = br->items.items[i];
        Var *v = d->kind == ST_DECL ? d->var : NULL;
        if (!v || d->init || declared_at(loop_body, v) < 0 || v->id >= rs->act->n || rs->rc.var_written[v->id])
            continue;
        int set = -1, writes = 0;
        for (int j = i + 1; j < br->items.len; j++) {
            Stmt *s = br->items.items[j];
            if (!rev_writes_var(s, v))
                continue;
            writes++;
            if (set < 0 && s->kind == ST_ASSIGN && s->lhs->op == EX_VAR && s->lhs->var == v)
                set = j;
        }
        if (set < 0 || writes != 1)
            continue;
        vec_remove(&br->items, set);
        vec_remove(&br->items, i--);
    }
}

static bool fuse_one(Rev *rs, const Stmt *body, int k, Stmt *fwd, int at, Vec *parts)
{
    Stmt *loop = fwd->items.items[at];
    Stmt *br = reversed_body(parts->items[k]);
    if (!br || loop->kind != ST_FOR || !loop->init_s || loop->init_s->kind != ST_DECL ||
        st_has_jump(loop->body))
        return false;
    Fuse fz = {.rs = rs, .body = body, .item = k, .ok = true};
    st_any(br, collect_local, &fz);
    st_any(br, check_stmt, &fz);
    for (int i = parts->len - 1; i > k && fz.ok; i--)
        if (tail_allows(&fz, parts->items[i]))
            eval_tail(&fz, parts->items[i]);
    if (!fz.ok)
        return false;
    Subst sb = {0};
    Stmt *seeds = st_block(loop->loc);
    for (int i = 0; i < fz.read.len; i++) {
        Var *a = fz.read.items[i];
        Expr **p = slot(&fz, a);
        Expr *v = p ? *p : mk_num(0.0, a->ty, loop->loc);
        if (!v || !ty_is_float(a->ty))
            return false;
        Var *seed = rev_temp(rs, "seed", a->ty, loop->loc);
        st_append(seeds, st_decl(seed, ex_copy(v), loop->loc));
        vec_push(&sb.from, a);
        vec_push(&sb.to, seed);
    }
    /* the adjoints it accumulates into are declared before it */
    for (int i = 0; i < fz.accumulated.len; i++) {
        Var *d = fz.accumulated.items[i];
        int at_decl = declared_at(body, d->primal);
        if (at_decl < 0 || at_decl >= k)
            return false;
    }
    for (int i = 0; i < fz.accumulated.len; i++) {
        Var *d = fz.accumulated.items[i];
        if (!act_addr_taken(rs->act, d->primal)) {
            vec_push(&rs->hoisted, d);
            vec_insert(&seeds->items, 0, st_decl(d, mk_num(0.0, d->ty, loop->loc), loop->loc));
        }
    }
    st_any(br, subst_stmt, &sb);
    reuse_forward_locals(rs, loop->body, br);
    st_append(loop->body, br);
    parts->items[k] = st_block(loop->loc);
    for (int i = seeds->items.len - 1; i >= 0; i--)
        vec_insert(&fwd->items, at, seeds->items.items[i]);
    return true;
}

static bool writes_param(const Stmt *s, void *ctx)
{
    (void)ctx;
    return s->kind == ST_ASSIGN && s->lhs->op == EX_VAR && s->lhs->var->kind == VAR_PARAM;
}

bool rev_hoisted(Rev *rs, Var *v)
{
    return rs->shadow[v->id] && vec_has(&rs->hoisted, rs->shadow[v->id]);
}

/* &s on a floating scalar: its adjoint can then change through a pointer
 * (*d_p += ...), which the by-name tracking of adjoints here would miss. */
static bool float_address(const Expr *e, void *ctx)
{
    (void)ctx;
    return e->op == EX_ADDR && e->a->op == EX_VAR && ty_is_float(e->a->ty);
}

void rev_fuse(Rev *rs, const Stmt *body, Stmt *fwd, const int *fwd_at, Vec *parts)
{
    if (st_any_expr(body, float_address, NULL))
        return;
    /* a parameter assigned in the body has its adjoint set aside at the
     * start of the reverse sweep, which the loop's accumulation would precede */
    if (st_any(body, writes_param, NULL))
        return;
    /* the last loop that qualifies; an earlier one would see its reverse part moved */
    for (int k = body->items.len - 1; k >= 0; k--) {
        const Stmt *s = body->items.items[k];
        if (s->kind == ST_FOR && !s->snapshots && fwd_at[k + 1] - fwd_at[k] == 1 && fuse_one(rs, body, k, fwd, fwd_at[k], parts))
            return;
    }
}
