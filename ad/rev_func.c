/* rev_func.c: reverse mode at the level of functions: one specialisation
 * (forward and reverse sweep) per callee and activity pattern, the two
 * passes that learn what the reverse sweep reads and then save exactly
 * that, the parameters of the generated functions, and f_grad, which runs
 * both sweeps in one body. Statements are reverse.c's. */
#include "ad/rev.h"

#include <limits.h>
#include <string.h>

static Vec specs;          /* Spec*, in creation order */
static Vec restored;       /* Var*: globals that some reverse sweep restores */
static Vec finals;         /* Final*: f_grad bodies that put such globals back */

typedef struct Final {
    Rev *rs;
    Stmt *body;
    int keep, put;         /* where the final values are kept and put back */
} Final;

void rev_note_restored(Var *g)
{
    if (!vec_has(&restored, g))
        vec_push(&restored, g);
}


static bool assigns_param(const Func *f, const Var *p)
{
    return rev_writes_var(f->body, p);
}

/* p = pop(): a parameter the function assigned, at its final value. A
 * pointer moved through its array (p++) takes its shadow along: the
 * reverse sweep gets d_p where the caller's array starts, and moves it as
 * far as p moved. */
static Stmt *final_param(Rev *rs, Var *p, int i)
{
    Loc loc = p->loc;
    if (p->ty->kind != TY_PTR || !(rs->spec->mask >> i & 1) || !act_var(rs->act, p))
        return rev_pop(ex_var(p, loc), loc);
    /* popped into p itself: f_hvp's analysis of the tape follows p */
    Stmt *b = st_block(loc);
    Var *start = rev_temp(rs, "start", p->ty, loc);
    st_append(b, st_decl(start, ex_var(p, loc), loc));
    st_append(b, rev_pop(ex_var(p, loc), loc));
    Var *d = rev_shadow(rs, p);
    Expr *moved = ex_binary(EX_SUB, ex_var(p, loc), ex_var(start, loc), loc);
    moved->ty = ty_long;
    Expr *at = ex_binary(EX_ADD, ex_var(d, loc), moved, loc);
    at->ty = d->ty;
    st_append(b, st_assign(ex_var(d, loc), at, loc));
    return b;
}

/* Runs the transform of the whole body once: fills fwd and rev. */
static void transform(Rev *rs, Stmt *fwd, Stmt *rev)
{
    Func *f = rs->fn;
    rev_body(rs, f->body, fwd, rev, true);
    Stmt *save_in = st_block(f->loc), *restore = st_block(f->loc);
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        if (!assigns_param(f, p))
            continue;
        if (!rs->joint && !rs->scan && rs->needed[p->id]) {
            /* the reverse sweep starts from the parameter's final value */
            st_append(fwd, rev_push(ex_var(p, p->loc), p->loc));
            vec_insert(&rev->items, 0, final_param(rs, p, i));
        }
        if (ty_is_float(p->ty) && (rs->spec->mask >> i & 1)) {
            /* the caller's accumulated adjoint must not be cleared by x = ... */
            Expr *d = rev_adj_lvalue(rs, ex_var(p, p->loc));
            Var *t = rev_temp(rs, "din", p->ty, p->loc);
            st_append(save_in, st_decl(t, d, p->loc));
            st_append(save_in, st_assign(ex_copy(d), mk_num(0.0, p->ty, p->loc), p->loc));
            st_append(restore, st_assign(ex_copy(d), mk_add(ex_copy(d), ex_var(t, p->loc), p->loc), p->loc));
        }
    }
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        if (ty_is_float(p->ty) && !(rs->spec->mask >> i & 1) && act_var(rs->act, p))
            /* left out of the active ones, made active by an assignment */
            st_append(save_in, st_decl(rev_shadow(rs, p), mk_num(0.0, p->ty, p->loc), p->loc));
    }
    for (int i = save_in->items.len - 1; i >= 0; i--)
        vec_insert(&rev->items, 0, save_in->items.items[i]);
    st_append_flat(rev, restore);
}

static Rev *new_rev(Module *m, Spec *sp, bool joint)
{
    Rev *rs = ir_alloc(sizeof(Rev));
    rs->m = m;
    rs->spec = sp;
    rs->fn = sp->fn;
    rs->joint = joint;
    rs->act = act_analyze(m, sp->fn, sp->mask, sp->ret_active);
    rs->needed = ir_alloc(sizeof(bool) * (size_t)rs->act->n);
    rs->needed_mem = ir_alloc(sizeof(bool) * (size_t)rs->act->n);
    rs->written = ir_alloc(sizeof(bool) * (size_t)rs->act->n);
    rs->shadow = ir_alloc(sizeof(Var *) * (size_t)rs->act->n);
    rs->min_read = ir_alloc(sizeof(int) * (size_t)rs->act->n);
    for (int i = 0; i < rs->act->n; i++)
        rs->min_read[i] = INT_MAX;
    rs->mark_pos = -1;
    rs->mem_reads = ir_alloc(sizeof(Vec) * (size_t)rs->act->n);
    rev_recompute_init(rs);
    return rs;
}

/* Two passes: the first learns what the reverse sweep reads, the second
 * saves exactly those values when they are overwritten. */
static void restart(Rev *rs)
{
    rs->ntemps = 0;
    rs->pos = 0;
    rs->top_first.len = 0;
}

/* Scans until no new read is found: a value found read gets restores in
 * the loops that overwrite it, and those loops read their counters and
 * bounds, which the next scan sees. */
static void scan(Rev *rs)
{
    int n = rs->act->n;
    bool *seen = ir_alloc(sizeof(bool) * (size_t)n * 3);
    for (bool changed = true; changed;) {
        memcpy(seen, rs->needed, sizeof(bool) * (size_t)n);
        memcpy(seen + n, rs->needed_mem, sizeof(bool) * (size_t)n);
        memcpy(seen + 2 * n, rs->written, sizeof(bool) * (size_t)n);
        restart(rs);
        rs->final_mark = false;
        Stmt *f0 = st_block(rs->fn->loc), *r0 = st_block(rs->fn->loc);
        transform(rs, f0, r0);
        rs->final_mark = true;
        rev_mark_reads(rs, r0);
        rev_recompute_close(rs);
        changed = memcmp(seen, rs->needed, sizeof(bool) * (size_t)n) != 0 ||
                  memcmp(seen + n, rs->needed_mem, sizeof(bool) * (size_t)n) != 0 ||
                  memcmp(seen + 2 * n, rs->written, sizeof(bool) * (size_t)n) != 0;
    }
}

static void sweeps(Module *m, Spec *sp, bool joint, Expr *seed, Stmt **fwd, Stmt **rev, Rev **out)
{
    Rev *rs = new_rev(m, sp, joint);
    rs->seed = seed;
    rs->scan = true;
    scan(rs);
    int nstmts = rs->pos;
    rs->scan = false;
    restart(rs);
    *fwd = st_block(sp->fn->loc);
    *rev = st_block(sp->fn->loc);
    transform(rs, *fwd, *rev);
    ADCC_ASSERT(rs->pos == nstmts);
    *out = rs;
}

/* Parameters: each active one followed by its shadow (pointers only in
 * the forward sweep, all in the reverse sweep and in f_grad). */
static void add_params(Rev *rs, Func *g, bool pointers_only)
{
    Func *f = rs->fn;
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        vec_push(&g->params, p);
        if (!(rs->spec->mask >> i & 1))
            continue;
        if (pointers_only && !ty_is_ptr_like(p->ty))
            continue;
        vec_push(&g->params, rev_shadow(rs, p));
    }
}

static void gen_spec(Module *m, Spec *sp)
{
    Func *f = sp->fn;
    Var *d_ret = NULL;
    if (sp->ret_active) {
        d_ret = ir_var(m, "d_ret", ty_const(f->ret, false), VAR_PARAM, f->loc);
        d_ret->generated = true;
    }
    Stmt *fwd, *rev;
    Rev *rs;
    sweeps(m, sp, false, d_ret ? ex_var(d_ret, f->loc) : NULL, &fwd, &rev, &rs);
    Stmt *ret = st_new(ST_RETURN, f->loc);
    if (rs->result)
        ret->expr = ex_var(rs->result, f->loc);
    st_append(fwd, ret);
    sp->fwd->body = fwd;
    add_params(rs, sp->fwd, true);
    sp->rev->body = rev;
    add_params(rs, sp->rev, false);
    if (d_ret)
        vec_push(&sp->rev->params, d_ret);
}

Spec *rev_spec(Module *m, Func *f, unsigned long long mask, bool ret_active, unsigned long long nosave,
               unsigned long long redo)
{
    (void)m;
    int same_name = 0;
    for (int i = 0; i < specs.len; i++) {
        Spec *s = specs.items[i];
        if (s->fn == f && s->mask == mask && s->ret_active == ret_active && s->nosave == nosave && s->redo == redo)
            return s;
        same_name += s->fn == f;
    }
    ad_report_unsupported(f);
    Spec *sp = ir_alloc(sizeof(Spec));
    sp->fn = f;
    sp->mask = mask;
    sp->ret_active = ret_active;
    sp->nosave = nosave;
    sp->redo = redo;
    const char *sfx = same_name ? ir_format("_%d", same_name + 1) : "";
    sp->fwd = ad_new_func(ir_format("%s_fwd%s", f->name, sfx), f->ret, f->loc, true);
    sp->rev = ad_new_func(ir_format("%s_rev%s", f->name, sfx), ty_void, f->loc, true);
    vec_push(&specs, sp);
    return sp;
}

/* f_grad: both sweeps in one body, the return value's seed is 1. */
/* The globals f's forward sweep leaves (a call counter) that a reverse
 * sweep restores on the way back: f_grad keeps their final values and
 * puts them back at its end, as f leaves them. Known once every sweep is
 * generated. */
static void final_globals(Final *fin)
{
    Vec gs = {0};
    rev_globals_assigned(fin->rs->fn, &gs);
    Stmt *keep = st_block(fin->body->loc), *put = st_block(fin->body->loc);
    for (int i = 0; i < gs.len; i++) {
        Var *g = gs.items[i];
        if (!vec_has(&restored, g))
            continue;
        Var *t = rev_temp(fin->rs, "final", g->ty, g->loc);
        st_append(keep, st_decl(t, ex_var(g, g->loc), g->loc));
        st_append(put, st_assign(ex_var(g, g->loc), ex_var(t, g->loc), g->loc));
    }
    for (int i = put->items.len - 1; i >= 0; i--)
        vec_insert(&fin->body->items, fin->put, put->items.items[i]);
    for (int i = keep->items.len - 1; i >= 0; i--)
        vec_insert(&fin->body->items, fin->keep, keep->items.items[i]);
}

/* f_grad (hvp: the one f_hvp differentiates again, which reports no memory). */
static Func *gen_grad(Module *m, Func *f, unsigned long long mask, bool hvp)
{
    Spec top = {.fn = f, .mask = mask, .ret_active = ty_is_float(f->ret)};
    Expr *seed = ty_is_float(f->ret) ? mk_num(1.0, f->ret, f->loc) : NULL;
    Stmt *fwd, *rev;
    Rev *rs;
    sweeps(m, &top, true, seed, &fwd, &rev, &rs);
    Func *g = ad_new_func(ir_format("%s_grad", f->name), f->ret, f->loc, false);
    add_params(rs, g, false);
    Stmt *body = st_block(f->loc);
    bool report = m->report_memory && !hvp;
    if (report)
        st_append(body, st_expr(ex_call("adcc_memory_report_begin", ty_void, f->loc), f->loc));
    for (int i = 0; i < fwd->items.len; i++)
        st_append(body, fwd->items.items[i]);
    if (rev->items.len) {
        Final *fin = ir_alloc(sizeof(Final));
        fin->rs = rs;
        fin->body = body;
        fin->keep = body->items.len;
        st_append(body, st_comment("reverse sweep", f->loc));
        for (int i = 0; i < rev->items.len; i++)
            st_append(body, rev->items.items[i]);
        fin->put = body->items.len;
        vec_push(&finals, fin);
    }
    if (rs->redo)
        st_append(body, st_expr(ex_call("adcc_redo_apply", ty_void, f->loc), f->loc));
    if (report) {
        Expr *c = ex_call("adcc_memory_report", ty_void, f->loc);
        Expr *name = ex_new(EX_SIZEOF, ty_ptr(ty_void), f->loc);   /* verbatim text: the name as a string */
        name->text = ir_format("\"%s_grad\"", f->name);
        vec_push(&c->args, name);
        st_append(body, st_expr(c, f->loc));
    }
    Stmt *ret = st_new(ST_RETURN, f->loc);
    if (rs->result)
        ret->expr = ex_var(rs->result, f->loc);
    st_append(body, ret);
    g->body = body;
    return g;
}

void ad_reverse(Module *m, Vec *out, Vec *hvp_grads)
{
    Vec grads = {0};
    specs = (Vec){0};   /* a module's own: the last one's are in a freed arena */
    restored = finals = (Vec){0};
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        bool kernel = ad_has_annot(f, AN_KERNEL) && !ad_has_annot(f, AN_GRAD);
        if ((!ad_has_annot(f, AN_GRAD) && !ad_has_annot(f, AN_HVP) && !kernel) || !f->body)
            continue;
        if (f->unsupported) {
            diag_error(f->unsupported_loc, "%s", f->unsupported);
            continue;
        }
        if (ad_has_annot(f, AN_GRAD))
            vec_push(&grads, gen_grad(m, f, ad_annot_mask(f, AN_GRAD), false));
        if (kernel) {
            /* k_grad(i, ...): one element's adjoint, for the CPU or (--cuda) a GPU kernel */
            Func *g = gen_grad(m, f, ad_kernel_mask(f), false);
            g->origin = f;
            g->kernel = true;
            vec_push(&grads, g);
        }
        if (ad_has_annot(f, AN_HVP)) {
            /* f_hvp is f_grad differentiated in forward mode (its
             * checkpoints' snapshots hold the tangents too) */
            Func *g = gen_grad(m, f, ad_annot_mask(f, AN_HVP), true);
            g->origin = f;
            vec_push(hvp_grads, g);
        }
    }
    for (int i = 0; i < specs.len; i++) {
        Spec *sp = specs.items[i];
        if (!sp->done) {
            sp->done = true;
            gen_spec(m, sp);
        }
    }
    for (int i = 0; i < finals.len; i++)
        final_globals(finals.items[i]);
    /* helpers' sweeps first (declared static), then the f_grad functions */
    for (int i = 0; i < specs.len; i++) {
        Spec *sp = specs.items[i];
        vec_push(out, sp->fwd);
        vec_push(out, sp->rev);
    }
    for (int i = 0; i < grads.len; i++)
        vec_push(out, grads.items[i]);
}
