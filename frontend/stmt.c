/* stmt.c: libclang statements -> IR statements. Loop and if bodies always
 * become blocks; case labels are flattened into their switch body; goto
 * and other constructs the IR lacks are recorded as unsupported. */
#include "frontend/internal.h"

#include <string.h>

static void stmt(FeState *fs, CXCursor c, Stmt *out);

static unsigned offset_of(CXCursor c)
{
    unsigned off;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, NULL, NULL, &off);
    return off;
}


static Stmt *as_block(FeState *fs, CXCursor c)
{
    Stmt *b = st_block(fe_loc(c));
    if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
        Vec kids = fe_children(c);
        unsigned after = offset_of(c);
        int first_decl = fs->decl_vars.len;
        for (int i = 0; i < kids.len; i++) {
            CXCursor k = *(CXCursor *)kids.items[i];
            fe_checkpoint_before(fs, k, after);
            if (!fe_checkpoint_marker(fs, k))
                stmt(fs, k, b);
            /* in the main file, where a statement a macro wrote ends too */
            clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(k)), NULL, NULL, NULL, &after);
        }
        fe_checkpoint_close_block(fs, first_decl);
    } else {
        stmt(fs, c, b);
    }
    return b;
}

Stmt *fe_body(FeState *fs, CXCursor body)
{
    return as_block(fs, body);
}

/* A condition: its side effects are lifted into `out`, before it. */
static Expr *condition(FeState *fs, CXCursor c, Stmt *out)
{
    Stmt *saved = fs->pre;
    bool saved_cond = fs->in_cond;
    fs->pre = out;
    fs->in_cond = false;
    Expr *e = fe_expr(fs, c);
    fs->pre = saved;
    fs->in_cond = saved_cond;
    return e;
}

static bool has_own_continue(const Stmt *s)
{
    if (!s)
        return false;
    switch (s->kind) {
    case ST_CONTINUE: return true;
    case ST_BLOCK:
        for (int i = 0; i < s->items.len; i++)
            if (has_own_continue(s->items.items[i]))
                return true;
        return false;
    case ST_IF: return has_own_continue(s->then) || has_own_continue(s->els);
    case ST_SWITCH: return has_own_continue(s->body);
    case ST_DECL: case ST_ASSIGN: case ST_EXPR: case ST_FOR: case ST_WHILE: case ST_DO:
    case ST_CASE: case ST_DEFAULT: case ST_BREAK: case ST_RETURN: case ST_COMMENT:
        return false;
    }
    return false;
}

/* A loop condition with side effects (while (k--), while ((x = next(x)) > 0))
 * is evaluated inside the body each time round: the loop becomes
 * `while (1) { pre; if (!cond) break; body }` (the test at the end of a do
 * body). Conditions without side effects stay where they are. */
static void loop_condition(FeState *fs, CXCursor c, Stmt *loop)
{
    Loc loc = fe_loc(c);
    Stmt *pre = st_block(loc);
    Expr *cond = condition(fs, c, pre);
    if (pre->items.len == 0) {
        loop->cond = cond;
        return;
    }
    if (loop->kind == ST_DO && has_own_continue(loop->body)) {
        fe_unsupported(fs, c, "a do-while condition with side effects in a loop that uses continue is not "
                              "supported; move the side effect into its own statement");
        return;
    }
    st_test_in_body(loop, pre, cond);
}

static void decl(FeState *fs, CXCursor c, Stmt *out)
{
    Vec kids = fe_children(c);
    for (int i = 0; i < kids.len; i++) {
        CXCursor d = *(CXCursor *)kids.items[i];
        if (clang_getCursorKind(d) != CXCursor_VarDecl)
            continue;
        if (clang_Cursor_getStorageClass(d) == CX_SC_Static) {
            fe_unsupported(fs, d, "static local variables are not supported; use a global or a parameter");
            continue;
        }
        bool ok = true;
        Type *ty = fe_type(fs, clang_getCursorType(d), d, &ok);
        Var *v = ir_var(fs->m, fe_spelling(d), ty, VAR_LOCAL, fe_loc(d));
        Expr *init = NULL;
        CXCursor k = clang_Cursor_getVarDeclInitializer(d);
        if (!clang_Cursor_isNull(k)) {
            Stmt *saved = fs->pre;
            fs->pre = out;
            init = fe_expr(fs, k);
            fs->pre = saved;
        }
        fe_bind(fs, d, v);
        st_append(out, st_decl(v, init, fe_loc(d)));
    }
}

/* Offsets of the two ';' of a for header, to tell which of its optional
 * parts (init; cond; step) libclang's children are. */
static void for_header(FeState *fs, CXCursor c, unsigned semi[2], unsigned *rparen)
{
    CXToken *toks;
    unsigned n, depth = 0, found = 0;
    semi[0] = semi[1] = *rparen = 0;
    clang_tokenize(fs->tu, clang_getCursorExtent(c), &toks, &n);
    for (unsigned i = 0; i < n; i++) {
        CXString s = clang_getTokenSpelling(fs->tu, toks[i]);
        const char *t = clang_getCString(s);
        unsigned off;
        clang_getSpellingLocation(clang_getTokenLocation(fs->tu, toks[i]), NULL, NULL, NULL, &off);
        if (strcmp(t, "(") == 0)
            depth++;
        else if (strcmp(t, ")") == 0 && --depth == 0 && found == 2)
            *rparen = off, i = n;
        else if (strcmp(t, ";") == 0 && depth == 1 && found < 2)
            semi[found++] = off;
        clang_disposeString(s);
    }
    clang_disposeTokens(fs->tu, toks, n);
}

static void for_stmt(FeState *fs, CXCursor c, Stmt *out)
{
    unsigned semi[2], rparen, spelled, expanded;
    for_header(fs, c, semi, &rparen);
    CXSourceLocation at = clang_getCursorLocation(c);
    clang_getSpellingLocation(at, NULL, NULL, NULL, &spelled);
    clang_getExpansionLocation(at, NULL, NULL, NULL, &expanded);
    if (!rparen || spelled != expanded) {
        /* the header's tokens are not in the main file (a macro wrote it):
         * its parts cannot be told apart */
        fe_unsupported(fs, c, "a for statement whose header a macro writes is not supported; write the for "
                              "header in the function, or the whole loop in a helper function");
        return;
    }
    Stmt *s = st_new(ST_FOR, fe_loc(c));
    fe_checkpoint_attach(fs, s);
    Stmt *init = st_block(fe_loc(c)), *step = st_block(fe_loc(c));
    Vec kids = fe_children(c);
    CXCursor cond = clang_getNullCursor();
    for (int i = 0; i < kids.len; i++) {
        CXCursor k = *(CXCursor *)kids.items[i];
        unsigned off = offset_of(k);
        if (off < semi[0])
            stmt(fs, k, init);
        else if (off < semi[1])
            cond = k;
        else if (off < rparen)
            fe_expr_stmt(fs, k, step);
        else
            s->body = as_block(fs, k);
    }
    if (!s->body)
        s->body = st_block(fe_loc(c));
    if (!clang_Cursor_isNull(cond))
        loop_condition(fs, cond, s);
    s->step = step->items.len == 1 ? step->items.items[0] : step->items.len ? step : NULL;
    if (init->items.len <= 1) {
        s->init_s = init->items.len ? init->items.items[0] : NULL;
        st_append(out, s);
    } else {
        st_append(init, s);
        st_append(out, init);
    }
}

static void switch_body(FeState *fs, CXCursor c, Stmt *out)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt) {
        Vec kids = fe_children(c);
        Stmt *label = st_new(k == CXCursor_CaseStmt ? ST_CASE : ST_DEFAULT, fe_loc(c));
        int first = 0;
        if (k == CXCursor_CaseStmt) {
            CXEvalResult r = kids.len ? clang_Cursor_Evaluate(*(CXCursor *)kids.items[0]) : NULL;
            if (r && clang_EvalResult_getKind(r) == CXEval_Int)
                label->ival = clang_EvalResult_getAsLongLong(r);
            else
                fe_unsupported(fs, c, "case value is not an integer constant");
            if (r)
                clang_EvalResult_dispose(r);
            first = 1;
        }
        st_append(out, label);
        for (int i = first; i < kids.len; i++)
            switch_body(fs, *(CXCursor *)kids.items[i], out);
        return;
    }
    stmt(fs, c, out);
}

static void stmt(FeState *fs, CXCursor c, Stmt *out)
{
    Loc loc = fe_loc(c);
    Vec kids = fe_children(c);
    CXCursor k0 = kids.len > 0 ? *(CXCursor *)kids.items[0] : clang_getNullCursor();
    CXCursor k1 = kids.len > 1 ? *(CXCursor *)kids.items[1] : clang_getNullCursor();
    switch (clang_getCursorKind(c)) {
    case CXCursor_CompoundStmt:
        st_append(out, as_block(fs, c));
        return;
    case CXCursor_DeclStmt:
        decl(fs, c, out);
        return;
    case CXCursor_NullStmt:
        return;
    case CXCursor_IfStmt: {
        if (kids.len < 2)
            break;
        Expr *cond = condition(fs, k0, out);
        Stmt *els = kids.len > 2 ? as_block(fs, *(CXCursor *)kids.items[2]) : NULL;
        st_append(out, st_if(cond, as_block(fs, k1), els, loc));
        return;
    }
    case CXCursor_ForStmt:
        for_stmt(fs, c, out);
        return;
    case CXCursor_WhileStmt: {
        if (kids.len != 2)
            break;
        Stmt *s = st_new(ST_WHILE, loc);
        s->body = as_block(fs, k1);
        loop_condition(fs, k0, s);
        st_append(out, s);
        return;
    }
    case CXCursor_DoStmt: {
        if (kids.len != 2)
            break;
        Stmt *s = st_new(ST_DO, loc);
        s->body = as_block(fs, k0);
        loop_condition(fs, k1, s);
        st_append(out, s);
        return;
    }
    case CXCursor_SwitchStmt: {
        if (kids.len != 2)
            break;
        Stmt *s = st_new(ST_SWITCH, loc);
        s->cond = condition(fs, k0, out);
        s->body = st_block(fe_loc(k1));
        if (clang_getCursorKind(k1) == CXCursor_CompoundStmt) {
            Vec items = fe_children(k1);
            for (int i = 0; i < items.len; i++)
                switch_body(fs, *(CXCursor *)items.items[i], s->body);
        } else {
            switch_body(fs, k1, s->body);
        }
        st_append(out, s);
        return;
    }
    case CXCursor_CaseStmt:
    case CXCursor_DefaultStmt:
        fe_unsupported(fs, c, "case labels outside the top level of a switch body are not supported; put every case label directly in the switch body");
        return;
    case CXCursor_BreakStmt:
        st_append(out, st_new(ST_BREAK, loc));
        return;
    case CXCursor_ContinueStmt:
        st_append(out, st_new(ST_CONTINUE, loc));
        return;
    case CXCursor_ReturnStmt: {
        Stmt *s = st_new(ST_RETURN, loc);
        if (kids.len)
            s->expr = condition(fs, k0, out);
        st_append(out, s);
        return;
    }
    case CXCursor_GotoStmt:
    case CXCursor_IndirectGotoStmt:
        fe_unsupported(fs, c, "goto is not supported; restructure the code with loops, break and continue");
        return;
    case CXCursor_LabelStmt:
        fe_unsupported(fs, c, "labels and goto are not supported; restructure the code with loops, break and continue");
        return;
    default:
        if (clang_isExpression(clang_getCursorKind(c))) {
            fe_expr_stmt(fs, c, out);
            return;
        }
        fe_unsupported(fs, c, ir_format("this statement is not supported; remove it or rewrite it with plain C statements"));
        return;
    }
    fe_unsupported(fs, c, "malformed statement");
}
