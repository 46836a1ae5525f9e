/* gen_stmt.c: random statements for the program generator: declarations and
 * updates that keep every real value within [-VB, VB], counted loops with
 * int bounds, while loops on int state and on active values, branches,
 * array writes through views, calls of void helpers, int counters, and the
 * scopes that fold unused variables into the function's sink. Counted loops
 * are recorded as sites that model_ck may checkpoint, with what makes a
 * marker valid there and the state to name. */
#include "gen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on(Gen *g, Feature f)
{
    return g->opt.enabled[f];
}

char *fresh(Gen *g, const char *prefix)
{
    return str_printf("%s%d", prefix, g->next_id++);
}

void emit(Gen *g, const char *fmt, ...)
{
    char line[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    buf_printf(g->out, "%*s%s\n", 4 * g->indent, "", line);
}

Var *scope_add(Gen *g, const char *name, VarKind kind)
{
    if (g->nvars >= MAX_VARS) {
        fprintf(stderr, "gen: too many variables\n");
        exit(2);
    }
    Var *v = &g->vars[g->nvars++];
    memset(v, 0, sizeof *v);
    v->name = name;
    v->kind = kind;
    return v;
}

/* Room for a few more variables. */
static int room(Gen *g)
{
    return g->nvars < MAX_VARS - 8;
}

static void note_var(Gen *g, Var *v);

/* Reads an unused variable into the sink, so that -Wunused never fires. */
static void fold(Gen *g, Var *v)
{
    const char *s = g->vars[g->sink].name;
    switch (v->kind) {
    case VK_REAL:
        emit(g, "%s += 0.25 * %s;", s, v->name);
        break;
    case VK_INT:
        emit(g, "%s += 0.125 * (double)%s;", s, v->name);
        break;
    case VK_ARRAY:
        emit(g, "%s += 0.25 * %s;", s, elem_text(v, "0"));
        break;
    case VK_SINK:
        return;
    }
    v->used = 1;
    note_var(g, &g->vars[g->sink]);
}

void scope_fold(Gen *g, int mark)
{
    for (int i = mark; i < g->nvars; i++)
        if (!g->vars[i].used)
            fold(g, &g->vars[i]);
}

void scope_pop(Gen *g, int mark)
{
    scope_fold(g, mark);
    g->nvars = mark;
}

/* Opens a braced block: "head {". */
static int open_block(Gen *g, const char *head)
{
    emit(g, "%s {", head);
    g->indent++;
    return g->nvars;
}

static void close_block(Gen *g, int mark, const char *tail)
{
    scope_pop(g, mark);
    g->indent--;
    emit(g, "}%s", tail);
}

/* A random writable real variable, or NULL. */
static Var *pick_writable_real(Gen *g)
{
    int idx[MAX_VARS], n = 0;
    for (int i = 0; i < g->nvars; i++)
        if (g->vars[i].kind == VK_REAL && g->vars[i].writable)
            idx[n++] = i;
    return n ? &g->vars[idx[rng_int(&g->rng, 0, n - 1)]] : NULL;
}

/* ---- checkpoint sites ----------------------------------------------------- */

/* Whether name occurs in text as a whole identifier. */
static int mentions(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
        int before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
        int after = isalnum((unsigned char)p[n]) || p[n] == '_';
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* The variables in scope that a loop here may write, for its checkpoint
 * state list: reals, ints and the sink that may be assigned, local arrays,
 * and pointer parameters with their sizes (x:n); extra, a local array
 * declared for the loop (and written by it), last. */
static void candidates(Gen *g, Site *s, const char *extra)
{
    s->cand = calloc((size_t)g->nvars + 1, sizeof *s->cand);
    if (!s->cand) {
        fprintf(stderr, "gen: out of memory\n");
        exit(2);
    }
    for (int i = 0; i < g->nvars; i++) {
        Var *v = &g->vars[i];
        Cand *c = &s->cand[s->ncand];
        c->name = v->name;
        c->base = -1;
        if (v->kind == VK_SINK || ((v->kind == VK_REAL || v->kind == VK_INT) && v->writable))
            c->item = str_printf("%s", v->name);
        else if (v->kind == VK_ARRAY && v->owner && v->writable && g->ptr_base[v->base])
            c->item = str_printf("%s:%d", v->name, v->size);
        else if (v->kind == VK_ARRAY && v->owner && v->writable)
            c->item = str_printf("%s", v->name);
        else
            continue;
        if (v->kind == VK_ARRAY)
            c->base = v->base;
        s->ncand++;
    }
    if (extra) {
        Cand *c = &s->cand[s->ncand++];
        c->name = c->item = str_printf("%s", extra);
        c->base = -2;
        c->written = 1;
    }
}

/* The state list of s: what it writes, or (all) every candidate. */
char *state_list(const Site *s, int all)
{
    Buf b = {0};
    buf_printf(&b, "%s", "");
    for (int i = 0; i < s->ncand; i++)
        if (all || s->cand[i].written)
            buf_printf(&b, "%s%s", b.len ? ", " : "", s->cand[i].item);
    return b.s;
}

/* The loops open write scalar v (or, base >= 0, that storage). */
static void note_written(Gen *g, const char *name, int base)
{
    for (int k = 0; k < g->nloops; k++) {
        if (g->loops[k] < 0)
            continue;
        Site *s = &g->sites[g->loops[k]];
        for (int i = 0; i < s->ncand; i++)
            if (base >= 0 ? s->cand[i].base == base : s->cand[i].base == -1 && strcmp(s->cand[i].name, name) == 0)
                s->cand[i].written = 1;
    }
}

static void note_var(Gen *g, Var *v)
{
    note_written(g, v->name, -1);
}

/* Opens the for loop whose line comes next: a site when it is counted. */
static void loop_open(Gen *g, int counted, const char *bound, const char *extra)
{
    int id = -1;
    if (counted && g->nsites < MAX_SITES) {
        id = g->nsites++;
        Site *s = &g->sites[id];
        memset(s, 0, sizeof *s);
        s->at = g->out->len;
        s->indent = g->indent;
        s->ok = 1;
        s->sweep_base = -1;
        s->bound = bound;
        candidates(g, s, extra);
    }
    if (g->nloops >= MAX_LOOPS) {
        fprintf(stderr, "gen: loops nested too deeply\n");
        exit(2);
    }
    g->loops[g->nloops++] = id;
}

static void loop_close(Gen *g)
{
    g->nloops--;
}

/* A write through a pointer parameter: the loops around it must name their
 * state, except where it is a sweep arr[j], for (j = 0; j < bound; j++),
 * of the loops around that sweep (adcc infers bound as the extent). */
static void note_ptr_write(Gen *g, Var *arr, const char *sweep_bound)
{
    note_written(g, NULL, arr->base);
    if (!g->ptr_base[arr->base])
        return;
    for (int k = 0; k < g->nloops; k++) {
        int id = g->loops[k];
        if (id < 0)
            continue;
        Site *s = &g->sites[id];
        int sweep = sweep_bound && k < g->nloops - 1;
        if (!sweep)
            s->ptr_other = 1;
        else if (s->sweep_base < 0)
            s->sweep_base = arr->base, s->sweep_bound = sweep_bound;
        else if (s->sweep_base != arr->base || strcmp(s->sweep_bound, sweep_bound) != 0)
            s->ptr_other = 1;
    }
}

void note_write(Gen *g, Var *arr)
{
    note_ptr_write(g, arr, NULL);
}

void note_call(Gen *g, Helper *h)
{
    h->calls++;
    if (g->cur >= 0)
        h->callers |= 1u << g->cur;
}

/* A break leaves the innermost for loop: it is no counted loop then, and
 * if it is a sweep of a pointer parameter, adcc no longer infers the
 * extent of the loops around it from it. */
static void note_break(Gen *g)
{
    int id = g->nloops > 0 ? g->loops[g->nloops - 1] : -1;
    if (id < 0)
        return;
    g->sites[id].ok = 0;
    for (int k = 0; g->sites[id].ptr_sweep && k < g->nloops - 1; k++)
        if (g->loops[k] >= 0)
            g->sites[g->loops[k]].ptr_other = 1;
}

/* A return leaves every loop open. */
static void note_return(Gen *g)
{
    for (int k = 0; k < g->nloops; k++)
        if (g->loops[k] >= 0)
            g->sites[g->loops[k]].ok = 0;
}

/* int v is written: the loops open whose bound reads it are not counted. */
static void note_int_write(Gen *g, Var *v)
{
    note_var(g, v);
    for (int k = 0; k < g->nloops; k++)
        if (g->loops[k] >= 0 && mentions(g->sites[g->loops[k]].bound, v->name))
            g->sites[g->loops[k]].ok = 0;
}

/* ---- simple statements -------------------------------------------------- */

static int st_decl(Gen *g)
{
    if (!room(g))
        return 0;
    Expr e = gen_real(g, 3, VB);
    char *name = fresh(g, "v");
    emit(g, "double %s = %s;", name, e.text);
    scope_add(g, name, VK_REAL)->writable = 1;
    return 1;
}

/* v = e, or a mix of v and e that stays within VB. */
static void update(Gen *g, const char *v)
{
    switch (rng_int(&g->rng, 0, 4)) {
    case 0:
        emit(g, "%s = %s;", v, gen_real(g, 3, VB).text);
        return;
    case 1:
        emit(g, "%s = 0.5 * %s + %s;", v, v, gen_real(g, 3, 1.0).text);
        return;
    case 2:
        emit(g, "%s += 0.5 * (%s - %s);", v, gen_real(g, 3, VB).text, v);
        return;
    case 3:
        emit(g, "%s *= 0.5;", v);
        emit(g, "%s += %s;", v, gen_real(g, 3, 1.0).text);
        return;
    }
    emit(g, "%s -= 0.5 * %s - (%s);", v, v, gen_real(g, 3, 1.0).text);
}

static int st_assign(Gen *g)
{
    Var *v = pick_writable_real(g);
    if (!v)
        return 0;
    note_var(g, v);
    update(g, v->name);
    return 1;
}

static int st_sink(Gen *g)
{
    const char *s = g->vars[g->sink].name;
    Expr a = gen_real(g, 3, VB);
    int r = rng_int(&g->rng, 0, 2);
    note_var(g, &g->vars[g->sink]);
    if (r == 0)
        emit(g, "%s += %s;", s, a.text);
    else if (r == 1)
        emit(g, "%s -= %s;", s, a.text);
    else
        emit(g, "%s += (%s) * (%s);", s, a.text, gen_real(g, 2, VB).text);
    return 1;
}

static int st_array(Gen *g)
{
    if (!on(g, FE_ARRAY_WRITE))
        return 0;
    Var *a = pick_array(g, 1, 1, -1);
    if (!a)
        return 0;
    note_write(g, a);
    update(g, elem_text(a, gen_index(g, a)));
    return 1;
}

/* ---- loops -------------------------------------------------------------- */

/* A loop body of up to n statements in a new scope. */
static void loop_body(Gen *g, int n, int is_for)
{
    int saved = g->in_for;
    g->in_for = is_for;
    g->loop_depth++;
    gen_stmts(g, n);
    g->loop_depth--;
    g->in_for = saved;
}

static int is_number(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

/* for (int i = lo; i < hi; ...) with i in [lo.lo, hi.hi - 1]: down (1 in
 * 6), by 2 (1 in 6), or up by one (counted: a site) to < hi, to <= hi - 1
 * (1 in 6), or with i declared before the loop (1 in 12; i stays in scope
 * after it, at most hi); body may be given as a forced array update of arr
 * first. */
static void gen_for(Gen *g, IExpr lo, IExpr hi, Var *arr)
{
    char *i = fresh(g, "i");
    char *head;
    static const int kinds[12] = {0, 0, 1, 1, 2, 2, 2, 2, 2, 4, 4, 5};
    int r = kinds[rng_int(&g->rng, 0, 11)];
    if (r == 0)
        head = str_printf("for (int %s = (%s) - 1; %s >= %s; %s--)", i, hi.text, i, lo.text, i);
    else if (r == 1)
        head = str_printf("for (int %s = %s; %s < %s; %s += 2)", i, lo.text, i, hi.text, i);
    else if (r == 4 && is_number(hi.text))
        head = str_printf("for (int %s = %s; %s <= %d; %s++)", i, lo.text, i, atoi(hi.text) - 1, i);
    else if (r == 4)
        head = str_printf("for (int %s = %s; %s <= (%s) - 1; %s++)", i, lo.text, i, hi.text, i);
    else if (r == 5)
        head = str_printf("for (%s = %s; %s < %s; %s++)", i, lo.text, i, hi.text, i);
    else
        head = str_printf("for (int %s = %s; %s < %s; %s++)", i, lo.text, i, hi.text, i);
    if (r == 5)
        emit(g, "int %s;", i);
    loop_open(g, r >= 2, hi.text, NULL);
    int mark = open_block(g, head);
    Var *iv = scope_add(g, i, VK_INT);
    iv->lo = lo.lo;
    iv->hi = hi.hi - 1;
    iv->used = 1;
    if (arr) {
        arr->used = 1;
        note_write(g, arr);
        update(g, elem_text(arr, gen_index(g, arr)));
    }
    loop_body(g, rng_int(&g->rng, 1, 3), 1);
    close_block(g, mark, "");
    loop_close(g);
    if (r == 5) {
        iv = scope_add(g, i, VK_INT);
        iv->lo = lo.lo;
        iv->hi = hi.hi;
    }
}

/* A writable array's own name (not *out), or NULL; and in *bound a bound
 * for sweeps of it: a number or an int parameter within its size. */
static Var *sweep_target(Gen *g, const char **bound, int *hi)
{
    int idx[MAX_VARS], n = 0;
    for (int i = 0; i < g->nvars; i++)
        if (g->vars[i].kind == VK_ARRAY && g->vars[i].owner && g->vars[i].writable && !g->vars[i].deref)
            idx[n++] = i;
    if (n == 0)
        return NULL;
    Var *a = &g->vars[idx[rng_int(&g->rng, 0, n - 1)]];
    *bound = NULL;
    for (int i = 0; i < g->nvars && !*bound; i++) {
        Var *v = &g->vars[i];
        if (v->kind == VK_INT && v->param && v->lo >= 0 && v->hi <= a->size && rng_chance(&g->rng, 50)) {
            *bound = v->name;
            *hi = v->hi;
            v->used = 1;
        }
    }
    if (!*bound) {
        *hi = rng_int(&g->rng, 1, a->size);
        *bound = str_printf("%d", *hi);
    }
    return a;
}

/* for (int j = 0; j < bound; j++) { a[j] = ...; }: the form from which adcc
 * infers how much of a pointer parameter a checkpointed loop around it
 * writes. */
static void sweep(Gen *g, Var *a, const char *bound, int hi)
{
    char *j = fresh(g, "j");
    loop_open(g, 1, bound, NULL);
    if (g->loops[g->nloops - 1] >= 0)
        g->sites[g->loops[g->nloops - 1]].ptr_sweep = g->ptr_base[a->base];
    int mark = open_block(g, str_printf("for (int %s = 0; %s < %s; %s++)", j, j, bound, j));
    Var *jv = scope_add(g, j, VK_INT);
    jv->hi = hi - 1;
    jv->used = 1;
    note_ptr_write(g, a, bound);
    update(g, str_printf("%s[%s]", a->name, j));
    loop_body(g, rng_int(&g->rng, 0, 1), 1);
    close_block(g, mark, "");
    loop_close(g);
}

static int st_sweep(Gen *g)
{
    if (!on(g, FE_LOOP) || !on(g, FE_ARRAY_WRITE) || g->loop_depth >= 2 || g->indent > 4 || !room(g))
        return 0;
    const char *bound;
    int hi;
    Var *a = sweep_target(g, &bound, &hi);
    if (!a)
        return 0;
    sweep(g, a, bound, hi);
    return 1;
}

/* A time loop, the shape checkpointing is for: for (int i = 0; i < T; i++)
 * around one or two sweeps of one array with one bound (and maybe another
 * statement). */
static int st_steps(Gen *g)
{
    if (!on(g, FE_LOOP) || !on(g, FE_ARRAY_WRITE) || g->loop_depth >= 1 || g->indent > 4 || !room(g))
        return 0;
    const char *bound;
    int hi;
    Var *a = sweep_target(g, &bound, &hi);
    if (!a)
        return 0;
    IExpr t = gen_int(g, 1, 6);
    char *i = fresh(g, "i");
    loop_open(g, 1, t.text, NULL);
    int mark = open_block(g, str_printf("for (int %s = 0; %s < %s; %s++)", i, i, t.text, i));
    Var *iv = scope_add(g, i, VK_INT);
    iv->hi = t.hi - 1;
    iv->used = 1;
    g->loop_depth++;
    for (int k = rng_int(&g->rng, 1, 2); k > 0; k--)
        sweep(g, a, bound, hi);
    g->loop_depth--;
    loop_body(g, rng_int(&g->rng, 0, 1), 1);
    close_block(g, mark, "");
    loop_close(g);
    return 1;
}

static int st_for(Gen *g)
{
    if (!on(g, FE_LOOP) || g->loop_depth >= 2 || g->indent > 4 || !room(g))
        return 0;
    int trips = g->loop_depth == 0 ? 6 : 4;
    IExpr lo = {"0", 0, 0};
    if (rng_chance(&g->rng, 30))
        lo = gen_int(g, 0, 2);
    else if (rng_chance(&g->rng, 30))
        lo = (IExpr){"1", 1, 1};
    IExpr hi = gen_int(g, lo.hi + 1, lo.lo + trips);
    gen_for(g, lo, hi, NULL);
    return 1;
}

/* A loop over m elements of a helper's array: for (i = 0; i < m; i++). */
void gen_for_over(Gen *g, Var *m, Var *arr)
{
    IExpr lo = {"0", 0, 0};
    IExpr hi = {str_printf("%s", m->name), m->lo, m->hi};
    m->used = 1;
    gen_for(g, lo, hi, arr);
}

/* while loops on an int c: c counts down, halves, or is decremented in the
 * test; c keeps a known range in the body and after the loop. */
static int st_while(Gen *g)
{
    if (!on(g, FE_WHILE) || g->loop_depth >= 2 || g->indent > 4 || !room(g))
        return 0;
    IExpr c0 = gen_int(g, 0, 5);
    char *c = fresh(g, "c");
    emit(g, "int %s = %s;", c, c0.text);
    Var *cv = scope_add(g, c, VK_INT);
    cv->used = 1;
    int r = rng_int(&g->rng, 0, 3), mark;
    /* a do-while's body sees c0 first, then down to 1 */
    int body_lo[4] = {1, 2, 0, c0.lo < 1 ? c0.lo : 1}, body_hi[4] = {c0.hi, c0.hi, c0.hi - 1, c0.hi};
    int after_lo[4] = {-1, 0, -1, -1}, after_hi[4] = {0, 1, -1, 0};
    int step = rng_int(&g->rng, 1, 2);
    const char *heads[4] = {"while (%s > 0)", "while (%s > 1)", "while (%s-- > 0)", "do"};
    mark = open_block(g, str_printf(heads[r], c));
    cv->lo = body_lo[r];
    cv->hi = body_hi[r];
    loop_body(g, rng_int(&g->rng, 1, 2), 0);
    if (r == 0)
        emit(g, "%s -= %d;", c, step);
    else if (r == 1)
        emit(g, "%s /= 2;", c);
    else if (r == 3)
        emit(g, "%s -= 1;", c);
    close_block(g, mark, r == 3 ? str_printf(" while (%s > 0);", c) : "");
    cv->lo = after_lo[r] - (r == 0 ? step - 1 : 0);
    cv->hi = after_hi[r];
    return 1;
}

/* z climbs from |z| <= 1 until it passes a threshold or it reaches its cap:
 * the trip count depends on active values, it counts the trips. */
static int st_active_while(Gen *g)
{
    if (!on(g, FE_ACTIVE_WHILE) || g->loop_depth >= 2 || g->indent > 4 || !room(g))
        return 0;
    char *z = fresh(g, "z"), *it = fresh(g, "it");
    int cap = rng_int(&g->rng, 3, 6);
    Expr z0 = gen_real(g, 2, 1.0);
    for (int t = 0; t < 4 && is_constant(z0.text); t++) /* a constant start may sit on the threshold */
        z0 = gen_real(g, 2, 1.0);
    emit(g, "double %s = %s;", z, z0.text);
    emit(g, "int %s = 0;", it);
    Var *zv = scope_add(g, z, VK_REAL);
    zv->used = 1;
    char *thr = str_printf("%.2f", (double)rng_int(&g->rng, -50, 80) / 100.0);
    int mark = open_block(g, str_printf("while (%s && %s < %d)", gen_gt(g, thr, z), it, cap));
    if (rng_chance(&g->rng, 50))
        loop_body(g, 1, 0);
    emit(g, "%s += 0.2 + 0.1 * (%s);", z, gen_real(g, 2, 1.0).text);
    emit(g, "%s++;", it);
    close_block(g, mark, "");
    zv->writable = 1;
    Var *iv = scope_add(g, it, VK_INT);
    iv->lo = 0;
    iv->hi = cap;
    iv->used = 1;
    return 1;
}

/* ---- branches and jumps ------------------------------------------------- */

static int st_if(Gen *g)
{
    if (g->indent > 5)
        return 0;
    char *c = gen_cond(g, 2);
    if (!c)
        return 0;
    int mark = open_block(g, str_printf("if (%s)", c));
    gen_stmts(g, rng_int(&g->rng, 1, 2));
    if (rng_chance(&g->rng, 50)) {
        close_block(g, mark, "");
        return 1;
    }
    scope_pop(g, mark);
    g->indent--;
    char *c2 = rng_chance(&g->rng, 30) ? gen_cond(g, 2) : NULL;
    mark = open_block(g, c2 ? str_printf("} else if (%s)", c2) : "} else");
    gen_stmts(g, rng_int(&g->rng, 1, 2));
    close_block(g, mark, "");
    return 1;
}

static int st_break(Gen *g)
{
    if (!on(g, FE_BREAK) || !g->in_for || g->loop_depth == 0)
        return 0;
    char *c = gen_cond(g, 2);
    if (!c)
        return 0;
    int brk = rng_chance(&g->rng, 50);
    if (brk)
        note_break(g);
    emit(g, "if (%s) {", c);
    emit(g, "    %s;", brk ? "break" : "continue");
    emit(g, "}");
    return 1;
}

/* The value a function returns: its sink squashed, plus an expression. */
char *return_value(Gen *g)
{
    const char *s = g->vars[g->sink].name;
    if (!g->returns_real)
        return NULL;
    if (g->returns_real == 2)
        return str_printf("%s + %s", s, gen_real(g, 3, VB).text);
    char *sq = on(g, FE_MATH) ? str_printf("0.5 * tanh(%s)", s) : str_printf("%s / (1.0 + %s * %s)", s, s, s);
    return str_printf("%s + %s", sq, gen_real(g, 3, 1.5).text);
}

static int st_return(Gen *g)
{
    if (!on(g, FE_BREAK) || !g->returns_real)
        return 0;
    char *c = gen_cond(g, 2);
    if (!c)
        return 0;
    note_return(g);
    emit(g, "if (%s) {", c);
    emit(g, "    return %s;", return_value(g));
    emit(g, "}");
    return 1;
}

/* ---- calls, pointers, ints, local arrays ------------------------------------ */

/* A call of a void helper (in-place update or copy) on arrays in scope. */
int call_void(Gen *g, Helper *h)
{
    Var *dst = pick_array(g, h->extent, 1, -1);
    if (!dst)
        return 0;
    Var *src = NULL;
    if (h->kind == HK_COPY && !(src = pick_array(g, h->extent, 0, dst->base)))
        return 0;
    char *dv = gen_view(g, dst, h->extent);
    char *sv = src ? str_printf("%s, ", gen_view(g, src, h->extent)) : "";
    char *u = gen_real(g, 2, VB).text;
    IExpr m = gen_int(g, 1, h->extent);
    note_write(g, dst);
    emit(g, "%s(%s, %s%s, %s);", h->name, dv, sv, u, m.text);
    note_call(g, h);
    return 1;
}

static int st_call(Gen *g)
{
    if (!on(g, FE_CALL) || g->ncallable == 0)
        return 0;
    Helper *h = &g->helpers[rng_int(&g->rng, 0, g->ncallable - 1)];
    if (h->kind != HK_WRITE && h->kind != HK_COPY)
        return 0;
    return call_void(g, h);
}

static int st_pointer(Gen *g)
{
    if (!on(g, FE_POINTER) || !room(g))
        return 0;
    Var *a = pick_array(g, 3, 0, -1);
    if (!a || a->deref || a->size < 2)
        return 0;
    IExpr k = gen_int(g, -a->before, a->size - 2);
    int writable = a->writable && rng_chance(&g->rng, 70);
    char *p = fresh(g, "p");
    a->used = 1;
    emit(g, "%s *%s = %s + %s;", writable ? "double" : "const double", p, a->name,
         k.text[0] == '-' ? str_printf("(%s)", k.text) : k.text);
    Var *pv = scope_add(g, p, VK_ARRAY);
    pv->size = a->size - k.hi;
    pv->before = a->before + k.lo;
    pv->base = a->base;
    pv->writable = writable;
    return 1;
}

/* Updates an int counter in [0, hi], keeping it there. */
static void counter_update(Gen *g, Var *v)
{
    note_int_write(g, v);
    if (rng_chance(&g->rng, 50))
        emit(g, "if (%s < %d) %s++;", v->name, v->hi, v->name);
    else
        emit(g, "%s = (%s + %s) %% %d;", v->name, v->name, gen_int(g, 0, 3).text, v->hi + 1);
}

static int st_counter(Gen *g)
{
    if (!on(g, FE_INT_STATE))
        return 0;
    int idx[MAX_VARS], n = 0;
    for (int i = 0; i < g->nvars; i++)
        if (g->vars[i].kind == VK_INT && g->vars[i].writable)
            idx[n++] = i;
    if (n > 0 && rng_chance(&g->rng, 60)) {
        counter_update(g, &g->vars[idx[rng_int(&g->rng, 0, n - 1)]]);
        return 1;
    }
    if (!room(g))
        return 0;
    int m = rng_int(&g->rng, 2, 5);
    IExpr c0 = gen_int(g, 0, m);
    char *c = fresh(g, "k");
    emit(g, "int %s = %s;", c, c0.text);
    Var *cv = scope_add(g, c, VK_INT);
    cv->lo = 0;
    cv->hi = m;
    cv->writable = 1;
    return 1;
}

/* int m = (int)(a + b * tanh(e)): piecewise constant in active values. */
static int st_active_int(Gen *g)
{
    if (!on(g, FE_ACTIVE_INT) || !room(g))
        return 0;
    double a = (double)rng_int(&g->rng, 100, 350) / 100.0;
    double b = (double)rng_int(&g->rng, 30, (int)(a * 100.0) - 5) / 100.0;
    b = b > 2.0 ? 2.0 : b;
    char *e = g->opt.enabled[FE_MATH] ? str_printf("tanh(%s)", gen_real(g, 2, VB).text)
                                      : str_printf("0.5 * (%s)", gen_real(g, 2, VB).text);
    char *name = fresh(g, "m");
    if (is_constant(e)) { /* a constant may sit on an integer: no site */
        emit(g, "int %s = (int)(%.2f + %.2f * %s);", name, a, b, e);
    } else {
        g->used_int = 1;
        emit(g, "int %s = RG_INT(%.2f + %.2f * %s, %d);", name, a, b, e, g->next_id++);
    }
    Var *v = scope_add(g, name, VK_INT);
    v->lo = (int)(a - b);
    v->hi = (int)(a + b);
    return 1;
}

/* A local array, from an initializer list or an initializing loop. */
void local_array(Gen *g, int len)
{
    if (g->next_base >= MAX_BASES) {
        fprintf(stderr, "gen: too many arrays\n");
        exit(2);
    }
    char *t = fresh(g, "t");
    if (rng_chance(&g->rng, 30)) {
        Buf init = {0};
        for (int i = 0; i < len; i++)
            buf_printf(&init, "%s%s", i ? ", " : "", gen_real(g, 2, VB).text);
        emit(g, "double %s[%d] = {%s};", t, len, init.s);
    } else {
        emit(g, "double %s[%d];", t, len);
        char *i = fresh(g, "i");
        loop_open(g, 1, "", t);
        int mark = open_block(g, str_printf("for (int %s = 0; %s < %d; %s++)", i, i, len, i));
        Var *iv = scope_add(g, i, VK_INT);
        iv->hi = len - 1;
        iv->used = 1;
        emit(g, "%s[%s] = %s;", t, i, gen_real(g, 3, VB).text);
        close_block(g, mark, "");
        loop_close(g);
    }
    Var *v = scope_add(g, t, VK_ARRAY);
    v->size = len;
    v->base = g->next_base++;
    v->writable = 1;
    v->owner = 1;
}

static int st_local_array(Gen *g)
{
    if (!on(g, FE_LOCAL_ARRAY) || !room(g))
        return 0;
    local_array(g, rng_int(&g->rng, 2, 6));
    return 1;
}

/* ---- dispatch ------------------------------------------------------------- */

typedef int (*StmtFn)(Gen *g);

static const struct {
    StmtFn fn;
    int weight;
} stmt_table[] = {
    {st_decl, 12}, {st_assign, 12},  {st_sink, 6},          {st_array, 14},   {st_for, 12},
    {st_while, 5}, {st_active_while, 4}, {st_if, 10},       {st_call, 8},     {st_pointer, 5},
    {st_counter, 6}, {st_active_int, 3}, {st_local_array, 4}, {st_break, 4}, {st_return, 2},
    {st_sweep, 4}, {st_steps, 3},
};

#define NSTMT ((int)(sizeof stmt_table / sizeof stmt_table[0]))

static void gen_stmt(Gen *g)
{
    int total = 0;
    for (int i = 0; i < NSTMT; i++)
        total += stmt_table[i].weight;
    for (int t = 0; t < 20; t++) {
        int r = rng_int(&g->rng, 0, total - 1), k = 0;
        while (r >= stmt_table[k].weight)
            r -= stmt_table[k++].weight;
        if (stmt_table[k].fn(g))
            return;
    }
    st_sink(g);
}

void gen_stmts(Gen *g, int n)
{
    for (int i = 0; i < n && g->budget > 0; i++) {
        g->budget--;
        gen_stmt(g);
    }
}
