/* cuda.c: adcc --cuda, the CUDA file of a model's ADCC_KERNEL functions.
 * A kernel `void k(int i, ...)` is one element's work; for each, the file
 * holds k and its per-element adjoint k_grad as __device__ functions, a
 * __global__ kernel that runs one of them for elements 0..count-1 (one
 * thread each), and an extern "C" launcher the model's C code calls:
 *
 *     k_launch(count, ...)          k(i, ...) for every i < count
 *     k_grad_launch(count, ...)     k_grad(i, ...), the adjoints accumulated
 *
 * Threads share the adjoints of what several of them read (u[i - 1],
 * u[i + 1] in a stencil, a scalar parameter): k_grad adds into those with
 * atomicAdd. An array every thread uses only at its own index (out[i])
 * needs none. The file's functions a kernel calls (and their sweeps) are
 * copied as __device__ functions. */
#include "codegen/codegen.h"

#include <string.h>

typedef struct Uses {
    const Var *array, *index;
    int all, own;          /* uses of array, and those of the form array[index] */
} Uses;

static bool is_var(const Expr *e, const Var *v)
{
    while (e && e->op == EX_CAST)
        e = e->a;
    return e && e->op == EX_VAR && e->var == v;
}

static bool count_use(const Expr *e, void *ctx)
{
    Uses *u = ctx;
    if (is_var(e, u->array) && e->op == EX_VAR)
        u->all++;
    if (e->op == EX_INDEX && is_var(e->a, u->array) && is_var(e->b, u->index))
        u->own++;
    return false;
}

/* Whether kernel k uses array parameter a only as a[i], i its first
 * parameter: then no two threads reach the same cell of a (or of d_a). */
static bool own_cells(const Func *k, const Var *a)
{
    Uses u = {.array = a, .index = k->params.items[0]};
    st_any_expr(k->body, count_use, &u);
    return u.all == u.own;
}

/* The variable an lvalue's memory belongs to: d_u for d_u[i + 1], *d_dt. */
static Var *base_of(const Expr *lv)
{
    while (lv && (lv->op == EX_INDEX || lv->op == EX_DEREF || lv->op == EX_CAST ||
                  ((lv->op == EX_ADD || lv->op == EX_SUB) && lv->a && lv->a->ty && lv->a->ty->kind == TY_PTR)))
        lv = lv->a;
    return lv && lv->op == EX_VAR ? lv->var : NULL;
}

typedef struct Atomics {
    const Func *kernel;
    bool bad;              /* an error was reported */
} Atomics;

/* d_u[i + 1] += v where other threads reach d_u[i + 1]: atomicAdd(&d_u[i + 1], v). */
static void atomic_stmt(Atomics *at, Stmt *s)
{
    if (s->kind != ST_ASSIGN || (s->lhs->op != EX_INDEX && s->lhs->op != EX_DEREF))
        return;
    Var *d = base_of(s->lhs);
    if (!d || !d->primal || d->primal->kind != VAR_PARAM)
        return;
    if (s->lhs->op == EX_INDEX && ty_is_ptr_like(d->ty) && own_cells(at->kernel, d->primal))
        return;
    if (s->rhs->op != EX_ADD || !ex_equal(s->rhs->a, s->lhs)) {
        if (!at->bad)
            diag_error(at->kernel->loc, "ADCC_KERNEL '%s': its adjoint sets the adjoint of '%s' at a cell other "
                                        "threads also reach; a kernel may write '%s' only at its own index "
                                        "(%s[i])", at->kernel->name, d->primal->name, d->primal->name,
                       d->primal->name);
        at->bad = true;
        return;
    }
    Expr *c = ex_call("atomicAdd", ty_void, s->loc);
    Expr *addr = s->lhs->op == EX_DEREF ? s->lhs->a : ex_unary(EX_ADDR, s->lhs, s->loc);   /* d_dt, &d_u[i] */
    addr->ty = ty_ptr(s->lhs->ty);
    vec_push(&c->args, addr);
    vec_push(&c->args, s->rhs->b);
    s->kind = ST_EXPR;
    s->expr = c;
}

static void atomics_in(Atomics *at, Stmt *s)
{
    if (!s)
        return;
    atomic_stmt(at, s);
    atomics_in(at, s->then);
    atomics_in(at, s->els);
    atomics_in(at, s->body);
    for (int i = 0; i < s->items.len; i++)
        atomics_in(at, s->items.items[i]);
}

/* ---- one atomicAdd per cell ----
 * The adjoint's straight-line part (the items of its body, not nested)
 * often adds into one cell several times (d_u[i] from each use of u[i]):
 * those adds go into a local sum, and the cell gets one atomicAdd, after
 * the last of them. Adds under a branch stay as they are: their cell may
 * not exist when the branch is not taken (d_u[i + 1] at the end). */

static const Expr *atomic_cell(const Stmt *s)
{
    if (s->kind != ST_EXPR || s->expr->op != EX_CALL || strcmp(s->expr->text, "atomicAdd") != 0)
        return NULL;
    return s->expr->args.items[0];
}

static bool names_var(const Expr *e, void *ctx)
{
    return e->op == EX_VAR && e->var == ctx;
}

typedef struct Assigned {
    const Expr *cell;
} Assigned;

/* Whether s assigns a variable the cell's address reads (its index moves). */
static bool moves_cell(const Stmt *s, void *ctx)
{
    const Assigned *a = ctx;
    const Expr *lhs = s->kind == ST_ASSIGN ? s->lhs : NULL;
    Var *v = s->kind == ST_DECL ? s->var : lhs && lhs->op == EX_VAR ? lhs->var : NULL;
    return v && ex_any(a->cell, names_var, v);
}

static void merge_atomics(Module *m, Stmt *body)
{
    for (int i = 0; i < body->items.len; i++) {
        const Expr *cell = atomic_cell(body->items.items[i]);
        Assigned a = {cell};
        int last = i, count = 1;
        for (int j = i + 1; cell && j < body->items.len; j++) {
            const Expr *c2 = atomic_cell(body->items.items[j]);
            if (c2 && ex_equal(c2, cell))
                last = j, count++;
        }
        if (count < 2 || st_any(body, moves_cell, &a))
            continue;
        Stmt *first = body->items.items[i];
        Loc loc = first->loc;
        Var *sum = ir_var(m, ir_format("adcc_sum%d", m->nvars), cell->ty->base, VAR_LOCAL, loc);
        sum->generated = true;
        body->items.items[i] = st_decl(sum, first->expr->args.items[1], loc);
        for (int j = i + 1; j <= last; j++) {
            Stmt *sj = body->items.items[j];
            const Expr *c2 = atomic_cell(sj);
            if (c2 && ex_equal(c2, cell))
                body->items.items[j] = st_assign(ex_var(sum, loc), ex_binary(EX_ADD, ex_var(sum, loc),
                                                                            sj->expr->args.items[1], loc), loc);
        }
        Expr *c = ex_call("atomicAdd", ty_void, loc);
        vec_push(&c->args, (Expr *)cell);
        vec_push(&c->args, ex_var(sum, loc));
        vec_insert(&body->items, last + 1, st_expr(c, loc));
    }
}

typedef struct Device {
    const Func *kernel;
    Vec funcs;             /* Func*: what runs on the device, the kernel's helpers first */
    bool bad;              /* an error was reported */
} Device;

/* Calls in f: a function of the file joins the device's functions; the
 * tape (adcc_*) and functions with no body here cannot run there. */
static bool device_call(const Expr *e, void *ctx)
{
    Device *dv = ctx;
    if (e->op != EX_CALL || dv->bad)
        return false;
    const Func *k = dv->kernel;
    if (strncmp(e->text, "adcc_", 5) == 0) {
        diag_error(k->loc, "ADCC_KERNEL '%s': its adjoint needs adcc's tape (a value it overwrites and reads "
                           "again); a kernel's adjoint runs on the device without one: keep each value in a "
                           "variable of its own", k->name);
        dv->bad = true;
    } else if (e->callee && !e->callee->body) {
        diag_error(k->loc, "ADCC_KERNEL '%s' calls '%s', which has no body in this file; a kernel may call "
                           "math functions and the file's own functions only", k->name, e->text);
        dv->bad = true;
    } else if (e->callee && !vec_has(&dv->funcs, e->callee)) {
        vec_push(&dv->funcs, e->callee);
    }
    return false;
}

/* The adjoint memory of a kernel parameter handed to a helper's reverse
 * sweep: the helper would add into cells other threads may reach without
 * atomics. */
static bool shared_adjoint_arg(const Expr *e, void *ctx)
{
    Device *dv = ctx;
    if (e->op != EX_CALL || !e->callee || dv->bad)
        return false;
    for (int i = 0; i < e->args.len; i++) {
        const Expr *a = e->args.items[i];
        Var *d = base_of(a->op == EX_ADDR ? a->a : a);
        if (!d || !d->primal || d->primal->kind != VAR_PARAM || !ty_is_ptr_like(d->ty) ||
            !vec_has(&dv->kernel->params, d->primal))
            continue;
        if (a->op == EX_ADDR && a->a->op == EX_INDEX && own_cells(dv->kernel, d->primal))
            continue;   /* &d_x[i], the thread's own cell: a scalar argument's adjoint */
        diag_error(dv->kernel->loc, "ADCC_KERNEL '%s' passes the adjoint of '%s' to '%s', which would add into "
                                    "it without atomics; pass values (%s[i]) to helpers, not the array",
                   dv->kernel->name, d->primal->name, e->text, d->primal->name);
        dv->bad = true;
    }
    return false;
}

/* What kernel k and its adjoint g need on the device: themselves and the
 * file's functions they call, transitively; NULL after an error. */
static Vec *device_funcs(const Func *k, Func *g)
{
    Device *dv = ir_alloc(sizeof(Device));
    dv->kernel = k;
    st_any_expr(g->body, shared_adjoint_arg, dv);
    vec_push(&dv->funcs, (void *)k);
    vec_push(&dv->funcs, g);
    for (int i = 0; i < dv->funcs.len && !dv->bad; i++)
        st_any_expr(((Func *)dv->funcs.items[i])->body, device_call, dv);
    return dv->bad ? NULL : &dv->funcs;
}

/* f's signature without its own storage class: __device__ goes first. */
static const char *device_signature(Func *f)
{
    bool was_static = f->is_static, was_inline = f->is_inline;
    f->is_static = f->is_inline = false;
    const char *sig = ir_func_signature(f);
    f->is_static = was_static, f->is_inline = was_inline;
    return sig;
}

static void device_func(FILE *out, Func *f)
{
    bool was_static = f->is_static, was_inline = f->is_inline;
    f->is_static = f->is_inline = false;
    Printer p = {.out = out};
    fputs("static __device__ ", out);
    ir_print_func(&p, f);
    f->is_static = was_static, f->is_inline = was_inline;
    fputc('\n', out);
}

/* The parameters after the element's index, declared or passed on. */
static void params_after_index(FILE *out, const Func *f, bool declare)
{
    for (int i = 1; i < f->params.len; i++) {
        const Var *v = f->params.items[i];
        fprintf(out, ", %s", declare ? ty_decl(v->ty, v->name) : v->name);
    }
}

/* __global__ NAME_kernel and its launcher NAME_launch for device function f. */
static void kernel_and_launcher(FILE *out, const Func *f)
{
    const Var *i = f->params.items[0];
    fprintf(out, "__global__ void %s_kernel(int adcc_count", f->name);
    params_after_index(out, f, true);
    fprintf(out, ")\n{\n    int %s = (int)(blockIdx.x * blockDim.x + threadIdx.x);\n", i->name);
    fprintf(out, "    if (%s < adcc_count)\n        %s(%s", i->name, f->name, i->name);
    params_after_index(out, f, false);
    fputs(");\n}\n\n", out);
    fprintf(out, "extern \"C\" int %s_launch(int adcc_count", f->name);
    params_after_index(out, f, true);
    fputs(")\n{\n    if (adcc_count > 0)\n", out);
    fprintf(out, "        %s_kernel<<<(adcc_count + 255) / 256, 256>>>(adcc_count", f->name);
    params_after_index(out, f, false);
    fputs(");\n    return (int)cudaGetLastError();\n}\n\n", out);
}

void cg_emit_cuda(FILE *out, Module *m, Vec *gen)
{
    fprintf(out, "/* Generated by adcc --cuda from %s: its ADCC_KERNEL functions and their adjoints\n"
                 " * as CUDA kernels. Do not edit; edit the model and run adcc again. Compile it with\n"
                 " * nvcc (atomicAdd on double needs sm_60 or newer) and link with -lcudart. Each\n"
                 " * NAME_launch(count, ...) starts NAME on elements 0..count-1 and returns the launch's\n"
                 " * cudaError_t; pointers are device memory. */\n", m->file);
    for (int i = 0; i < m->includes.len; i++)
        fprintf(out, "%s\n", (const char *)m->includes.items[i]);
    fputs("#include <math.h>\n#include <cuda_runtime.h>\n\n", out);
    int kernels = 0;
    Vec emitted = {0};   /* Func*: device functions written (helpers two kernels share once) */
    for (int i = 0; i < gen->len; i++) {
        Func *g = gen->items[i];
        if (!g->kernel)
            continue;
        kernels++;
        Func *k = g->origin;
        Atomics at = {.kernel = k};
        atomics_in(&at, g->body);
        merge_atomics(m, g->body);
        Vec *funcs = at.bad ? NULL : device_funcs(k, g);
        if (!funcs)
            continue;
        for (int j = 0; j < funcs->len; j++) {
            Func *f = funcs->items[j];
            if (!vec_has(&emitted, f))
                fprintf(out, "static __device__ %s;\n", device_signature(f));
        }
        fputc('\n', out);
        for (int j = 0; j < funcs->len; j++)
            if (!vec_has(&emitted, funcs->items[j])) {
                device_func(out, funcs->items[j]);
                vec_push(&emitted, funcs->items[j]);
            }
        kernel_and_launcher(out, k);
        kernel_and_launcher(out, g);
    }
    if (!kernels)
        diag_plain("error", "adcc --cuda writes the ADCC_KERNEL functions of '%s', and it has none; mark a "
                            "per-element function void k(int i, ...) with ADCC_KERNEL", m->file);
}
