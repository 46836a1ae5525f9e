/* checkpoint.c: the two spellings of a checkpointed loop. ADCC_CHECKPOINT_LOOP(K
 * [, state...]) expands, under adcc, to the statement
 * `__adcc_checkpoint_loop((K), "state...");` right before the loop;
 * `#pragma adcc checkpoint(snapshots=K[, state=...])` is not in the AST at
 * all (compilers drop unknown pragmas), so the main file's text is scanned
 * for it and each one is matched with the for statement that follows it.
 * Either way the loop's ST_FOR gets its snapshot count and the state the
 * user named: `x` (a scalar or an array of known size) or `x:n` (a pointer
 * and the number of elements of the state it points to; n is a product of
 * names and integers). */
#include "frontend/internal.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

typedef struct Pragma {
    unsigned offset;    /* of the '#' in the main file */
    Loc loc;
    const char *text;   /* what follows "adcc" */
    bool used;
} Pragma;

struct FeCkpt {
    Vec pragmas;        /* Pragma*, in file order */
    Vec closed;         /* Var*: declared in blocks that have ended */
    Expr *snapshots;    /* the marker or pragma waiting for its loop */
    Vec state;
    Loc loc;
    bool pending;
};

static FeCkpt *state_of(FeState *fs)
{
    if (!fs->ckpt)
        fs->ckpt = ir_alloc(sizeof(FeCkpt));
    return fs->ckpt;
}

/* ---- the main file's `#pragma adcc` lines ---- */

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static bool word_at(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 &&
           (p + n == end || !(isalnum((unsigned char)p[n]) || p[n] == '_'));
}

/* Whether offset `at` lies in a block the preprocessor skipped (#if 0). */
static bool skipped(CXSourceRangeList *ranges, unsigned at)
{
    for (unsigned i = 0; ranges && i < ranges->count; i++) {
        unsigned from, to;
        clang_getSpellingLocation(clang_getRangeStart(ranges->ranges[i]), NULL, NULL, NULL, &from);
        clang_getSpellingLocation(clang_getRangeEnd(ranges->ranges[i]), NULL, NULL, NULL, &to);
        if (at >= from && at <= to)
            return true;
    }
    return false;
}

/* Where the text from p on leaves a comment, string or character literal
 * that the previous line left open (*in_comment), up to eol. */
static void lex_line(const char *p, const char *eol, bool *in_comment)
{
    char quote = 0;
    for (; p < eol; p++) {
        if (*in_comment) {
            if (p[0] == '*' && p + 1 < eol && p[1] == '/')
                *in_comment = false, p++;
        } else if (quote) {
            if (*p == '\\')
                p++;
            else if (*p == quote)
                quote = 0;
        } else if (p[0] == '/' && p + 1 < eol && p[1] == '*') {
            *in_comment = true, p++;
        } else if (p[0] == '/' && p + 1 < eol && p[1] == '/') {
            return;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        }
    }
}

/* _Pragma("adcc ...") from w: what follows "adcc" in the string, or NULL. */
static char *operator_pragma(const char *w, const char *eol)
{
    if (!word_at(w, eol, "_Pragma"))
        return NULL;
    w = skip_blanks(w + 7, eol);
    if (w >= eol || *w != '(')
        return NULL;
    w = skip_blanks(w + 1, eol);
    if (w >= eol || *w != '"' || !word_at(w + 1, eol, "adcc"))
        return NULL;
    const char *from = w + 5, *to = from;
    while (to < eol && *to != '"' && *to != '\\')
        to++;
    if (to >= eol || *to != '"' || *skip_blanks(to + 1, eol) != ')')
        return NULL;   /* escapes or no closing parenthesis: not ours to read */
    return ir_format("%.*s", (int)(to - from), from);
}

/* Lines that start `#pragma adcc` or `_Pragma("adcc ...")` outside
 * comments and skipped blocks. */
void fe_scan_pragmas(FeState *fs, CXFile file)
{
    FeCkpt *ck = state_of(fs);
    size_t size;
    const char *text = clang_getFileContents(fs->tu, file, &size);
    CXString name = clang_getFileName(file);
    const char *path = ir_strdup(clang_getCString(name) ? clang_getCString(name) : "");
    clang_disposeString(name);
    if (!text)
        return;
    CXSourceRangeList *ranges = clang_getSkippedRanges(fs->tu, file);
    const char *end = text + size;
    bool in_comment = false;
    int line = 1;
    for (const char *p = text; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = skip_blanks(p, eol);
        char *op = in_comment || skipped(ranges, (unsigned)(q - text)) ? NULL : operator_pragma(q, eol);
        if (op) {
            Pragma *pr = ir_alloc(sizeof(Pragma));
            pr->offset = (unsigned)(q - text);
            pr->loc = (Loc){path, line, (int)(q - p) + 1};
            pr->text = op;
            vec_push(&ck->pragmas, pr);
        }
        if (!in_comment && q < eol && *q == '#' && !skipped(ranges, (unsigned)(q - text))) {
            const char *w = skip_blanks(q + 1, eol);
            if (word_at(w, eol, "pragma")) {
                w = skip_blanks(w + 6, eol);
                if (word_at(w, eol, "adcc")) {
                    Pragma *pr = ir_alloc(sizeof(Pragma));
                    pr->offset = (unsigned)(q - text);
                    pr->loc = (Loc){path, line, (int)(q - p) + 1};
                    pr->text = ir_format("%.*s", (int)(eol - w - 4), w + 4);
                    vec_push(&ck->pragmas, pr);
                }
            }
        }
        lex_line(p, eol, &in_comment);
        p = eol + 1;
    }
    clang_disposeSourceRangeList(ranges);
}

/* ---- names and extents ---- */

static Var *find_var(FeState *fs, const char *name)
{
    for (int i = fs->decl_vars.len - 1; i >= 0; i--) {
        Var *v = fs->decl_vars.items[i];
        if (strcmp(v->name, name) == 0 && (i >= fs->scope_start || v->kind == VAR_GLOBAL) &&
            !vec_has(&state_of(fs)->closed, v))
            return v;
    }
    return NULL;
}

void fe_checkpoint_close_block(FeState *fs, int first_decl)
{
    for (int i = first_decl; i < fs->decl_vars.len; i++)
        vec_push(&state_of(fs)->closed, fs->decl_vars.items[i]);
}

/* A name or an integer at *p; NULL (after an error) when neither. */
static Expr *term(FeState *fs, const char **p, Loc loc)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *t = s;
    if (isdigit((unsigned char)*t)) {
        long long v = 0;
        while (isdigit((unsigned char)*t) && v <= INT_MAX)
            v = v * 10 + (*t++ - '0');
        if (v > INT_MAX || isdigit((unsigned char)*t)) {
            diag_error(loc, "the number '%.*s' in a checkpoint annotation is too large; snapshot counts and "
                            "extents are ints", (int)strspn(s, "0123456789"), s);
            return NULL;
        }
        *p = t;
        return ex_int(v, loc);
    }
    while (isalnum((unsigned char)*t) || *t == '_')
        t++;
    if (t == s) {
        diag_error(loc, "expected a name or an integer in the checkpointed loop's state list at '%s'; write the state as x, or x:n for a pointer to n elements", s);
        return NULL;
    }
    const char *name = ir_format("%.*s", (int)(t - s), s);
    *p = t;
    Var *v = find_var(fs, name);
    if (!v) {
        diag_error(loc, "unknown name '%s' in the checkpointed loop's state list; name a variable in scope at the loop", name);
        return NULL;
    }
    if (!ty_is_int(v->ty)) {
        diag_error(loc, "'%s' in an extent of the checkpointed loop's state is not an integer; an extent counts elements", name);
        return NULL;
    }
    return ex_var(v, loc);
}

/* n, or n * m * ...: the number of elements. */
static Expr *extent(FeState *fs, const char **p, Loc loc)
{
    Expr *e = term(fs, p, loc);
    while (e) {
        const char *s = *p;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != '*')
            break;
        *p = s + 1;
        Expr *b = term(fs, p, loc);
        e = b ? ex_binary(EX_MUL, e, b, loc) : NULL;
    }
    return e;
}

/* "x, y:n, z:n*m" into CkptItems; false after an error. */
static bool read_state(FeState *fs, const char *text, Loc loc, Vec *out)
{
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p || *p == ')')
            return true;
        const char *s = p;
        while (isalpha((unsigned char)*p) || *p == '_' || (p > s && isdigit((unsigned char)*p)))
            p++;
        if (p == s) {
            diag_error(loc, "expected a variable name in the checkpointed loop's state list at '%s'", s);
            return false;
        }
        CkptItem *it = ir_alloc(sizeof(CkptItem));
        it->loc = loc;
        const char *name = ir_format("%.*s", (int)(p - s), s);
        it->var = find_var(fs, name);
        if (!it->var) {
            diag_error(loc, "unknown name '%s' in the checkpointed loop's state list; name a variable in scope at the loop", name);
            return false;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ':') {
            p++;
            it->extent = extent(fs, &p, loc);
            if (!it->extent)
                return false;
        }
        vec_push(out, it);
    }
}

/* ---- markers, pragmas and their loops ---- */

static void set_pending(FeState *fs, Expr *snapshots, Loc loc)
{
    FeCkpt *ck = state_of(fs);
    if (ck->pending)
        diag_error(ck->loc, "this checkpoint marker has no for loop right after it; put ADCC_CHECKPOINT_LOOP(K) or #pragma adcc checkpoint(snapshots=K) directly before a for statement");
    ck->pending = true;
    ck->snapshots = snapshots;
    ck->state = (Vec){0};
    ck->loc = loc;
}

static CXCursor strip_implicit(CXCursor c)
{
    while (clang_getCursorKind(c) == CXCursor_UnexposedExpr || clang_getCursorKind(c) == CXCursor_ParenExpr) {
        Vec kids = fe_children(c);
        if (kids.len != 1)
            break;
        c = *(CXCursor *)kids.items[0];
    }
    return c;
}

bool fe_checkpoint_marker(FeState *fs, CXCursor c)
{
    if (clang_getCursorKind(c) != CXCursor_CallExpr || strcmp(fe_spelling(c), "__adcc_checkpoint_loop") != 0)
        return false;
    Loc loc = fe_loc(c);
    int n = clang_Cursor_getNumArguments(c);
    if (n != 2) {
        diag_error(loc, "malformed ADCC_CHECKPOINT_LOOP; write ADCC_CHECKPOINT_LOOP(K) or ADCC_CHECKPOINT_LOOP(K, x:n, ...)");
        return true;
    }
    Expr *k = fe_expr(fs, clang_Cursor_getArgument(c, 0));
    set_pending(fs, k, loc);
    CXCursor lit = strip_implicit(clang_Cursor_getArgument(c, 1));
    char *text = fe_spelling(lit);
    size_t len = strlen(text);
    if (len >= 2 && text[0] == '"') {
        text[len - 1] = '\0';
        read_state(fs, text + 1, loc, &state_of(fs)->state);
    }
    return true;
}

/* checkpoint(snapshots=K[, state=x:n, ...]) */
static void read_pragma(FeState *fs, Pragma *pr)
{
    pr->used = true;
    const char *p = pr->text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!word_at(p, p + strlen(p), "checkpoint")) {
        diag_error(pr->loc, "unknown adcc pragma; the one adcc knows is #pragma adcc checkpoint(snapshots=K)");
        return;
    }
    p += 10;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *kw = "snapshots";
    if (*p != '(' || strncmp(skip_blanks(p + 1, p + strlen(p)), kw, 9) != 0) {
        diag_error(pr->loc, "malformed adcc pragma; write #pragma adcc checkpoint(snapshots=K) or checkpoint(snapshots=K, state=x:n, ...)");
        return;
    }
    p = skip_blanks(p + 1, p + strlen(p)) + 9;
    p = skip_blanks(p, p + strlen(p));
    if (*p != '=') {
        diag_error(pr->loc, "malformed adcc pragma; write #pragma adcc checkpoint(snapshots=K)");
        return;
    }
    p++;
    Expr *k = term(fs, &p, pr->loc);
    if (!k)
        return;
    set_pending(fs, k, pr->loc);
    p = skip_blanks(p, p + strlen(p));
    if (*p == ',') {
        p = skip_blanks(p + 1, p + strlen(p));
        if (strncmp(p, "state", 5) != 0 || *skip_blanks(p + 5, p + strlen(p)) != '=') {
            diag_error(pr->loc, "malformed adcc pragma; after snapshots=K comes state=x:n, ...");
            return;
        }
        p = skip_blanks(p + 5, p + strlen(p)) + 1;
        read_state(fs, p, pr->loc, &state_of(fs)->state);
    } else if (*p != ')') {
        diag_error(pr->loc, "malformed adcc pragma; write #pragma adcc checkpoint(snapshots=K)");
    }
}

void fe_checkpoint_before(FeState *fs, CXCursor c, unsigned after)
{
    FeCkpt *ck = state_of(fs);
    unsigned at;
    clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, NULL, NULL, &at);
    for (int i = 0; i < ck->pragmas.len; i++) {
        Pragma *pr = ck->pragmas.items[i];
        if (!pr->used && pr->offset > after && pr->offset < at)
            read_pragma(fs, pr);
    }
    if (ck->pending && clang_getCursorKind(c) != CXCursor_ForStmt) {
        diag_error(ck->loc, "a checkpointed loop must be a for statement right after ADCC_CHECKPOINT_LOOP(K) or #pragma adcc checkpoint(snapshots=K)");
        ck->pending = false;
    }
}

void fe_checkpoint_attach(FeState *fs, Stmt *loop)
{
    FeCkpt *ck = state_of(fs);
    if (!ck->pending)
        return;
    loop->snapshots = ck->snapshots;
    loop->ckpt_state = ck->state;
    loop->ckpt_loc = ck->loc;
    ck->pending = false;
}

void fe_checkpoint_finish(FeState *fs)
{
    FeCkpt *ck = state_of(fs);
    if (ck->pending)
        diag_error(ck->loc, "this checkpoint marker has no for loop right after it; put it directly before a for statement");
    ck->pending = false;
    for (int i = 0; i < ck->pragmas.len; i++) {
        Pragma *pr = ck->pragmas.items[i];
        const char *p = skip_blanks(pr->text, pr->text + strlen(pr->text));
        if (pr->used)
            continue;
        if (word_at(p, p + strlen(p), "checkpoint"))
            diag_error(pr->loc, "#pragma adcc checkpoint must come directly before a for statement in a function body");
        else
            diag_error(pr->loc, "unknown adcc pragma; the one adcc knows is #pragma adcc checkpoint(snapshots=K)");
    }
}
