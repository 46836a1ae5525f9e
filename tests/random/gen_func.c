/* gen_func.c: the functions of a random program: helpers of each kind
 * (scalar, array reader, in-place writer, copy, recursive on an int depth;
 * static or not), the model, annotated ADCC_GRAD, ADCC_JVP and ADCC_HVP on
 * the same active parameters, taken in a random order, and model_ck, the
 * model's text again (ADCC_GRAD only) with checkpoint markers before some
 * of its counted loops, calling copies of some helpers that have markers
 * or are marked ADCC_CHECKPOINT. */
#include "gen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on(Gen *g, Feature f)
{
    return g->opt.enabled[f];
}

/* Starts a function body written into b. */
static void begin_function(Gen *g, Buf *b, int returns_real)
{
    g->out = b;
    g->nvars = 0;
    g->indent = 1;
    g->loop_depth = 0;
    g->in_for = 0;
    g->returns_real = returns_real;
}

static Var *real_param(Gen *g, const char *name, int writable)
{
    Var *v = scope_add(g, name, VK_REAL);
    v->writable = writable;
    v->param = 1;
    return v;
}

static Var *array_param(Gen *g, const char *name, int size, int writable)
{
    Var *v = scope_add(g, name, VK_ARRAY);
    if (g->next_base >= MAX_BASES) {
        fprintf(stderr, "gen: too many arrays\n");
        exit(2);
    }
    v->size = size;
    v->base = g->next_base++;
    v->writable = writable;
    v->owner = 1;
    v->param = 1;
    g->ptr_base[v->base] = 1;
    return v;
}

static Var *int_param(Gen *g, const char *name, int lo, int hi)
{
    Var *v = scope_add(g, name, VK_INT);
    v->lo = lo;
    v->hi = hi;
    v->param = 1;
    return v;
}

static void add_sink(Gen *g)
{
    emit(g, "double acc = 0.0;");
    g->sink = g->nvars;
    scope_add(g, "acc", VK_SINK);
}

/* The sink, squashed into [-0.5, 0.5]. */
static char *squashed_sink(Gen *g)
{
    if (on(g, FE_MATH))
        return "0.5 * tanh(acc)";
    return "acc / (1.0 + acc * acc)";
}

/* Folds what is unused, returns the function's value and closes it. */
static void finish_real(Gen *g)
{
    scope_fold(g, 0);
    emit(g, "return %s;", return_value(g));
    g->indent = 0;
    emit(g, "}\n");
}

/* Folds what is unused into the sink, the sink into arr[0], and closes. */
static void finish_void(Gen *g, const char *arr)
{
    scope_fold(g, 0);
    emit(g, "%s[0] = 0.5 * %s[0] + %s;", arr, arr, squashed_sink(g));
    g->indent = 0;
    emit(g, "}\n");
}

/* ---- helpers ---------------------------------------------------------------- */

static void helper_scalar(Gen *g, Helper *h, Buf *b)
{
    buf_printf(b, "%sdouble %s(double u, double v)\n{\n", h->is_static ? "static " : "", h->name);
    begin_function(g, b, 1);
    real_param(g, "u", 1);
    real_param(g, "v", 1);
    add_sink(g);
    gen_stmts(g, g->budget);
    finish_real(g);
}

static void helper_read(Gen *g, Helper *h, Buf *b)
{
    buf_printf(b, "%sdouble %s(const double *a, double u, int m)\n{\n", h->is_static ? "static " : "",
               h->name);
    begin_function(g, b, 1);
    array_param(g, "a", h->extent, 0);
    real_param(g, "u", 1);
    Var *m = int_param(g, "m", 1, h->extent);
    add_sink(g);
    gen_for_over(g, m, NULL);
    gen_stmts(g, g->budget);
    finish_real(g);
}

static void helper_write(Gen *g, Helper *h, Buf *b)
{
    buf_printf(b, "%svoid %s(double *a, double u, int m)\n{\n", h->is_static ? "static " : "", h->name);
    begin_function(g, b, 0);
    Var *a = array_param(g, "a", h->extent, 1);
    real_param(g, "u", 1);
    Var *m = int_param(g, "m", 1, h->extent);
    add_sink(g);
    gen_for_over(g, m, a);
    gen_stmts(g, g->budget);
    finish_void(g, "a");
}

static void helper_copy(Gen *g, Helper *h, Buf *b)
{
    buf_printf(b, "%svoid %s(double *dst, const double *src, double u, int m)\n{\n",
               h->is_static ? "static " : "", h->name);
    begin_function(g, b, 0);
    Var *dst = array_param(g, "dst", h->extent, 1);
    array_param(g, "src", h->extent, 0);
    real_param(g, "u", 1);
    Var *m = int_param(g, "m", 1, h->extent);
    add_sink(g);
    gen_for_over(g, m, dst);
    gen_stmts(g, g->budget);
    finish_void(g, "dst");
}

/* Recursion on d: a base case at d <= 0, one or two calls on d - 1 (one on
 * a + 1), the result used nonlinearly on the way back up. */
static void helper_rec(Gen *g, Helper *h, Buf *b)
{
    buf_printf(b, "%sdouble %s(double u, const double *a, int d)\n{\n", h->is_static ? "static " : "",
               h->name);
    begin_function(g, b, 1);
    real_param(g, "u", 1);
    array_param(g, "a", 1, 0)->used = 1;
    int_param(g, "d", 0, 0)->used = 1;
    emit(g, "if (d <= 0) {");
    g->indent++;
    emit(g, "return %s;", gen_real(g, 2, VB).text);
    g->indent--;
    emit(g, "}");
    g->vars[2].lo = 1;
    g->vars[2].hi = h->extent;
    add_sink(g);
    gen_stmts(g, g->budget);
    char *r = "r";
    char *call = str_printf("%s(%s, a + 1, d - 1)", h->name, gen_real(g, 2, VB).text);
    if (rng_chance(&g->rng, 30))
        emit(g, "double %s = 0.5 * %s + 0.5 * %s(%s, a, d - 1);", r, call, h->name, gen_real(g, 2, VB).text);
    else
        emit(g, "double %s = %s;", r, call);
    real_param(g, r, 1);
    finish_real(g);
}

static void write_helper(Gen *g, Helper *h, Buf *b)
{
    g->budget = rng_int(&g->rng, 2, 4);
    switch (h->kind) {
    case HK_SCALAR:
        helper_scalar(g, h, b);
        return;
    case HK_READ:
        helper_read(g, h, b);
        return;
    case HK_WRITE:
        helper_write(g, h, b);
        return;
    case HK_COPY:
        helper_copy(g, h, b);
        return;
    case HK_REC:
        helper_rec(g, h, b);
        return;
    }
}

static HelperKind pick_kind(Gen *g)
{
    for (;;) {
        HelperKind k = (HelperKind)rng_int(&g->rng, 0, 4);
        if ((k == HK_WRITE || k == HK_COPY) && !on(g, FE_ARRAY_WRITE))
            continue;
        if (k == HK_REC && !on(g, FE_RECURSION))
            continue;
        return k;
    }
}

static void make_helpers(Gen *g, Buf *b)
{
    int most = g->opt.helpers >= 0 ? g->opt.helpers : 3;
    g->nhelpers = on(g, FE_CALL) || on(g, FE_RECURSION) ? rng_int(&g->rng, 0, most) : 0;
    for (int i = 0; i < g->nhelpers; i++) {
        Helper *h = &g->helpers[i];
        h->kind = on(g, FE_CALL) ? pick_kind(g) : HK_REC;
        h->is_static = rng_chance(&g->rng, 60);
        h->extent = h->kind == HK_REC ? rng_int(&g->rng, 1, 3) : rng_int(&g->rng, 2, 4);
        h->name = str_printf("%s%d", h->kind == HK_REC ? "rec" : "h", i + 1);
        h->calls = 0;
        g->ncallable = i;
        g->cur = i;
        h->text_start = b->len;
        h->site_lo = g->nsites;
        write_helper(g, h, b);
        h->text_end = b->len;
        h->site_hi = g->nsites;
    }
    g->ncallable = g->nhelpers;
}

/* ---- the model ---------------------------------------------------------------- */

static Param *add_param(Gen *g, const char *name, ParamKind kind, int size)
{
    Param *p = &g->params[g->nparams++];
    memset(p, 0, sizeof *p);
    p->name = name;
    p->kind = kind;
    p->size = size;
    return p;
}

/* x, scalars s0.., maybe an inactive c, output y and out, ints n and k, shuffled. */
static void make_params(Gen *g)
{
    int nx = rng_int(&g->rng, 4, 8);
    add_param(g, "x", PK_IN_ARRAY, nx);
    int ns = rng_int(&g->rng, 0, 2);
    for (int i = 0; i < ns; i++)
        add_param(g, str_printf("s%d", i), PK_SCALAR, 1);
    if (rng_chance(&g->rng, 50))
        add_param(g, "c", PK_INACTIVE, 1);
    if (on(g, FE_OUTPUT) && rng_chance(&g->rng, 70))
        add_param(g, "y", PK_IO_ARRAY, rng_int(&g->rng, 2, 6));
    if (on(g, FE_OUTPUT) && rng_chance(&g->rng, 40))
        add_param(g, "out", PK_OUT_SCALAR, 1);
    Param *n = add_param(g, "n", PK_INT, 0);
    n->lo = rng_int(&g->rng, 0, 2);
    n->hi = rng_int(&g->rng, n->lo < 2 ? 2 : n->lo, nx);
    if (rng_chance(&g->rng, 50)) {
        Param *k = add_param(g, "k", PK_INT, 0);
        k->hi = rng_int(&g->rng, 1, 3);
    }
    for (int i = g->nparams - 1; i > 0; i--) {
        int j = rng_int(&g->rng, 0, i);
        Param t = g->params[i];
        g->params[i] = g->params[j];
        g->params[j] = t;
    }
    g->np = 0;
    for (int i = 0; i < g->nparams; i++) {
        Param *p = &g->params[i];
        if (p->kind != PK_INACTIVE && p->kind != PK_INT) {
            p->offset = g->np;
            g->np += p->size;
        }
    }
}

static const char *param_decl(Param *p)
{
    switch (p->kind) {
    case PK_IN_ARRAY:
        return str_printf("const double *%s", p->name);
    case PK_SCALAR:
    case PK_INACTIVE:
        return str_printf("double %s", p->name);
    case PK_IO_ARRAY:
    case PK_OUT_SCALAR:
        return str_printf("double *%s", p->name);
    case PK_INT:
        return str_printf("int %s", p->name);
    }
    return "";
}

/* The model's parameters as variables in scope. */
static void param_vars(Gen *g)
{
    for (int i = 0; i < g->nparams; i++) {
        Param *p = &g->params[i];
        switch (p->kind) {
        case PK_IN_ARRAY:
            array_param(g, p->name, p->size, 0);
            break;
        case PK_SCALAR:
            real_param(g, p->name, 1);
            break;
        case PK_INACTIVE:
            real_param(g, p->name, 0);
            break;
        case PK_IO_ARRAY:
            array_param(g, p->name, p->size, 1);
            break;
        case PK_OUT_SCALAR:
            array_param(g, p->name, 1, 1)->deref = 1;
            break;
        case PK_INT:
            int_param(g, p->name, p->lo, p->hi);
            break;
        }
    }
}

static void annotations(Gen *g, Buf *b)
{
    Buf list = {0};
    for (int i = 0; i < g->nparams; i++)
        if (g->params[i].kind != PK_INACTIVE && g->params[i].kind != PK_INT)
            buf_printf(&list, "%s%s", list.len ? ", " : "", g->params[i].name);
    buf_printf(b, "ADCC_GRAD(%s)\nADCC_JVP(%s)\nADCC_HVP(%s)\n", list.s, list.s, list.s);
}

/* Calls every helper nothing has called yet, so that each one is tested. */
static void force_calls(Gen *g)
{
    for (int i = 0; i < g->nhelpers; i++) {
        Helper *h = &g->helpers[i];
        if (h->calls > 0)
            continue;
        if (h->kind == HK_WRITE || h->kind == HK_COPY) {
            if (!call_void(g, h)) {
                local_array(g, h->extent + rng_int(&g->rng, 0, 2));
                call_void(g, h);
            }
            continue;
        }
        Expr e = gen_call(g, h, 2);
        emit(g, "acc += %s;", e.text);
    }
}

static void write_model(Gen *g, Buf *b)
{
    annotations(g, b);
    buf_printf(b, "double model(");
    for (int i = 0; i < g->nparams; i++)
        buf_printf(b, "%s%s", i ? ", " : "", param_decl(&g->params[i]));
    buf_printf(b, ")\n{\n");
    begin_function(g, b, 2);
    g->cur = -1;
    g->model_body = b->len;
    g->model_site_lo = g->nsites;
    param_vars(g);
    add_sink(g);
    g->budget = g->opt.size > 0 ? g->opt.size : rng_int(&g->rng, 6, 16);
    gen_stmts(g, g->budget);
    force_calls(g);
    finish_real(g);
    g->model_end = b->len;
    g->model_site_hi = g->nsites;
}

/* ---- model_ck: the model checkpointed ------------------------------------------- */

/* A marker for site s: K in 1..6, the macro or the pragma, the state named
 * where adcc cannot infer it (or at random), else inferred. A named state
 * is what the loop writes, or now and then every variable it might (a
 * superset is a valid state too). */
static char *marker(Gen *g, Site *s)
{
    int k = rng_int(&g->rng, 1, 6);
    int named = s->ptr_other || rng_chance(&g->rng, 30);
    char *state = named ? state_list(s, rng_chance(&g->rng, 15)) : "";
    if (!*state)
        named = 0;
    if (rng_chance(&g->rng, 35))
        return named ? str_printf("#pragma adcc checkpoint(snapshots=%d, state=%s)", k, state)
                     : str_printf("#pragma adcc checkpoint(snapshots=%d)", k);
    return named ? str_printf("ADCC_CHECKPOINT_LOOP(%d, %s)", k, state)
                 : str_printf("ADCC_CHECKPOINT_LOOP(%d)", k);
}

/* Puts markers on about half the valid sites, at least one if any, and on
 * most of those whose pointer writes adcc can size (sweeps: the rarer case). */
static void choose_markers(Gen *g)
{
    int valid[MAX_SITES], n = 0, chosen = 0;
    for (int i = 0; i < g->nsites; i++) {
        Site *s = &g->sites[i];
        if (!s->ok)
            continue;
        valid[n++] = i;
        if (rng_chance(&g->rng, s->sweep_base >= 0 && !s->ptr_other ? 90 : 50)) {
            g->sites[i].marker = marker(g, &g->sites[i]);
            chosen++;
        }
    }
    if (n > 0 && chosen == 0) {
        Site *s = &g->sites[valid[rng_int(&g->rng, 0, n - 1)]];
        s->marker = marker(g, s);
    }
}

/* Which helpers model_ck calls copies of: those with markers, some marked
 * ADCC_CHECKPOINT, and every helper that calls a copied one (helpers call
 * only earlier ones, so one pass in order reaches all callers). */
static void choose_copies(Gen *g)
{
    for (int i = 0; i < g->nhelpers; i++) {
        Helper *h = &g->helpers[i];
        h->ck_annotated = rng_chance(&g->rng, 35);
        h->ck_copy = h->ck_annotated;
        for (int k = h->site_lo; k < h->site_hi; k++)
            h->ck_copy |= g->sites[k].marker != NULL;
    }
    for (int i = 0; i < g->nhelpers; i++)
        for (int c = 0; g->helpers[i].ck_copy && c < g->nhelpers; c++)
            if (g->helpers[i].callers & (1u << c))
                g->helpers[c].ck_copy = 1;
}

/* The helper copied that src names at its start (a call or the
 * definition), or NULL. */
static Helper *copied_at(Gen *g, const char *text, const char *src)
{
    if (src > text && (isalnum((unsigned char)src[-1]) || src[-1] == '_'))
        return NULL;
    for (int i = 0; i < g->nhelpers; i++) {
        Helper *h = &g->helpers[i];
        size_t n = strlen(h->name);
        if (h->ck_copy && strncmp(src, h->name, n) == 0 && src[n] == '(')
            return h;
    }
    return NULL;
}

/* text[from, to) into out, each copied helper's name NAME( as NAME_ck(. */
static void renamed(Gen *g, Buf *out, const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        Helper *h = copied_at(g, text, text + i);
        if (h) {
            buf_printf(out, "%s_ck", h->name);
            i += strlen(h->name);
        } else {
            buf_printf(out, "%c", text[i++]);
        }
    }
}

/* text[from, to) renamed, with each marked site's marker before its loop. */
static void copy_marked(Gen *g, Buf *out, const char *text, size_t from, size_t to, int lo, int hi)
{
    size_t at = from;
    for (int i = lo; i < hi; i++) {
        Site *s = &g->sites[i];
        if (!s->marker)
            continue;
        renamed(g, out, text, at, s->at);
        buf_printf(out, "%*s%s\n", 4 * s->indent, "", s->marker);
        at = s->at;
    }
    renamed(g, out, text, at, to);
}

/* ADCC_CHECKPOINT, naming the extent of the array a void helper writes. */
static const char *checkpoint_annotation(Helper *h)
{
    if (h->kind == HK_WRITE)
        return str_printf("ADCC_CHECKPOINT_EXTENTS(a:%d)", h->extent);
    if (h->kind == HK_COPY)
        return str_printf("ADCC_CHECKPOINT_EXTENTS(dst:%d)", h->extent);
    return "ADCC_CHECKPOINT";
}

static void write_model_ck(Gen *g, Buf *b)
{
    choose_markers(g);
    choose_copies(g);
    const char *text = b->s;
    Buf ck = {0};
    buf_printf(&ck, "%s", "");
    for (int i = 0; i < g->nhelpers; i++) {
        Helper *h = &g->helpers[i];
        if (!h->ck_copy)
            continue;
        if (h->ck_annotated)
            buf_printf(&ck, "%s\n", checkpoint_annotation(h));
        copy_marked(g, &ck, text, h->text_start, h->text_end, h->site_lo, h->site_hi);
    }
    Buf list = {0};
    for (int i = 0; i < g->nparams; i++)
        if (g->params[i].kind != PK_INACTIVE && g->params[i].kind != PK_INT)
            buf_printf(&list, "%s%s", list.len ? ", " : "", g->params[i].name);
    buf_printf(&ck, "/* the model again, checkpointed: f_grad must give the same values */\n");
    buf_printf(&ck, "ADCC_GRAD(%s)\ndouble model_ck(", list.s);
    for (int i = 0; i < g->nparams; i++)
        buf_printf(&ck, "%s%s", i ? ", " : "", param_decl(&g->params[i]));
    buf_printf(&ck, ")\n{\n");
    copy_marked(g, &ck, text, g->model_body, g->model_end, g->model_site_lo, g->model_site_hi);
    buf_printf(b, "%s", ck.s);
}

void gen_functions(Gen *g, Buf *b)
{
    make_params(g);
    make_helpers(g, b);
    write_model(g, b);
    if (on(g, FE_CHECKPOINT))
        write_model_ck(g, b);
}
