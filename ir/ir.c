/* ir.c: the arena, vectors and node constructors of the IR. Every stage
 * allocates from one arena freed when the driver exits. */
#include "ir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    max_align_t data[];
} Chunk;

static Chunk *arena;

/* Under AddressSanitizer every object is followed by a poisoned gap, so a
 * read past its end is reported even inside a chunk (the fuzzer's build). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(ARENA_ASAN)
#include <sanitizer/asan_interface.h>
#define REDZONE sizeof(max_align_t)
#endif
#ifndef REDZONE
#define REDZONE 0
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

void *ir_alloc(size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    size_t step = size + REDZONE;
    if (!arena || arena->used + step > arena->cap) {
        size_t cap = step > (1u << 20) ? step : (1u << 20);
        Chunk *c = malloc(sizeof(Chunk) + cap);
        if (!c) {
            fprintf(stderr, "adcc: out of memory\n");
            exit(2);
        }
        c->next = arena;
        c->used = 0;
        c->cap = cap;
        ASAN_POISON_MEMORY_REGION(c->data, cap);
        arena = c;
    }
    void *p = (char *)arena->data + arena->used;
    arena->used += step;
    ASAN_UNPOISON_MEMORY_REGION(p, size);
    memset(p, 0, size);
    return p;
}

void ir_arena_free(void)
{
    while (arena) {
        Chunk *next = arena->next;
        ASAN_UNPOISON_MEMORY_REGION(arena->data, arena->cap);
        free(arena);
        arena = next;
    }
    diag_reset();
    ty_reset_objects();
}

char *ir_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ir_alloc(n);
    memcpy(p, s, n);
    return p;
}

char *ir_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = ir_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void vec_push(Vec *v, void *item)
{
    if (v->len == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        void **items = ir_alloc(sizeof(void *) * (size_t)cap);
        if (v->len)
            memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

void vec_insert(Vec *v, int at, void *item)
{
    vec_push(v, NULL);
    memmove(&v->items[at + 1], &v->items[at], sizeof(void *) * (size_t)(v->len - 1 - at));
    v->items[at] = item;
}

void vec_remove(Vec *v, int at)
{
    memmove(&v->items[at], &v->items[at + 1], sizeof(void *) * (size_t)(v->len - 1 - at));
    v->len--;
}

int vec_index(const Vec *v, const void *item)
{
    for (int i = 0; v && i < v->len; i++)
        if (v->items[i] == item)
            return i;
    return -1;
}

bool vec_has(const Vec *v, const void *item) { return vec_index(v, item) >= 0; }

_Noreturn void ir_internal_error(const char *file, int line, const char *what)
{
    fprintf(stderr, "adcc: internal error at %s:%d: %s\n", file, line, what);
    exit(3);
}

Module *ir_module(const char *file)
{
    Module *m = ir_alloc(sizeof(Module));
    m->file = file;
    return m;
}

Var *ir_var(Module *m, const char *name, Type *ty, VarKind kind, Loc loc)
{
    Var *v = ir_alloc(sizeof(Var));
    v->name = name;
    v->ty = ty;
    v->kind = kind;
    v->loc = loc;
    v->id = m->nvars++;
    return v;
}

Func *ir_find_func(Module *m, const char *name)
{
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

/* ---- expressions ---- */

Expr *ex_new(Op op, Type *ty, Loc loc)
{
    Expr *e = ir_alloc(sizeof(Expr));
    e->op = op;
    e->ty = ty;
    e->loc = loc;
    return e;
}

Expr *ex_int(long long v, Loc loc)
{
    Expr *e = ex_new(EX_INT, ty_int, loc);
    e->ival = v;
    return e;
}

Expr *ex_flt(double v, Type *ty, Loc loc)
{
    Expr *e = ex_new(EX_FLT, ty, loc);
    e->fval = v;
    return e;
}

Expr *ex_var(Var *v, Loc loc)
{
    Expr *e = ex_new(EX_VAR, v->ty, loc);
    e->var = v;
    return e;
}

/* The usual arithmetic conversions, restricted to the types the IR has. */
static Type *arith_result(Type *a, Type *b)
{
    if (a->kind == TY_DOUBLE || b->kind == TY_DOUBLE)
        return ty_double;
    if (a->kind == TY_FLOAT || b->kind == TY_FLOAT)
        return ty_float;
    return a;
}

Expr *ex_unary(Op op, Expr *a, Loc loc)
{
    Type *ty = a->ty;
    if (op == EX_NOT)
        ty = ty_int;
    else if (op == EX_ADDR)
        ty = ty_ptr(a->ty);
    else if (op == EX_DEREF)
        ty = a->ty->base;
    Expr *e = ex_new(op, ty, loc);
    e->a = a;
    return e;
}

Expr *ex_binary(Op op, Expr *a, Expr *b, Loc loc)
{
    Type *ty;
    if (ir_op_flags[op] & F_CMP)
        ty = ty_int;
    else if (ty_is_ptr_like(a->ty))
        ty = (op == EX_SUB && ty_is_ptr_like(b->ty)) ? ty_long : ty_ptr(a->ty->base);
    else if (ty_is_ptr_like(b->ty))
        ty = ty_ptr(b->ty->base);
    else
        ty = arith_result(a->ty, b->ty);
    Expr *e = ex_new(op, ty, loc);
    e->a = a;
    e->b = b;
    return e;
}

Expr *ex_cond(Expr *c, Expr *a, Expr *b, Loc loc)
{
    Expr *e = ex_new(EX_COND, arith_result(a->ty, b->ty), loc);
    if (ty_is_ptr_like(a->ty))
        e->ty = a->ty;
    e->a = c;
    e->b = a;
    e->c = b;
    return e;
}

Expr *ex_index(Expr *base, Expr *idx, Loc loc)
{
    Expr *e = ex_new(EX_INDEX, base->ty->base, loc);
    e->a = base;
    e->b = idx;
    return e;
}

Expr *ex_deref(Expr *p, Loc loc)
{
    return ex_unary(EX_DEREF, p, loc);
}

Expr *ex_cast(Type *ty, Expr *a, Loc loc)
{
    Expr *e = ex_new(EX_CAST, ty, loc);
    e->a = a;
    return e;
}

Expr *ex_call(const char *name, Type *ty, Loc loc)
{
    Expr *e = ex_new(EX_CALL, ty, loc);
    e->text = name;
    return e;
}

Expr *ex_null(Type *ptr_ty, Loc loc)
{
    Expr *e = ex_int(0, loc);
    e->text = "NULL";
    e->ty = ptr_ty;
    return e;
}

Expr *ex_copy(const Expr *e)
{
    if (!e)
        return NULL;
    Expr *c = ir_alloc(sizeof(Expr));
    *c = *e;
    c->a = ex_copy(e->a);
    c->b = ex_copy(e->b);
    c->c = ex_copy(e->c);
    c->args = (Vec){0};
    for (int i = 0; i < e->args.len; i++)
        vec_push(&c->args, ex_copy(e->args.items[i]));
    return c;
}

bool ex_equal(const Expr *a, const Expr *b)
{
    if (!a || !b)
        return a == b;
    if (a->op != b->op || a->var != b->var || a->ival != b->ival || a->fval != b->fval)
        return false;
    if ((a->op == EX_CALL || a->op == EX_SIZEOF) && strcmp(a->text, b->text) != 0)
        return false;
    if (a->op == EX_CAST && !ty_equal(a->ty, b->ty))
        return false;
    if (a->args.len != b->args.len)
        return false;
    for (int i = 0; i < a->args.len; i++)
        if (!ex_equal(a->args.items[i], b->args.items[i]))
            return false;
    return ex_equal(a->a, b->a) && ex_equal(a->b, b->b) && ex_equal(a->c, b->c);
}

bool ex_is_const(const Expr *e, double *value)
{
    if (e->op == EX_INT)
        *value = (double)e->ival;
    else if (e->op == EX_FLT)
        *value = e->fval;
    else if (e->op == EX_CAST)
        return ex_is_const(e->a, value);
    else
        return false;
    return true;
}

Expr *ex_strip_casts(Expr *e)
{
    while (e && e->op == EX_CAST)
        e = e->a;
    return e;
}

Expr *ex_zero_list(Type *ty, Loc loc)
{
    Expr *e = ex_new(EX_INITLIST, ty, loc);
    vec_push(&e->args, ex_int(0, loc));
    return e;
}

bool ex_any(const Expr *e, bool (*pred)(const Expr *e, void *ctx), void *ctx)
{
    if (!e)
        return false;
    if (pred(e, ctx))
        return true;
    for (int i = 0; i < e->args.len; i++)
        if (ex_any(e->args.items[i], pred, ctx))
            return true;
    return ex_any(e->a, pred, ctx) || ex_any(e->b, pred, ctx) || ex_any(e->c, pred, ctx);
}

static bool has_effect(const Expr *e, void *ctx)
{
    (void)ctx;
    return e->op == EX_CALL && (e->callee || strncmp(e->text, "adcc_", 5) == 0);
}

bool ex_is_pure(const Expr *e)
{
    return !ex_any(e, has_effect, NULL);
}

/* ---- statements ---- */

Stmt *st_new(StmtKind kind, Loc loc)
{
    Stmt *s = ir_alloc(sizeof(Stmt));
    s->kind = kind;
    s->loc = loc;
    return s;
}

Stmt *st_block(Loc loc)
{
    return st_new(ST_BLOCK, loc);
}

Stmt *st_decl(Var *v, Expr *init, Loc loc)
{
    Stmt *s = st_new(ST_DECL, loc);
    s->var = v;
    s->init = init;
    return s;
}

Stmt *st_assign(Expr *lhs, Expr *rhs, Loc loc)
{
    Stmt *s = st_new(ST_ASSIGN, loc);
    s->lhs = lhs;
    s->rhs = rhs;
    return s;
}

Stmt *st_expr(Expr *e, Loc loc)
{
    Stmt *s = st_new(ST_EXPR, loc);
    s->expr = e;
    return s;
}

Stmt *st_if(Expr *cond, Stmt *then, Stmt *els, Loc loc)
{
    Stmt *s = st_new(ST_IF, loc);
    s->cond = cond;
    s->then = then;
    s->els = els;
    return s;
}

Stmt *st_comment(const char *text, Loc loc)
{
    Stmt *s = st_new(ST_COMMENT, loc);
    s->text = text;
    return s;
}

void st_append(Stmt *block, Stmt *s)
{
    ADCC_ASSERT(block->kind == ST_BLOCK);
    if (s)
        vec_push(&block->items, s);
}

void st_append_flat(Stmt *block, Stmt *s)
{
    if (!s)
        return;
    if (s->kind != ST_BLOCK) {
        st_append(block, s);
        return;
    }
    for (int i = 0; i < s->items.len; i++) {
        Stmt *item = s->items.items[i];
        if (item->kind == ST_DECL) {
            st_append(block, s);
            return;
        }
    }
    for (int i = 0; i < s->items.len; i++)
        st_append(block, s->items.items[i]);
}

/* ---- the op table ---- */
#define OP(name, str, arity, prec, flags) str,
const char *const ir_op_str[] = {
#include "ops.def"
};
#undef OP
#define OP(name, str, arity, prec, flags) arity,
const int ir_op_arity[] = {
#include "ops.def"
};
#undef OP
#define OP(name, str, arity, prec, flags) prec,
const int ir_op_prec[] = {
#include "ops.def"
};
#undef OP
#define OP(name, str, arity, prec, flags) flags,
const int ir_op_flags[] = {
#include "ops.def"
};
#undef OP

void st_test_in_body(Stmt *loop, Stmt *pre, Expr *cond)
{
    Loc loc = loop->loc;
    Stmt *exit = st_block(loc), *body = st_block(loc);
    st_append(exit, st_new(ST_BREAK, loc));
    st_append(pre, st_if(ex_unary(EX_NOT, cond, loc), exit, NULL, loc));
    st_append(body, loop->kind == ST_DO ? loop->body : pre);
    st_append(body, loop->kind == ST_DO ? pre : loop->body);
    loop->body = body;
    if (loop->kind == ST_FOR) {
        loop->cond = NULL;
    } else {
        loop->kind = ST_WHILE;
        loop->cond = ex_int(1, loc);
    }
}

bool st_any(const Stmt *s, bool (*pred)(const Stmt *s, void *ctx), void *ctx)
{
    if (!s)
        return false;
    if (pred(s, ctx))
        return true;
    if (st_any(s->init_s, pred, ctx) || st_any(s->step, pred, ctx) || st_any(s->then, pred, ctx) ||
        st_any(s->els, pred, ctx) || st_any(s->body, pred, ctx))
        return true;
    for (int i = 0; i < s->items.len; i++)
        if (st_any(s->items.items[i], pred, ctx))
            return true;
    return false;
}

typedef struct ExprPred {
    bool (*pred)(const Expr *e, void *ctx);
    void *ctx;
} ExprPred;

static bool stmt_exprs(const Stmt *s, void *ctx)
{
    ExprPred *p = ctx;
    return ex_any(s->init, p->pred, p->ctx) || ex_any(s->lhs, p->pred, p->ctx) ||
           ex_any(s->rhs, p->pred, p->ctx) || ex_any(s->expr, p->pred, p->ctx) ||
           ex_any(s->cond, p->pred, p->ctx);
}

bool st_any_expr(const Stmt *s, bool (*pred)(const Expr *e, void *ctx), void *ctx)
{
    ExprPred p = {pred, ctx};
    return st_any(s, stmt_exprs, &p);
}

static bool is_jump(const Stmt *s, void *ctx)
{
    (void)ctx;
    return s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN;
}

bool st_has_jump(const Stmt *s) { return st_any(s, is_jump, NULL); }

Expr *st_increment(const Stmt *s)
{
    if (s->kind != ST_ASSIGN || s->rhs->op != EX_ADD || !ex_equal(s->rhs->a, s->lhs))
        return NULL;
    return s->rhs->b;
}
