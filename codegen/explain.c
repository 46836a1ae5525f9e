/* explain.c: adcc --explain. Reads the reverse-mode functions adcc
 * generated (f_grad and the forward sweeps of the helpers it calls) and
 * tells the user, per function, what the forward sweep puts on the tape
 * and why, how many bytes each loop tapes per iteration, which loops and
 * calls are checkpointed, and where checkpointing would pay off. */
#include "codegen/codegen.h"

#include <stdarg.h>
#include <string.h>

typedef struct Explain {
    FILE *out;
    const Module *m;
    int loop_line;        /* innermost enclosing loop's line, 0 outside loops */
    long loop_bytes;      /* fixed bytes the innermost loop tapes per iteration */
    Vec loop_calls;       /* const char*: sweeps called in the innermost loop */
    bool in_reverse;      /* past f_grad's "reverse sweep" comment */
    bool inner_tapes;     /* a loop inside the innermost one tapes */
    bool grad;            /* f_grad, not a helper's forward sweep */
    int lines;            /* printed so far */
    char last[1024];      /* the last line printed */
} Explain;

static void say(Explain *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a line, unless it repeats the last one (a branch records its
 * direction in both arms). */
static void say(Explain *ex, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (strcmp(line, ex->last) == 0)
        return;
    fputs(line, ex->out);
    memcpy(ex->last, line, sizeof line);
    ex->lines++;
}

static const char *file_of(const Explain *ex, Loc loc)
{
    const char *f = loc.file ? loc.file : ex->m->file;
    const char *slash = strrchr(f, '/');
    return slash ? slash + 1 : f;
}

static bool starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static bool ends_with(const char *s, const char *p)
{
    size_t n = strlen(s), k = strlen(p);
    return n >= k && strcmp(s + n - k, p) == 0;
}

/* Why a pushed value is on the tape, from what it is. */
static const char *reason(const Expr *v, int line)
{
    const Expr *core = v;
    while (core->op == EX_CAST)
        core = core->a;
    if (core->op == EX_VAR && core->var->primal)
        return ir_format("the adjoint pointer of %s (set at line %d), which the reverse sweep follows",
                         core->var->primal->name, line);
    if (core->op == EX_VAR && core->var->generated) {
        const char *n = core->var->name;
        if (strstr(n, "adcc_n") || strstr(n, "adcc_end") || strstr(n, "adcc_first"))
            return ir_format("the trip count or bounds of the loop at line %d", line);
        if (strstr(n, "adcc_ck"))
            return ir_format("the checkpoint schedule of the loop at line %d", line);
        return ir_format("a value adcc computed at line %d that the reverse sweep reads", line);
    }
    if (ty_is_ptr_like(v->ty))
        return ir_format("a pointer set at line %d that the reverse sweep follows", line);
    return ir_format("overwritten at line %d before its use in the reverse sweep", line);
}

static void note_push(Explain *ex, const Expr *c, Loc loc)
{
    const char *n = c->text;
    const Expr *v = c->args.items[0];
    if (v->op == EX_VAR && v->var->generated && strstr(v->var->name, "adcc_ck")) {
        ex->loop_bytes += 8;   /* the schedule's handle, reported with its loop */
        return;
    }
    const char *what;
    long bytes = 8;
    const char *size = NULL;
    double k;
    if (!starts_with(n, "adcc_push_array_") && ex_is_const(c->args.items[0], &k)) {
        say(ex, "  %s:%d: the branch taken (8 bytes%s): the reverse sweep replays it\n", file_of(ex, loc), loc.line,
            ex->loop_line ? ir_format(", each iteration of the loop at line %d", ex->loop_line) : "");
        ex->loop_bytes += bytes;
        return;
    }
    if (starts_with(n, "adcc_push_array_")) {
        const Expr *p = c->args.items[0], *len = c->args.items[1];
        while (len->op == EX_CAST)
            len = len->a;
        what = ir_format("%s[0 .. %s)", ir_expr_str(p), ir_expr_str(len));
        size = ir_format("8 x %s bytes", ir_expr_str(len));
        bytes = 0;
    } else {
        what = ir_expr_str(c->args.items[0]);
    }
    say(ex, "  %s:%d: %s saved (%s%s): %s\n", file_of(ex, loc), loc.line, what,
            size ? size : "8 bytes", ex->loop_line ? ir_format(", each iteration of the loop at line %d", ex->loop_line) : "",
            starts_with(n, "adcc_push_array_") ? ir_format("overwritten by the call at line %d, which the reverse "
                                                           "sweep runs again from these values", loc.line)
                                               : reason(c->args.items[0], loc.line));
    ex->loop_bytes += bytes;
}

static void walk_stmt(Explain *ex, const Stmt *s);

static void walk_expr(Explain *ex, const Expr *e, Loc loc)
{
    if (!e)
        return;
    if (e->op == EX_CALL) {
        if (starts_with(e->text, "adcc_push_") && e->args.len >= 1)
            note_push(ex, e, loc);
        else if (strcmp(e->text, "adcc_ckpt_begin") == 0 && e->args.len == 2)
            say(ex, "  %s:%d: loop checkpointed (snapshots: %s): its steps are not taped; the reverse "
                             "sweep recomputes them from the snapshots\n",
                    file_of(ex, loc), loc.line, ir_expr_str(e->args.items[1]));
        else if (e->callee && ends_with(e->text, "_fwd") && !ex->in_reverse)
            vec_push(&ex->loop_calls, (void *)e->text);
        for (int i = 0; i < e->args.len; i++)
            walk_expr(ex, e->args.items[i], loc);
        return;
    }
    walk_expr(ex, e->a, loc);
    walk_expr(ex, e->b, loc);
    walk_expr(ex, e->c, loc);
}

static void loop(Explain *ex, const Stmt *s)
{
    int saved_line = ex->loop_line;
    long saved_bytes = ex->loop_bytes;
    Vec saved_calls = ex->loop_calls;
    bool saved_inner = ex->inner_tapes;
    ex->loop_line = s->loc.line;
    ex->loop_bytes = 0;
    ex->loop_calls = (Vec){0};
    ex->inner_tapes = false;
    walk_stmt(ex, s->init_s);
    walk_stmt(ex, s->body);
    walk_stmt(ex, s->step);
    bool checkpointed = false;
    for (int i = 0; i < s->body->items.len; i++) {
        const Stmt *k = s->body->items.items[i];
        checkpointed |= k->kind == ST_IF && k->cond->op == EX_CALL && strcmp(k->cond->text, "adcc_ckpt_advancing") == 0;
    }
    bool tapes = ex->loop_bytes || ex->loop_calls.len || ex->inner_tapes;
    if (!checkpointed && tapes) {
        say(ex, "  %s:%d: the loop tapes %ld bytes per iteration", file_of(ex, s->loc), s->loc.line, ex->loop_bytes);
        for (int i = 0; i < ex->loop_calls.len; i++)
            fprintf(ex->out, "%s what %s tapes per call", i ? " and" : ", plus", (char *)ex->loop_calls.items[i]);
        if (ex->inner_tapes)
            fprintf(ex->out, ", plus what its inner loops tape");
        fputc('\n', ex->out);
        if (!saved_line && s->kind == ST_FOR && ex->grad)
            say(ex, "  %s:%d: checkpointing would pay off here: the tape grows with the trip count; "
                    "ADCC_CHECKPOINT_LOOP(K) before this loop keeps K snapshots of its state instead, "
                    "and recomputes its steps in the reverse sweep\n",
                file_of(ex, s->loc), s->loc.line);
    }
    ex->loop_line = saved_line;
    ex->loop_bytes = saved_bytes;
    ex->loop_calls = saved_calls;
    ex->inner_tapes = saved_inner || (tapes && !checkpointed);
}

static void walk_stmt(Explain *ex, const Stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case ST_DECL: walk_expr(ex, s->init, s->loc); return;
    case ST_ASSIGN: walk_expr(ex, s->rhs, s->loc); return;
    case ST_EXPR: case ST_RETURN: walk_expr(ex, s->expr, s->loc); return;
    case ST_IF: {
        /* one arm runs: an iteration tapes the larger arm's bytes */
        walk_expr(ex, s->cond, s->loc);
        long before = ex->loop_bytes;
        walk_stmt(ex, s->then);
        long then_bytes = ex->loop_bytes - before;
        ex->loop_bytes = before;
        walk_stmt(ex, s->els);
        long else_bytes = ex->loop_bytes - before;
        ex->loop_bytes = before + (then_bytes > else_bytes ? then_bytes : else_bytes);
        return;
    }
    case ST_FOR: case ST_WHILE: case ST_DO:
        if (!ex->in_reverse)
            loop(ex, s);
        return;
    case ST_SWITCH: walk_stmt(ex, s->body); return;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len && !ex->in_reverse; i++)
            walk_stmt(ex, s->items.items[i]);
        return;
    case ST_COMMENT:
        ex->in_reverse |= s->text && strcmp(s->text, "reverse sweep") == 0;
        return;
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_CONTINUE:
        return;
    }
}

/* Whether helper sweep `name` (g_fwd, g_fwd_2) is of a function marked ADCC_CHECKPOINT. */
static bool checkpointed_helper(Module *m, const char *name)
{
    const char *at = strstr(name, "_fwd");
    Func *f = at ? ir_find_func(m, ir_format("%.*s", (int)(at - name), name)) : NULL;
    for (int i = 0; f && i < f->annots.len; i++)
        if (((Annot *)f->annots.items[i])->kind == AN_CHECKPOINT)
            return true;
    return false;
}

void cg_explain(FILE *out, Module *m, Vec *gen)
{
    for (int i = 0; i < gen->len; i++) {
        const Func *g = gen->items[i];
        bool grad = ends_with(g->name, "_grad"), fwd = strstr(g->name, "_fwd") != NULL;
        if ((!grad && !fwd) || !g->body)
            continue;
        Explain ex = {.out = out, .m = m, .grad = grad};
        fprintf(out, "%s (%s):\n", g->name,
                grad ? "the gradient: forward sweep, then reverse sweep"
                     : "a helper's forward sweep: what the caller's gradient tapes for each call");
        walk_stmt(&ex, g->body);
        if (ex.loop_bytes)
            say(&ex, "  outside loops: %ld bytes per call\n", ex.loop_bytes);
        if (!ex.lines)
            say(&ex, "  nothing is taped\n");
        else if (!grad && checkpointed_helper(m, g->name))
            say(&ex, "  checkpointed (ADCC_CHECKPOINT): the caller's gradient tapes this only while it reverses "
                     "one call, not for every call at once\n");
        else if (!grad)
            say(&ex, "  checkpointing would pay off where it is called in a loop or deep in a recursion: "
                     "ADCC_CHECKPOINT on its definition keeps only the arrays each call overwrites, and the "
                     "reverse sweep runs the call again\n");
        fputc('\n', out);
    }
}
