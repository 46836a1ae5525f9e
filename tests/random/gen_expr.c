/* gen_expr.c: random expressions for the program generator: real
 * expressions with a bound on their magnitude (math calls kept away from
 * singularities, kinks and branches recorded at numbered sites), int
 * expressions with known ranges, and array indices valid by construction. */
#include "gen.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static Expr mk(char *text, double bound)
{
    Expr e = {text, bound};
    return e;
}

static int on(Gen *g, Feature f)
{
    return g->opt.enabled[f];
}

/* "v", "v + c" or "v - c". */
static char *shifted(const char *v, int c)
{
    if (c == 0)
        return str_printf("%s", v);
    if (c > 0)
        return str_printf("%s + %d", v, c);
    return str_printf("%s - %d", v, -c);
}

/* A literal in [lo, hi) with two decimals. */
static double literal(Gen *g, double lo, double hi)
{
    return floor(rng_real(&g->rng, lo, hi) * 100.0) / 100.0;
}

/* Scales e (or squashes it by tanh) so that |value| <= limit. */
static Expr fit(Gen *g, Expr e, double limit)
{
    if (e.bound <= limit)
        return e;
    if (limit >= 1.0 && on(g, FE_MATH) && rng_chance(&g->rng, 30))
        return mk(str_printf("tanh(%s)", e.text), 1.0);
    double c = floor(limit / e.bound * 1000.0) / 1000.0;
    if (c < 0.001)
        return mk(str_printf("tanh(%s)", e.text), 1.0);
    return mk(str_printf("%.3f * (%s)", c, e.text), c * e.bound);
}

/* ---- variables ---------------------------------------------------------- */

/* A random variable of the given kind, newer ones more likely; NULL if none. */
static Var *pick_var(Gen *g, VarKind kind)
{
    int idx[MAX_VARS], n = 0;
    for (int i = 0; i < g->nvars; i++)
        if (g->vars[i].kind == kind)
            idx[n++] = i;
    if (n == 0)
        return NULL;
    if (rng_chance(&g->rng, 50))
        return &g->vars[idx[n - 1 - rng_int(&g->rng, 0, n > 2 ? 2 : n - 1)]];
    return &g->vars[idx[rng_int(&g->rng, 0, n - 1)]];
}

Var *pick_array(Gen *g, int min_size, int writable, int avoid_base)
{
    int idx[MAX_VARS], n = 0;
    for (int i = 0; i < g->nvars; i++) {
        Var *v = &g->vars[i];
        if (v->kind == VK_ARRAY && v->size + v->before >= min_size && (!writable || v->writable) &&
            v->base != avoid_base)
            idx[n++] = i;
    }
    if (n == 0)
        return NULL;
    return &g->vars[idx[rng_int(&g->rng, 0, n - 1)]];
}

char *elem_text(Var *arr, const char *idx)
{
    if (arr->deref)
        return str_printf("*%s", arr->name);
    return str_printf("%s[%s]", arr->name, idx);
}

/* ---- int expressions ------------------------------------------------------ */

/* A transformed int variable: v, v % m or v / 2, with its range. */
static IExpr int_base(Gen *g, Var *v)
{
    IExpr e = {str_printf("%s", v->name), v->lo, v->hi};
    int r = rng_int(&g->rng, 0, 5);
    if (v->lo >= 0 && v->hi >= 2 && r == 0) {
        int m = rng_int(&g->rng, 2, 4);
        e.text = str_printf("(%s %% %d)", v->name, m);
        e.lo = 0;
        e.hi = v->hi < m - 1 ? v->hi : m - 1;
    } else if (v->lo >= 0 && v->hi >= 2 && r == 1) {
        e.text = str_printf("(%s / 2)", v->name);
        e.lo = v->lo / 2;
        e.hi = v->hi / 2;
    }
    return e;
}

IExpr gen_int(Gen *g, int lo_min, int hi_max)
{
    for (int t = 0; t < 6 && rng_chance(&g->rng, 85); t++) {
        Var *v = pick_var(g, VK_INT);
        if (!v || v->lo > v->hi)
            break;
        IExpr b = int_base(g, v);
        if (b.hi - b.lo > hi_max - lo_min)
            continue;
        int cmin = lo_min - b.lo, cmax = hi_max - b.hi;
        int c = cmin <= 0 && 0 <= cmax && rng_chance(&g->rng, 50) ? 0 : rng_int(&g->rng, cmin, cmax);
        v->used = 1;
        IExpr e = {shifted(b.text, c), b.lo + c, b.hi + c};
        return e;
    }
    int c = rng_int(&g->rng, lo_min, hi_max);
    IExpr e = {str_printf("%d", c), c, c};
    return e;
}

char *gen_index(Gen *g, Var *arr)
{
    if (arr->deref)
        return str_printf("0");
    int lo_min = -arr->before, hi_max = arr->size - 1;
    for (int t = 0; t < 4 && rng_chance(&g->rng, 80); t++) {
        Var *v = pick_var(g, VK_INT);
        if (!v || v->lo > v->hi)
            break;
        if (v->hi - v->lo > hi_max - lo_min) {
            if (v->lo < 0)
                continue;
            v->used = 1;
            return str_printf("%s %% %d", v->name, arr->size);
        }
        IExpr e = gen_int(g, lo_min, hi_max);
        return e.text;
    }
    return str_printf("%d", rng_int(&g->rng, lo_min, hi_max));
}

/* A view arr + K with at least need elements from it, K in -before .. size-need. */
char *gen_view(Gen *g, Var *arr, int need)
{
    arr->used = 1;
    if (arr->size >= need && rng_chance(&g->rng, 40))
        return str_printf("%s", arr->name);
    IExpr k = gen_int(g, -arr->before, arr->size - need);
    if (k.lo == 0 && k.hi == 0)
        return str_printf("%s", arr->name);
    return str_printf("%s + (%s)", arr->name, k.text);
}

/* ---- conditions ------------------------------------------------------------- */

int is_constant(const char *text)
{
    for (const char *p = text; *p;) {
        if (!isalpha((unsigned char)*p) && *p != '_') {
            p++;
            continue;
        }
        const char *s = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        if (*p != '(' && !(p - s == 6 && strncmp(s, "double", 6) == 0))
            return 0; /* a variable: names followed by ( are functions */
    }
    return 1;
}

char *gen_gt(Gen *g, const char *a, const char *b)
{
    /* a constant comparison never switches, and may be a near tie that
     * would keep every test point off: no site */
    if (is_constant(a) && is_constant(b))
        return str_printf("((%s) > (%s))", a, b);
    g->used_gt = 1;
    return str_printf("RG_GT(%s, %s, %d)", a, b, g->next_id++);
}

/* An active comparison: an expression against a threshold or another one. */
static char *active_cond(Gen *g, int depth)
{
    Expr a = gen_real(g, depth, VB);
    if (rng_chance(&g->rng, 70))
        return gen_gt(g, a.text, str_printf("%.2f", literal(g, -0.4, 0.4)));
    Expr b = gen_real(g, depth, VB);
    return rng_chance(&g->rng, 50) ? gen_gt(g, a.text, b.text) : gen_gt(g, b.text, a.text);
}

/* A test of int state: parity, or a comparison with a constant. */
static char *int_cond(Gen *g)
{
    Var *v = pick_var(g, VK_INT);
    if (!v)
        return NULL;
    v->used = 1;
    int c = rng_int(&g->rng, v->lo, v->hi > v->lo ? v->hi : v->lo + 1);
    switch (rng_int(&g->rng, 0, 2)) {
    case 0:
        return v->lo >= 0 ? str_printf("%s %% 2 == 0", v->name) : str_printf("%s != %d", v->name, c);
    case 1:
        return str_printf("%s < %d", v->name, c);
    }
    return str_printf("%s >= %d", v->name, c);
}

char *gen_cond(Gen *g, int depth)
{
    int r = rng_int(&g->rng, 0, 9);
    if (!on(g, FE_BRANCH) || r < 2)
        return int_cond(g);
    if (r < 4) {
        char *ic = int_cond(g);
        if (ic)
            return str_printf("(%s) %s %s", ic, rng_chance(&g->rng, 60) ? "&&" : "||", active_cond(g, depth));
    }
    return active_cond(g, depth);
}

/* ---- real expressions ----------------------------------------------------- */

static Expr real_any(Gen *g, int depth);

/* A variable, an array element, a constant or an int state as a constant. */
static Expr leaf(Gen *g)
{
    int r = rng_int(&g->rng, 0, 9);
    if (r < 4) {
        Var *v = pick_var(g, VK_REAL);
        if (v) {
            v->used = 1;
            return mk(str_printf("%s", v->name), VB);
        }
    }
    if (r < 8) {
        Var *a = pick_array(g, 1, 0, -1);
        if (a) {
            a->used = 1;
            return mk(elem_text(a, gen_index(g, a)), VB);
        }
    }
    if (r == 8) {
        Var *v = pick_var(g, VK_INT);
        if (v) {
            v->used = 1;
            int m = abs(v->lo) > abs(v->hi) ? abs(v->lo) : abs(v->hi);
            return mk(str_printf("0.125 * (double)%s", v->name), 0.125 * m);
        }
    }
    double c = literal(g, -1.0, 1.0);
    return mk(str_printf("%.2f", c), fabs(c));
}

/* a + b, a - b, a * b, a / (1 + b * b), or -a. */
static Expr arith(Gen *g, int depth)
{
    Expr a = gen_real(g, depth - 1, VB);
    int r = rng_int(&g->rng, 0, 4);
    if (r == 3)
        return mk(str_printf("-(%s)", a.text), a.bound);
    Expr b = gen_real(g, depth - 1, VB);
    switch (r) {
    case 0:
        return mk(str_printf("%s + %s", a.text, b.text), a.bound + b.bound);
    case 1: /* not a - (a): a constant 0 that reads variables would hide near ties */
        if (strcmp(a.text, b.text) == 0)
            return mk(str_printf("%s + %s", a.text, b.text), a.bound + b.bound);
        return mk(str_printf("%s - (%s)", a.text, b.text), a.bound + b.bound);
    case 2:
        return mk(str_printf("(%s) / (1.0 + (%s) * (%s))", a.text, b.text, b.text), a.bound);
    }
    return mk(str_printf("(%s) * (%s)", a.text, b.text), a.bound * b.bound);
}

/* A math.h call on |a| <= VB, kept in its smooth, bounded range. */
static Expr math_call(Gen *g, int depth)
{
    Expr a = gen_real(g, depth - 1, VB);
    const char *t = a.text;
    double b = a.bound;
    switch (rng_int(&g->rng, 0, 16)) {
    case 0: return mk(str_printf("sin(%s)", t), 1.0);
    case 1: return mk(str_printf("cos(%s)", t), 1.0);
    case 2: return mk(str_printf("tanh(%s)", t), 1.0);
    case 3: return mk(str_printf("exp(%s)", t), exp(b));
    case 4: return mk(str_printf("log(1.0 + (%s) * (%s))", t, t), log(1.0 + b * b));
    case 5: return mk(str_printf("sqrt(1.0 + (%s) * (%s))", t, t), sqrt(1.0 + b * b));
    case 6: {
        Expr e = gen_real(g, depth - 1, 1.0);
        return mk(str_printf("pow(1.5 + tanh(%s), %s)", t, e.text), 2.5);
    }
    case 7: return mk(str_printf("pow(2.0 + sin(%s), %s)", t, rng_chance(&g->rng, 50) ? "2.0" : "1.5"), 9.0);
    case 8: return mk(str_printf("atan(%s)", t), 1.571);
    case 9: return mk(str_printf("log1p((%s) * (%s))", t, t), log(1.0 + b * b));
    case 10: return mk(str_printf("expm1(0.5 * (%s))", t), exp(0.5 * b));
    case 11: return mk(str_printf("erf(%s)", t), 1.0);
    case 12: return mk(str_printf("atan2(%s, 2.0 + (%s) * (%s))", t, t, t), 1.571);
    case 13: return mk(str_printf("hypot(%s, 1.0 + 0.25 * (%s))", t, t), sqrt(b * b + 2.25));
    case 14: return mk(str_printf("cosh(0.5 * (%s))", t), cosh(0.5 * b));
    case 15: return mk(str_printf("log(2.0 + sin(%s))", t), log(3.0));
    }
    return mk(str_printf("exp(-(%s) * (%s))", t, t), 1.0);
}

/* fabs, fmax or fmin, recorded at a site so test points avoid the kink. */
static Expr kink(Gen *g, int depth)
{
    Expr a = gen_real(g, depth - 1, VB);
    if (is_constant(a.text)) /* constant: no kink to keep away from */
        return mk(str_printf("fabs(%s)", a.text), a.bound);
    int id = g->next_id++;
    if (rng_chance(&g->rng, 40)) {
        g->used_fabs = 1;
        return mk(str_printf("RG_FABS(%s, %d)", a.text, id), a.bound);
    }
    Expr b = gen_real(g, depth - 1, VB);
    double m = a.bound > b.bound ? a.bound : b.bound;
    if (rng_chance(&g->rng, 50)) {
        g->used_fmax = 1;
        return mk(str_printf("RG_FMAX(%s, %s, %d)", a.text, b.text, id), m);
    }
    g->used_fmin = 1;
    return mk(str_printf("RG_FMIN(%s, %s, %d)", a.text, b.text, id), m);
}

/* cond ? a : b on an active comparison. */
static Expr ternary(Gen *g, int depth)
{
    char *c = active_cond(g, depth - 1);
    Expr a = gen_real(g, depth - 1, VB), b = gen_real(g, depth - 1, VB);
    return mk(str_printf("(%s ? %s : %s)", c, a.text, b.text), a.bound > b.bound ? a.bound : b.bound);
}

Expr gen_call(Gen *g, Helper *h, int depth)
{
    Expr none = {NULL, 0.0};
    if (h->kind == HK_WRITE || h->kind == HK_COPY)
        return none;
    if (h->kind == HK_SCALAR) {
        Expr u = gen_real(g, depth - 1, VB), v = gen_real(g, depth - 1, VB);
        note_call(g, h);
        return mk(str_printf("%s(%s, %s)", h->name, u.text, v.text), VB);
    }
    int need = h->kind == HK_REC ? h->extent + 1 : h->extent;
    Var *a = pick_array(g, need, 0, -1);
    if (!a)
        return none;
    char *view = gen_view(g, a, need);
    Expr u = gen_real(g, depth - 1, VB);
    note_call(g, h);
    if (h->kind == HK_REC) {
        IExpr d = gen_int(g, 0, h->extent);
        return mk(str_printf("%s(%s, %s, %s)", h->name, u.text, view, d.text), VB);
    }
    IExpr m = gen_int(g, 1, h->extent);
    return mk(str_printf("%s(%s, %s, %s)", h->name, view, u.text, m.text), VB);
}

/* A call of a random callable helper that returns a value; text NULL if none fits. */
static Expr call_expr(Gen *g, int depth)
{
    Expr none = {NULL, 0.0};
    if (g->ncallable == 0)
        return none;
    return gen_call(g, &g->helpers[rng_int(&g->rng, 0, g->ncallable - 1)], depth);
}

static Expr real_any(Gen *g, int depth)
{
    if (depth <= 0 || rng_chance(&g->rng, 20))
        return leaf(g);
    int r = rng_int(&g->rng, 0, 9);
    if (r >= 3 && r <= 5 && on(g, FE_MATH))
        return math_call(g, depth);
    if (r == 6 && on(g, FE_KINK))
        return kink(g, depth);
    if (r == 7 && on(g, FE_BRANCH))
        return ternary(g, depth);
    if (r == 8 && on(g, FE_CALL)) {
        Expr e = call_expr(g, depth);
        if (e.text)
            return e;
    }
    return arith(g, depth);
}

Expr gen_real(Gen *g, int depth, double limit)
{
    return fit(g, real_any(g, depth), limit);
}
