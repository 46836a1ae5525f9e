/* activity.c: activity analysis. A value is active when it is varied
 * (depends on an active input) and useful (influences an active output).
 * Flow-insensitive over the whole body; memory is tracked per root
 * (pointer parameter's pointee, local array, malloc'd pointer) through a
 * small points-to analysis. Integer values are never active. For f_hvp,
 * the sweeps of f_grad are analysed with what adcc's tape between them
 * carries (fwd.h's TapeRoots, hence that header). */
#include "ad/fwd.h"

#include <stdint.h>
#include <string.h>

typedef struct Edge {
    int from, to;          /* nodes: 2*id value of a var, 2*id+1 memory of a root */
} Edge;

typedef struct Walk {
    Act *act;
    Func *fn;
    Vec edges;             /* Edge* */
    Vec srcs;              /* scratch: int nodes (stored as intptr) */
    bool *seed_varied, *seed_useful;
    bool ret_active;
    bool changed;
    bool *fresh;           /* var id -> memory of its own: a local floating array or &scalar, a malloc'd block */
    const TapeRoots *tr;   /* where popped pointers point (NULL: no tape seen) */
    Vec tape_funcs;        /* Func*: callees whose use of the tape is known */
    Vec tape_uses;         /* their TAPE_PUSH | TAPE_POP, as intptr */
} Walk;

enum { TAPE_PUSH = 1, TAPE_POP = 2 };

static int mnode(const Var *r) { return 2 * r->id + 1; }
/* adcc's tape, which differentiated code (f_grad, for f_hvp) pushes values
 * onto and pops them from: one node after the variables', both varied and
 * useful, so what is popped carries a tangent and what is pushed needs one.
 * Values are floating values and objects (adcc_push_p of a tensor); other
 * pointers get their activity from what they point to. */
static int tape_node(const Act *a) { return 2 * a->n; }

static bool is_tape_call(const Expr *e, const char *op)
{
    size_t n = strlen(op);
    return e->op == EX_CALL && !e->callee && strncmp(e->text, op, n) == 0 &&
           (strcmp(e->text + n, "d") == 0 || strcmp(e->text + n, "f") == 0 || strcmp(e->text + n, "p") == 0);
}
/* adcc_ckpt_put(ck, p, n) or adcc_ckpt_get(ck, p, n): a checkpoint's snapshot transfer. */
static bool is_snapshot_call(const Expr *e)
{
    return e->op == EX_CALL && !e->callee && e->args.len == 3 &&
           (strcmp(e->text, "adcc_ckpt_put") == 0 || strcmp(e->text, "adcc_ckpt_get") == 0);
}

/* A scalar whose address is taken has one node: its value is its memory. */
static int vnode(const Act *a, const Var *v) { return act_addr_taken(a, v) ? mnode(v) : 2 * v->id; }

bool act_addr_taken(const Act *a, const Var *v)
{
    return v->id < a->n && a->addr_taken[v->id];
}

static bool note_addr(const Expr *e, void *ctx)
{
    Act *a = ctx;
    if (e->op == EX_ADDR && e->a->op == EX_VAR && ty_is_float(e->a->ty) && e->a->var->id < a->n)
        a->addr_taken[e->a->var->id] = true;
    return false;
}


Var *act_base_var(const Expr *e)
{
    while (e) {
        switch (e->op) {
        case EX_VAR: return e->var;
        case EX_INDEX: case EX_DEREF: case EX_CAST: case EX_ADDR: case EX_NEG:
            e = e->a;
            break;
        case EX_ADD: case EX_SUB:
            e = ty_is_ptr_like(e->a->ty) ? e->a : e->b;
            break;
        case EX_COND:
            e = e->b;
            break;
        default:
            return NULL;
        }
    }
    return NULL;
}

static void add_root(Vec *v, Var *r)
{
    for (int i = 0; i < v->len; i++)
        if (v->items[i] == r)
            return;
    vec_push(v, r);
}

/* Roots a pointer-valued expression may point into. */
void act_roots(const Act *a, const Expr *e, Vec *out)
{
    if (!e)
        return;
    switch (e->op) {
    case EX_VAR:
        if (e->var->id < a->n)
            for (int i = 0; i < a->pts[e->var->id].len; i++)
                add_root(out, a->pts[e->var->id].items[i]);
        return;
    case EX_ADD: case EX_SUB:
        act_roots(a, ty_is_ptr_like(e->a->ty) ? e->a : e->b, out);
        return;
    case EX_CAST:
        act_roots(a, e->a, out);
        return;
    case EX_COND:
        act_roots(a, e->b, out);
        act_roots(a, e->c, out);
        return;
    case EX_ADDR:
        /* &a[i] and &*p point where a and p point */
        if (e->a->op == EX_INDEX || e->a->op == EX_DEREF)
            act_roots(a, e->a->a, out);
        else if (e->a->op == EX_VAR && e->a->var->id < a->n)
            add_root(out, e->a->var);
        return;
    case EX_INDEX: case EX_DEREF:
        /* a pointer loaded from memory: unknown, treated as its container */
        act_roots(a, e->a, out);
        return;
    default:
        return;
    }
}

/* Value and memory leaves of a floating expression (stop_gradient cuts). */
static void leaves(Walk *w, const Expr *e, Vec *out)
{
    if (!e)
        return;
    switch (e->op) {
    case EX_VAR:
        if (ty_is_value(e->ty))
            vec_push(out, (void *)(intptr_t)vnode(w->act, e->var));
        return;
    case EX_INDEX: case EX_DEREF:
        if (ty_is_float(e->ty)) {
            Vec roots = {0};
            act_roots(w->act, e->a, &roots);
            for (int i = 0; i < roots.len; i++)
                vec_push(out, (void *)(intptr_t)mnode(roots.items[i]));
        }
        return;
    case EX_STOPGRAD: case EX_INT: case EX_FLT: case EX_SIZEOF:
        return;
    default:
        if (is_tape_call(e, "adcc_pop_")) {
            vec_push(out, (void *)(intptr_t)tape_node(w->act));
            return;
        }
        if (!(ir_op_flags[e->op] & F_ARITH) && e->op != EX_CALL)
            return;
        leaves(w, e->a, out);
        leaves(w, e->b, out);
        leaves(w, e->c, out);
        for (int i = 0; i < e->args.len; i++)
            leaves(w, e->args.items[i], out);
        return;
    }
}

static void edge(Walk *w, int from, int to)
{
    Edge *e = ir_alloc(sizeof(Edge));
    e->from = from;
    e->to = to;
    vec_push(&w->edges, e);
}

static void flow_into(Walk *w, const Expr *rhs, int to)
{
    Vec src = {0};
    leaves(w, rhs, &src);
    for (int i = 0; i < src.len; i++)
        edge(w, (int)(intptr_t)src.items[i], to);
}

bool act_is_alloc(const Expr *e)
{
    e = ex_strip_casts((Expr *)e);
    return e && e->op == EX_CALL && !e->callee &&
           (strcmp(e->text, "malloc") == 0 || strcmp(e->text, "calloc") == 0);
}

static bool floating_ptr(const Type *t)
{
    return t && ty_is_ptr_like(t) && !ty_is_object(t) && ty_is_float(t->base);
}

static void mark_fresh(Walk *w, const Var *v)
{
    if (ty_is_active_type(v->ty) && !w->fresh[v->id])
        w->fresh[v->id] = w->changed = true;
}

/* Memory of the function's own (not a parameter's) that a pointer on the
 * tape may point into: a local floating array or scalar, or a malloc'd
 * block, here or in a forward sweep whose pointers this reverse sweep pops. */
static bool own_memory(const Walk *w, const Var *r)
{
    for (int i = 0; i < w->fn->params.len; i++)
        if (w->fn->params.items[i] == r)
            return false;
    return (r->id < w->act->n && w->fresh[r->id]) || (w->tr && r->id < w->tr->n && w->tr->fresh[r->id]);
}

/* adcc_push_p(p) / p = adcc_pop_p() of a pointer to floating data, which
 * the tape carries with its tangent (NULL where the pushing sweep has
 * none). Pushed, the memory p points into flows onto the tape: the reverse
 * sweep reads it. Memory of the sweeps' own also flows back, pushed or
 * popped, since the reverse sweep may accumulate into it (a shadow it
 * allocated): so both sweeps give it a tangent, and the reverse sweep never
 * reads or writes through a NULL tangent. A parameter's memory gets its
 * activity from the caller, alike in both sweeps. */
static void taped_pointer(Walk *w, const Expr *p, bool push)
{
    p = ex_strip_casts((Expr *)p);
    if (!floating_ptr(p->ty))
        return;
    Vec roots = {0};
    act_roots(w->act, p, &roots);
    int t = tape_node(w->act);
    for (int i = 0; i < roots.len; i++) {
        Var *r = roots.items[i];
        if (push)
            edge(w, mnode(r), t);
        if (own_memory(w, r)) {
            edge(w, t, mnode(r));
            edge(w, mnode(r), t);
        }
    }
}

/* What a callee does with adcc's tape, through the calls it makes: a
 * forward sweep pushes, a reverse sweep pops. */
static bool direct_tape_use(const Expr *e, void *ctx)
{
    int *use = ctx;
    if (e->op == EX_CALL && !e->callee &&
        (strncmp(e->text, "adcc_push_", 10) == 0 || strcmp(e->text, "adcc_ckpt_put") == 0))
        *use |= TAPE_PUSH;
    if (e->op == EX_CALL && !e->callee &&
        (strncmp(e->text, "adcc_pop_", 9) == 0 || strcmp(e->text, "adcc_ckpt_get") == 0))
        *use |= TAPE_POP;
    return false;
}

static bool reach_callees(const Expr *e, void *ctx)
{
    Vec *seen = ctx;
    if (e->op == EX_CALL && e->callee && e->callee->body && !vec_has(seen, e->callee))
        vec_push(seen, e->callee);
    return false;
}

void act_reachable(Func *g, Vec *funcs)
{
    vec_push(funcs, g);
    for (int i = 0; i < funcs->len; i++)   /* grows while it is walked */
        st_any_expr(((Func *)funcs->items[i])->body, reach_callees, funcs);
}

static int tape_use(Walk *w, Func *g)
{
    for (int i = 0; i < w->tape_funcs.len; i++)
        if (w->tape_funcs.items[i] == g)
            return (int)(intptr_t)w->tape_uses.items[i];
    Vec seen = {0};
    int use = 0;
    act_reachable(g, &seen);
    for (int i = 0; i < seen.len; i++)
        st_any_expr(((Func *)seen.items[i])->body, direct_tape_use, &use);
    vec_push(&w->tape_funcs, g);
    vec_push(&w->tape_uses, (void *)(intptr_t)use);
    return use;
}

/* Points-to: p = q + k, p = malloc(..), arrays and pointer params. */
static void points_to(Walk *w, Var *v, const Expr *rhs)
{
    if (!ty_is_ptr_like(v->ty) || ty_is_object(v->ty) || !rhs)
        return;
    Vec *pv = &w->act->pts[v->id];
    int before = pv->len;
    const Expr *core = ex_strip_casts((Expr *)rhs);
    if (act_is_alloc(rhs)) {
        add_root(pv, v);
        mark_fresh(w, v);
    } else if (is_tape_call(core, "adcc_pop_")) {
        /* the pointer a forward sweep pushed: the sweeps share their
         * variables, so it points where the forward sweeps' assignments
         * of v made it point (not into memory of its own) */
        for (int i = 0; w->tr && v->id < w->tr->n && i < w->tr->pts[v->id].len; i++) {
            Var *r = w->tr->pts[v->id].items[i];
            add_root(pv, r);
            /* &x taken there: x's value and memory are one here too */
            if (ty_is_float(r->ty) && r->id < w->act->n && !w->act->addr_taken[r->id])
                w->act->addr_taken[r->id] = w->changed = true;
        }
    } else if (core->op == EX_CALL) {
        /* a returned pointer: memory of its own, or any pointer argument's */
        add_root(pv, v);
        for (int i = 0; i < core->args.len; i++)
            if (ty_is_ptr_like(((Expr *)core->args.items[i])->ty))
                act_roots(w->act, core->args.items[i], pv);
    } else {
        act_roots(w->act, rhs, pv);
    }
    if (pv->len != before)
        w->changed = true;
}

/* An object passed to a non-const object parameter of a function with no
 * body here (a rule accumulating into an adjoint, an in-place op) may be
 * written by it. */
static bool object_written(const Expr *call, int i)
{
    const Func *g = call->callee;
    if (!g || g->body || i >= g->params.len)
        return false;
    const Type *t = ((Var *)g->params.items[i])->ty;
    return ty_is_object(t) && !t->base->is_const;
}

static void call_flows(Walk *w, const Expr *call, void *result_lhs)
{
    Vec src = {0}, dst = {0};
    for (int i = 0; i < call->args.len; i++) {
        Expr *arg = call->args.items[i];
        Expr *core = ex_strip_casts(arg);
        if (core->op == EX_VAR && ty_is_object(core->ty) && object_written(call, i))
            vec_push(&dst, (void *)(intptr_t)vnode(w->act, core->var));
        if (ty_is_ptr_like(arg->ty) && !ty_is_object(arg->ty)) {
            Vec roots = {0};
            act_roots(w->act, arg, &roots);
            for (int r = 0; r < roots.len; r++) {
                if (!ty_is_active_type(arg->ty))
                    continue;
                vec_push(&src, (void *)(intptr_t)mnode(roots.items[r]));
                if (!ty_scalar(arg->ty)->is_const)
                    vec_push(&dst, (void *)(intptr_t)mnode(roots.items[r]));
            }
        } else {
            leaves(w, arg, &src);
        }
    }
    if (result_lhs)
        vec_push(&dst, result_lhs);
    /* a sweep of f_grad's (for f_hvp): what a forward sweep pushes depends
     * on its arguments, and what a reverse sweep pops reaches its outputs */
    int use = call->callee->body ? tape_use(w, call->callee) : 0;
    if (use & TAPE_PUSH)
        vec_push(&dst, (void *)(intptr_t)tape_node(w->act));
    if (use & TAPE_POP)
        vec_push(&src, (void *)(intptr_t)tape_node(w->act));
    for (int i = 0; i < src.len; i++)
        for (int j = 0; j < dst.len; j++)
            edge(w, (int)(intptr_t)src.items[i], (int)(intptr_t)dst.items[j]);
}

/* p = elements(obj): p's memory is obj's elements, so activity flows both
 * ways between them, and a read of obj (by a rule) reads that memory. */
static void elements_flows(Walk *w, Var *p, Var *obj)
{
    Vec *pp = &w->act->pts[p->id], *po = &w->act->pts[obj->id];
    int before = pp->len + po->len;
    add_root(pp, p);
    add_root(po, p);
    if (pp->len + po->len != before)
        w->changed = true;
    edge(w, vnode(w->act, obj), mnode(p));
    edge(w, mnode(p), vnode(w->act, obj));
}

static void assign_flows(Walk *w, const Expr *lhs, const Expr *rhs)
{
    if (lhs->op == EX_VAR && rule_elements_object(rhs)) {
        elements_flows(w, lhs->var, rule_elements_object(rhs));
        return;
    }
    if (lhs->op == EX_VAR) {
        points_to(w, lhs->var, rhs);
        if (is_tape_call(ex_strip_casts((Expr *)rhs), "adcc_pop_"))
            taped_pointer(w, lhs, false);
        if (!ty_is_value(lhs->ty))
            return;
        if (rhs->op == EX_CALL && rhs->callee)
            call_flows(w, rhs, (void *)(intptr_t)vnode(w->act, lhs->var));
        else
            flow_into(w, rhs, vnode(w->act, lhs->var));
        /* o2 = o names one object twice: what a rule accumulates into o2
         * (an adjoint, an inlined parameter) is in o */
        const Expr *core = ex_strip_casts((Expr *)rhs);
        if (ty_is_object(lhs->ty) && core->op == EX_VAR && ty_is_object(core->ty))
            edge(w, vnode(w->act, lhs->var), vnode(w->act, core->var));
        return;
    }
    if (!ty_is_float(lhs->ty))
        return;
    Vec roots = {0};
    act_roots(w->act, lhs->a, &roots);
    for (int i = 0; i < roots.len; i++)
        flow_into(w, rhs, mnode(roots.items[i]));
}

/* adcc_push_array_d(p, n): the memory p points into flows onto the tape;
 * adcc_pop_array_d(p, n): the tape flows back into it. A checkpoint's
 * snapshots are a tape too: adcc_ckpt_put(ck, p, n) and adcc_ckpt_get. */
static void array_tape_flows(Walk *w, const Expr *c)
{
    bool push = strncmp(c->text, "adcc_push_", 10) == 0 || strcmp(c->text, "adcc_ckpt_put") == 0;
    const Expr *p = ex_strip_casts(c->args.items[strncmp(c->text, "adcc_ckpt_", 10) == 0 ? 1 : 0]);
    if (p->op == EX_ADDR && p->a->op == EX_VAR) {
        /* &x: x's value (a scalar, or a pointer with where it points) */
        int v = vnode(w->act, p->a->var), t = tape_node(w->act);
        edge(w, push ? v : t, push ? t : v);
        if (ty_is_ptr_like(p->a->ty))
            taped_pointer(w, p->a, push);
        return;
    }
    Vec roots = {0};
    act_roots(w->act, p, &roots);
    for (int i = 0; i < roots.len; i++) {
        int m = mnode(roots.items[i]), t = tape_node(w->act);
        edge(w, push ? m : t, push ? t : m);
    }
}

static void walk(Walk *w, const Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_DECL:
        if (s->var->ty->kind == TY_ARRAY && s->var->id < w->act->n) {
            add_root(&w->act->pts[s->var->id], s->var);
            mark_fresh(w, s->var);
        }
        if (s->init && s->init->op != EX_INITLIST)
            assign_flows(w, ex_var(s->var, s->loc), s->init);
        return;
    case ST_ASSIGN:
        assign_flows(w, s->lhs, s->rhs);
        return;
    case ST_EXPR:
        if (s->expr->op == EX_CALL && s->expr->callee)
            call_flows(w, s->expr, NULL);
        else if (is_tape_call(s->expr, "adcc_push_")) {
            flow_into(w, s->expr->args.items[0], tape_node(w->act));
            taped_pointer(w, s->expr->args.items[0], true);
        }
        else if (is_tape_call(s->expr, "adcc_push_array_") || is_tape_call(s->expr, "adcc_pop_array_") ||
                 is_snapshot_call(s->expr))
            array_tape_flows(w, s->expr);
        return;
    case ST_RETURN:
        if (s->expr && w->ret_active) {
            Vec src = {0};
            leaves(w, s->expr, &src);
            for (int i = 0; i < src.len; i++)
                w->seed_useful[(int)(intptr_t)src.items[i]] = true;
        }
        return;
    case ST_IF:
        walk(w, s->then);
        walk(w, s->els);
        return;
    case ST_FOR:
        walk(w, s->init_s);
        walk(w, s->step);
        walk(w, s->body);
        return;
    case ST_WHILE: case ST_DO: case ST_SWITCH:
        walk(w, s->body);
        return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            walk(w, s->items.items[i]);
        return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE: case ST_COMMENT:
        return;
    }
}

static void propagate(Walk *w, bool *set, bool forward)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (int i = 0; i < w->edges.len; i++) {
            Edge *e = w->edges.items[i];
            int from = forward ? e->from : e->to, to = forward ? e->to : e->from;
            if (set[from] && !set[to])
                set[to] = changed = true;
        }
    }
}

/* The analysis of f up to its flows: points-to at its fixed point, the
 * edges of the last walk, the returns' leaves useful where ret_active. */
static Act *new_act(Module *m, Func *f, Walk *w, const TapeRoots *tr, bool ret_active)
{
    Act *a = ir_alloc(sizeof(Act));
    a->n = m->nvars;
    a->varied = ir_alloc(sizeof(bool) * (2 * (size_t)a->n + 1));
    a->useful = ir_alloc(sizeof(bool) * (2 * (size_t)a->n + 1));
    a->varied[tape_node(a)] = a->useful[tape_node(a)] = true;
    a->pts = ir_alloc(sizeof(Vec) * (size_t)a->n);
    a->addr_taken = ir_alloc(sizeof(bool) * (size_t)a->n);
    st_any_expr(f->body, note_addr, a);
    *w = (Walk){.act = a, .fn = f, .seed_varied = a->varied, .seed_useful = a->useful,
              .ret_active = ret_active, .tr = tr};
    w->fresh = ir_alloc(sizeof(bool) * (size_t)a->n);
    for (int v = 0; v < a->n; v++)   /* &x of a floating local: its memory is x's own */
        w->fresh[v] = a->addr_taken[v];
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        if (ty_is_ptr_like(p->ty) && !ty_is_object(p->ty))
            add_root(&a->pts[p->id], p);
    }
    /* points-to needs a fixed point before flows can use roots */
    do {
        w->changed = false;
        w->edges = (Vec){0};
        walk(w, f->body);
    } while (w->changed);
    return a;
}

Act *act_analyze_taped(Module *m, Func *f, unsigned long long mask, bool ret_active, const TapeRoots *tr)
{
    Walk w;
    Act *a = new_act(m, f, &w, tr, ret_active);
    for (int i = 0; i < f->params.len; i++) {
        Var *p = f->params.items[i];
        if (!(mask >> i & 1))
            continue;
        if (ty_is_ptr_like(p->ty) && !ty_is_object(p->ty)) {
            a->varied[mnode(p)] = true;
            a->useful[mnode(p)] = true;
        } else {
            a->varied[vnode(a, p)] = true;
            /* a mutable object parameter may be an output (an adjoint that
             * f_grad accumulates into, seen by f_hvp) */
            if (ty_is_object(p->ty) && !p->ty->base->is_const)
                a->useful[vnode(a, p)] = true;
        }
    }
    propagate(&w, a->varied, true);
    propagate(&w, a->useful, false);
    /* a pointer that may point into an active root makes all its roots active */
    for (bool changed = true; changed;) {
        changed = false;
        for (int v = 0; v < a->n; v++) {
            bool any = false;
            for (int i = 0; i < a->pts[v].len; i++) {
                Var *r = a->pts[v].items[i];
                any |= a->varied[mnode(r)] && a->useful[mnode(r)];
            }
            for (int i = 0; any && i < a->pts[v].len; i++) {
                Var *r = a->pts[v].items[i];
                if (!(a->varied[mnode(r)] && a->useful[mnode(r)]))
                    a->varied[mnode(r)] = a->useful[mnode(r)] = changed = true;
            }
        }
    }
    return a;
}

Act *act_analyze(Module *m, Func *f, unsigned long long mask, bool ret_active)
{
    return act_analyze_taped(m, f, mask, ret_active, NULL);
}

TapeRoots *act_tape_roots(Module *m, Vec *funcs)
{
    TapeRoots *tr = ir_alloc(sizeof(TapeRoots));
    tr->n = m->nvars;
    tr->pts = ir_alloc(sizeof(Vec) * (size_t)tr->n);
    tr->fresh = ir_alloc(sizeof(bool) * (size_t)tr->n);
    /* a pointer derived in one sweep from one it popped may be pushed again */
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < funcs->len; i++) {
            Func *f = funcs->items[i];
            if (!f->body)
                continue;
            Walk w;
            Act *a = new_act(m, f, &w, tr, false);
            for (int v = 0; v < tr->n; v++) {
                int before = tr->pts[v].len;
                for (int k = 0; k < a->pts[v].len; k++)
                    add_root(&tr->pts[v], a->pts[v].items[k]);
                changed |= tr->pts[v].len != before || (w.fresh[v] && !tr->fresh[v]);
                tr->fresh[v] |= w.fresh[v];
            }
        }
    }
    return tr;
}

bool act_varied(const Act *a, const Var *v)
{
    return v->id < a->n && ty_is_value(v->ty) && a->varied[vnode(a, v)];
}

bool act_var(const Act *a, const Var *v)
{
    if (v->id >= a->n)
        return false;
    if (ty_is_value(v->ty))
        return a->varied[vnode(a, v)] && a->useful[vnode(a, v)];
    if (!ty_is_ptr_like(v->ty) || !ty_is_active_type(v->ty))
        return false;
    for (int i = 0; i < a->pts[v->id].len; i++) {
        Var *r = a->pts[v->id].items[i];
        if (a->varied[mnode(r)] && a->useful[mnode(r)])
            return true;
    }
    return false;
}

bool act_roots_active(const Act *a, const Expr *p)
{
    Vec roots = {0};
    act_roots(a, p, &roots);
    for (int i = 0; i < roots.len; i++)
        if (act_var(a, roots.items[i]))
            return true;
    return false;
}

bool act_expr(const Act *a, const Expr *e)
{
    if (!e)
        return false;
    switch (e->op) {
    case EX_VAR:
        return ty_is_value(e->ty) && act_var(a, e->var);
    case EX_INDEX: case EX_DEREF:
        return ty_is_float(e->ty) && act_var(a, act_base_var(e->a) ? act_base_var(e->a) : e->a->var);
    case EX_STOPGRAD: case EX_INT: case EX_FLT: case EX_SIZEOF:
        return false;
    default:
        if (!(ir_op_flags[e->op] & F_ARITH) && e->op != EX_CALL)
            return false;
        if (!ty_is_value(e->ty) && e->op != EX_CALL)
            return false;
        for (int i = 0; i < e->args.len; i++)
            if (act_expr(a, e->args.items[i]))
                return true;
        return act_expr(a, e->a) || act_expr(a, e->b) || act_expr(a, e->c);
    }
}

static bool writes_through(const Stmt *s, const Var *p)
{
    if (!s)
        return false;
    switch (s->kind) {
    case ST_ASSIGN:
        return s->lhs->op != EX_VAR && act_base_var(s->lhs) == p;
    case ST_EXPR: case ST_DECL: {
        const Expr *c = s->kind == ST_EXPR ? s->expr : s->init;
        if (!c || c->op != EX_CALL || !c->callee)
            return false;
        for (int i = 0; i < c->args.len; i++)
            if (act_base_var(c->args.items[i]) == p)
                return true;
        return false;
    }
    case ST_IF:
        return writes_through(s->then, p) || writes_through(s->els, p);
    case ST_FOR: case ST_WHILE: case ST_DO: case ST_SWITCH:
        return writes_through(s->body, p);
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            if (writes_through(s->items.items[i], p))
                return true;
        return false;
    case ST_RETURN: case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE:
    case ST_COMMENT:
        return false;
    }
    return false;
}

bool act_writes_param(Module *m, Func *f, int i)
{
    (void)m;
    return f->body && writes_through(f->body, f->params.items[i]);
}
