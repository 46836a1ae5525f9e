/* expr.c: libclang expressions -> IR expressions. Assignments and ++/--
 * nested inside an expression are lifted into statements placed before it
 * (fs->pre); compound assignments become plain ones. */
#include "frontend/internal.h"

#include <string.h>

static Expr *bad(FeState *fs, CXCursor c, const char *what)
{
    fe_unsupported(fs, c, what);
    return ex_int(0, fe_loc(c));
}

static Type *expr_type(FeState *fs, CXCursor c)
{
    bool ok = true;
    return fe_type(fs, clang_getCursorType(c), c, &ok);
}

/* The expression children of c (skipping type references and the like). */
static Vec expr_children(CXCursor c)
{
    Vec all = fe_children(c), out = {0};
    for (int i = 0; i < all.len; i++) {
        CXCursor *k = all.items[i];
        if (clang_isExpression(clang_getCursorKind(*k)))
            vec_push(&out, k);
    }
    return out;
}

static CXCursor only_child(CXCursor c, bool *ok)
{
    Vec kids = expr_children(c);
    *ok = kids.len == 1;
    return kids.len ? *(CXCursor *)kids.items[kids.len - 1] : clang_getNullCursor();
}

static bool is_arith(const Type *t)
{
    return t->kind == TY_INT || ty_is_float(t);
}

static Expr *literal(FeState *fs, CXCursor c, Type *ty)
{
    CXEvalResult r = clang_Cursor_Evaluate(c);
    Expr *e;
    if (!r)
        return bad(fs, c, "this constant cannot be evaluated; write it out without macros");
    if (clang_EvalResult_getKind(r) == CXEval_Float) {
        e = ex_flt(clang_EvalResult_getAsDouble(r), ty, fe_loc(c));
    } else if (clang_EvalResult_getKind(r) == CXEval_Int) {
        e = ex_int(clang_EvalResult_getAsLongLong(r), fe_loc(c));
        e->ty = ty;
        if (ty->kind == TY_INT && strstr(ty->name, "unsigned"))
            e->text = ir_format("%lluu%s", (unsigned long long)e->ival, strstr(ty->name, "long") ? "l" : "");
        else if (ty->kind == TY_INT && strstr(ty->name, "long"))
            e->text = ir_format("%lldl", e->ival);
    } else {
        clang_EvalResult_dispose(r);
        return bad(fs, c, "string literals are not supported here");
    }
    clang_EvalResult_dispose(r);
    return e;
}

static Op binary_op(enum CXBinaryOperatorKind k)
{
    switch (k) {
    case CXBinaryOperator_Mul: case CXBinaryOperator_MulAssign: return EX_MUL;
    case CXBinaryOperator_Div: case CXBinaryOperator_DivAssign: return EX_DIV;
    case CXBinaryOperator_Rem: case CXBinaryOperator_RemAssign: return EX_MOD;
    case CXBinaryOperator_Add: case CXBinaryOperator_AddAssign: return EX_ADD;
    case CXBinaryOperator_Sub: case CXBinaryOperator_SubAssign: return EX_SUB;
    case CXBinaryOperator_Shl: case CXBinaryOperator_ShlAssign: return EX_SHL;
    case CXBinaryOperator_Shr: case CXBinaryOperator_ShrAssign: return EX_SHR;
    case CXBinaryOperator_LT: return EX_LT;
    case CXBinaryOperator_GT: return EX_GT;
    case CXBinaryOperator_LE: return EX_LE;
    case CXBinaryOperator_GE: return EX_GE;
    case CXBinaryOperator_EQ: return EX_EQ;
    case CXBinaryOperator_NE: return EX_NE;
    case CXBinaryOperator_And: case CXBinaryOperator_AndAssign: return EX_BAND;
    case CXBinaryOperator_Xor: case CXBinaryOperator_XorAssign: return EX_BXOR;
    case CXBinaryOperator_Or: case CXBinaryOperator_OrAssign: return EX_BOR;
    case CXBinaryOperator_LAnd: return EX_LAND;
    case CXBinaryOperator_LOr: return EX_LOR;
    default: return EX_COUNT_;
    }
}

static bool is_assign(enum CXBinaryOperatorKind k)
{
    return k >= CXBinaryOperator_Assign && k <= CXBinaryOperator_OrAssign;
}

static bool is_incdec(enum CXUnaryOperatorKind k)
{
    return k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec ||
           k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PreDec;
}

/* lhs (op)= rhs as an IR assignment appended to out. */
static Expr *assignment(FeState *fs, CXCursor c, Stmt *out)
{
    Vec kids = expr_children(c);
    if (kids.len != 2)
        return bad(fs, c, "malformed assignment");
    enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(c);
    Expr *lhs = fe_expr(fs, *(CXCursor *)kids.items[0]);
    Expr *rhs = fe_expr(fs, *(CXCursor *)kids.items[1]);
    if (lhs->op != EX_VAR && lhs->op != EX_INDEX && lhs->op != EX_DEREF)
        return bad(fs, c, "assignment to this kind of lvalue is not supported");
    if (k != CXBinaryOperator_Assign) {
        Expr *r = ex_binary(binary_op(k), ex_copy(lhs), rhs, fe_loc(c));
        if (!ty_is_ptr_like(lhs->ty) && r->ty != lhs->ty && is_arith(lhs->ty) && !ty_equal(r->ty, lhs->ty))
            r = ex_cast(lhs->ty, r, fe_loc(c)), r->implicit = true;
        rhs = r;
    }
    st_append(out, st_assign(lhs, rhs, fe_loc(c)));
    return lhs;
}

/* ++x, x++, --x, x-- : x = x +/- 1, appended to out; returns the value. */
static Expr *incdec(FeState *fs, CXCursor c, Stmt *out, bool want_value)
{
    bool ok;
    CXCursor k = only_child(c, &ok);
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    Expr *x = fe_expr(fs, k);
    if (x->op != EX_VAR && x->op != EX_INDEX && x->op != EX_DEREF)
        return bad(fs, c, "++/-- on this kind of lvalue is not supported");
    Loc loc = fe_loc(c);
    bool post = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec;
    bool inc = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc;
    Expr *result = x;
    if (post && want_value) {
        Var *t = fe_temp(fs, ty_const(x->ty, false), loc);
        st_append(out, st_decl(t, ex_copy(x), loc));
        result = ex_var(t, loc);
    }
    Expr *one = ty_is_float(x->ty) ? ex_flt(1.0, x->ty, loc) : ex_int(1, loc);
    st_append(out, st_assign(x, ex_binary(inc ? EX_ADD : EX_SUB, ex_copy(x), one, loc), loc));
    return post && want_value ? result : ex_copy(x);
}

static Expr *side_effect(FeState *fs, CXCursor c, bool assign)
{
    if (fs->in_cond || !fs->pre)
        return bad(fs, c, "assignments and ++/-- inside conditions are not supported; move them into their own statement");
    return assign ? assignment(fs, c, fs->pre) : incdec(fs, c, fs->pre, true);
}

/* (T[]){a, b}: a named temporary declared before the statement (its
 * lifetime is the enclosing block either way). */
static Expr *compound_literal(FeState *fs, CXCursor c)
{
    Loc loc = fe_loc(c);
    Vec kids = expr_children(c);
    CXCursor init = *(CXCursor *)kids.items[kids.len - 1];
    if (fs->in_cond || !fs->pre || clang_getCursorKind(init) != CXCursor_InitListExpr)
        return bad(fs, c, "compound literals are supported only as statement-level expressions; declare a "
                          "named array or variable");
    Var *t = fe_temp(fs, expr_type(fs, c), loc);
    t->name = ir_format("adcc_lit%d", fs->ntemps);
    st_append(fs->pre, st_decl(t, fe_expr(fs, init), loc));
    return ex_var(t, loc);
}

/* __builtin_assume_aligned(p, align[, offset]) returns p itself: it becomes
 * p, whose shadow and tangent adcc can follow (the hint is dropped; the
 * alignment and offset are constants or plain integers). */
static Expr *assume_aligned(FeState *fs, CXCursor c)
{
    return fe_expr(fs, clang_Cursor_getArgument(c, 0));
}

static Expr *call(FeState *fs, CXCursor c)
{
    CXCursor callee = clang_getCursorReferenced(c);
    if (clang_Cursor_isNull(callee) || clang_getCursorKind(callee) != CXCursor_FunctionDecl)
        return bad(fs, c, "calls through function pointers are not supported; call the function by its name");
    char *name = fe_spelling(callee);
    int n = clang_Cursor_getNumArguments(c);
    Loc loc = fe_loc(c);
    if (strcmp(name, "__adcc_stop_gradient") == 0 && n == 1) {
        Expr *a = fe_expr(fs, clang_Cursor_getArgument(c, 0));
        if (a->op == EX_CAST && a->implicit)
            a = a->a;
        Expr *e = ex_new(EX_STOPGRAD, a->ty, loc);
        e->a = a;
        return e;
    }
    if (strcmp(name, "__builtin_assume_aligned") == 0 && n >= 2)
        return assume_aligned(fs, c);
    if (strcmp(name, "__adcc_checkpoint_loop") == 0)
        return bad(fs, c, "ADCC_CHECKPOINT_LOOP must stand on its own in a block, directly before the for loop it checkpoints");
    Expr *e = ex_call(name, expr_type(fs, c), loc);
    for (int i = 0; i < n; i++)
        vec_push(&e->args, fe_expr(fs, clang_Cursor_getArgument(c, (unsigned)i)));
    vec_push(&fs->calls, e);
    return e;
}

static Expr *unary(FeState *fs, CXCursor c)
{
    enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(c);
    if (is_incdec(k))
        return side_effect(fs, c, false);
    bool ok;
    CXCursor kid = only_child(c, &ok);
    if (!ok)
        return bad(fs, c, "malformed unary expression");
    Expr *a = fe_expr(fs, kid);
    Loc loc = fe_loc(c);
    switch (k) {
    case CXUnaryOperator_Plus: return a;
    case CXUnaryOperator_Minus: return ex_unary(EX_NEG, a, loc);
    case CXUnaryOperator_LNot: return ex_unary(EX_NOT, a, loc);
    case CXUnaryOperator_Not: return ex_unary(EX_BITNOT, a, loc);
    case CXUnaryOperator_Deref: return ex_deref(a, loc);
    case CXUnaryOperator_AddrOf: {
        Expr *e = ex_unary(EX_ADDR, a, loc);
        e->ty = expr_type(fs, c);
        return e;
    }
    default: return bad(fs, c, "this unary operator is not supported; rewrite the expression without it");
    }
}

/* An operand evaluated only sometimes (right of && and ||, arms of ?:).
 * Its side effects go to a block of their own (*pre, NULL when it has
 * none) for the caller to guard; where side effects are refused anyway
 * (no statement to lift them before) it is parsed as a condition. */
static Expr *guarded_operand(FeState *fs, CXCursor c, Stmt **pre)
{
    *pre = NULL;
    Stmt *saved_pre = fs->pre;
    bool saved_cond = fs->in_cond;
    Stmt *own = st_block(fe_loc(c));
    if (fs->pre && !fs->in_cond)
        fs->pre = own;
    else
        fs->in_cond = true;
    Expr *e = fe_expr(fs, c);
    fs->pre = saved_pre;
    fs->in_cond = saved_cond;
    if (own->items.len)
        *pre = own;
    return e;
}

static Expr *binary(FeState *fs, CXCursor c)
{
    enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(c);
    if (is_assign(k))
        return side_effect(fs, c, true);
    Vec kids = expr_children(c);
    if (kids.len != 2)
        return bad(fs, c, "malformed binary expression");
    Op op = binary_op(k);
    if (op == EX_COUNT_)
        return bad(fs, c, "the comma operator is not supported; split the expression into separate statements");
    bool short_circuit = op == EX_LAND || op == EX_LOR;
    Expr *a = fe_expr(fs, *(CXCursor *)kids.items[0]);
    Loc loc = fe_loc(c);
    Stmt *bpre = NULL;
    Expr *b = short_circuit ? guarded_operand(fs, *(CXCursor *)kids.items[1], &bpre)
                            : fe_expr(fs, *(CXCursor *)kids.items[1]);
    if (bpre) {
        /* a && (j++ < n): int t = a != 0; if (t) { j++ ...; t = b != 0; } */
        Var *t = fe_temp(fs, ty_int, loc);
        st_append(fs->pre, st_decl(t, ex_binary(EX_NE, a, ex_int(0, loc), loc), loc));
        st_append(bpre, st_assign(ex_var(t, loc), ex_binary(EX_NE, b, ex_int(0, loc), loc), loc));
        Expr *run = op == EX_LAND ? ex_var(t, loc) : ex_unary(EX_NOT, ex_var(t, loc), loc);
        st_append(fs->pre, st_if(run, bpre, NULL, loc));
        return ex_var(t, loc);
    }
    Expr *e = ex_binary(op, a, b, loc);
    e->ty = expr_type(fs, c);
    return e;
}

static Expr *conditional(FeState *fs, CXCursor c)
{
    Vec kids = expr_children(c);
    if (kids.len != 3)
        return bad(fs, c, "malformed conditional expression");
    Expr *cond = fe_expr(fs, *(CXCursor *)kids.items[0]);
    Stmt *apre = NULL, *bpre = NULL;
    Expr *a = guarded_operand(fs, *(CXCursor *)kids.items[1], &apre);
    Expr *b = guarded_operand(fs, *(CXCursor *)kids.items[2], &bpre);
    Loc loc = fe_loc(c);
    Type *ty = expr_type(fs, c);
    if (apre || bpre) {
        /* c ? (i++, x) : y with side effects: T t; if (c) { ...; t = a; } else { ...; t = b; } */
        Var *t = fe_temp(fs, ty_const(ty, false), loc);
        apre = apre ? apre : st_block(loc);
        bpre = bpre ? bpre : st_block(loc);
        st_append(apre, st_assign(ex_var(t, loc), a, loc));
        st_append(bpre, st_assign(ex_var(t, loc), b, loc));
        st_append(fs->pre, st_decl(t, NULL, loc));
        st_append(fs->pre, st_if(cond, apre, bpre, loc));
        return ex_var(t, loc);
    }
    Expr *e = ex_cond(cond, a, b, loc);
    e->ty = ty;
    return e;
}

/* Implicit conversions: kept only between arithmetic kinds (int, float,
 * double) where they change the value's kind; decays disappear. */
static Expr *implicit(FeState *fs, CXCursor c)
{
    bool ok;
    CXCursor kid = only_child(c, &ok);
    if (!ok)
        return bad(fs, c, "this expression is not supported; write it in standard C (a ?: b as a ? a : b)");
    Expr *a = fe_expr(fs, kid);
    Type *to = expr_type(fs, c);
    if (is_arith(to) && is_arith(a->ty) && to->kind != a->ty->kind) {
        Expr *e = ex_cast(ty_const(to, false), a, fe_loc(c));
        e->implicit = true;
        return e;
    }
    return a;
}

/* The spellings of toks[0..n) joined, with a space only between words. */
static char *join_tokens(FeState *fs, CXToken *toks, unsigned n)
{
    char *text = ir_strdup("");
    for (unsigned i = 0; i < n; i++) {
        CXString s = clang_getTokenSpelling(fs->tu, toks[i]);
        const char *t = clang_getCString(s);
        bool word = i > 0 && (text[strlen(text) - 1] == '_' || (text[strlen(text) - 1] | 32) >= 'a') &&
                    ((t[0] | 32) >= 'a' || t[0] == '_');
        text = ir_format("%s%s%s", text, word ? " " : "", t);
        clang_disposeString(s);
    }
    return text;
}

/* The source text of c's extent; only right when c is written in the
 * file itself (for a macro expansion the extent starts in the #define and
 * ends at the use, and the tokens between are not the expression). */
static char *source_text(FeState *fs, CXCursor c)
{
    CXToken *toks;
    unsigned n;
    clang_tokenize(fs->tu, clang_getCursorExtent(c), &toks, &n);
    char *text = join_tokens(fs, toks, n);
    clang_disposeTokens(fs->tu, toks, n);
    return text;
}

static bool from_macro(CXCursor c)
{
    CXSourceLocation at = clang_getCursorLocation(c);
    CXFile sf, ef;
    unsigned soff, eoff;
    clang_getSpellingLocation(at, &sf, NULL, NULL, &soff);
    clang_getExpansionLocation(at, &ef, NULL, NULL, &eoff);
    return soff != eoff || !clang_File_isEqual(sf, ef);
}

/* The tokens from where c is spelled (in a macro body or argument) to at
 * most 256 bytes on; dispose of them with clang_disposeTokens. */
static void spelled_tokens(FeState *fs, CXCursor c, CXToken **toks, unsigned *n)
{
    CXFile file;
    unsigned off;
    size_t size = 0;
    *toks = NULL;
    *n = 0;
    clang_getSpellingLocation(clang_getCursorLocation(c), &file, NULL, NULL, &off);
    if (!file || !clang_getFileContents(fs->tu, file, &size))
        return;
    unsigned end = off + 256 < size ? off + 256 : (unsigned)size;
    clang_tokenize(fs->tu, clang_getRange(clang_getLocationForOffset(fs->tu, file, off),
                                          clang_getLocationForOffset(fs->tu, file, end)), toks, n);
}

static bool is_token(FeState *fs, CXToken tok, const char *text)
{
    CXString s = clang_getTokenSpelling(fs->tu, tok);
    bool same = strcmp(clang_getCString(s), text) == 0;
    clang_disposeString(s);
    return same;
}

/* How many of toks[0..n) make "sizeof ( builtin-type )", where the type is
 * only keywords and '*' (an identifier may be a macro parameter, whose
 * argument is spelled elsewhere); 0 when they do not. */
static unsigned builtin_sizeof_len(FeState *fs, CXToken *toks, unsigned n)
{
    if (n < 4 || !is_token(fs, toks[1], "("))
        return 0;
    for (unsigned i = 2; i < n; i++) {
        if (is_token(fs, toks[i], ")"))
            return i > 2 ? i + 1 : 0;
        if (clang_getTokenKind(toks[i]) != CXToken_Keyword && !is_token(fs, toks[i], "*"))
            return 0;
    }
    return 0;
}

static bool is_record(CXType t)
{
    return clang_getCanonicalType(t).kind == CXType_Record;
}

/* A sizeof written through a macro, whose extent cannot be read as text:
 * sizeof(expr) is rebuilt from the operand's type, sizeof(type) from the
 * macro's tokens when they name a builtin type; anything else (and
 * _Alignof) becomes the value clang computed. */
static Expr *macro_sizeof(FeState *fs, CXCursor c)
{
    CXToken *toks;
    unsigned n;
    spelled_tokens(fs, c, &toks, &n);
    bool is_sizeof = n > 0 && is_token(fs, toks[0], "sizeof");
    unsigned len = is_sizeof ? builtin_sizeof_len(fs, toks, n) : 0;
    char *text = len ? join_tokens(fs, toks, len) : NULL;
    clang_disposeTokens(fs->tu, toks, n);
    Vec kids = expr_children(c);
    if (is_sizeof && kids.len == 1 && !is_record(clang_getCursorType(*(CXCursor *)kids.items[0])))
        text = ir_format("sizeof(%s)", ty_str(expr_type(fs, *(CXCursor *)kids.items[0])));
    else if (kids.len == 1)
        text = NULL;
    if (!text)
        return literal(fs, c, expr_type(fs, c));
    Expr *e = ex_new(EX_SIZEOF, ty_size, fe_loc(c));
    e->text = text;
    return e;
}

static Expr *sizeof_expr(FeState *fs, CXCursor c)
{
    if (from_macro(c))
        return macro_sizeof(fs, c);
    char *text = source_text(fs, c);
    if (strncmp(text, "sizeof", 6) != 0)
        return literal(fs, c, expr_type(fs, c));
    Expr *e = ex_new(EX_SIZEOF, ty_size, fe_loc(c));
    e->text = text;
    return e;
}

Expr *fe_expr(FeState *fs, CXCursor c)
{
    Loc loc = fe_loc(c);
    bool ok;
    switch (clang_getCursorKind(c)) {
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_FloatingLiteral:
        return literal(fs, c, expr_type(fs, c));
    case CXCursor_ParenExpr:
        return fe_expr(fs, only_child(c, &ok));
    case CXCursor_DeclRefExpr: {
        CXCursor d = clang_getCursorReferenced(c);
        if (clang_getCursorKind(d) == CXCursor_EnumConstantDecl)
            return ex_int(clang_getEnumConstantDeclValue(d), loc);
        Var *v = fe_lookup(fs, d);
        if (!v)
            return bad(fs, c, ir_format("use of '%s' is not supported here; call the function instead of using its name as a value", fe_spelling(c)));
        return ex_var(v, loc);
    }
    case CXCursor_UnexposedExpr:
        return implicit(fs, c);
    case CXCursor_CStyleCastExpr: {
        Expr *a = fe_expr(fs, only_child(c, &ok));
        return ex_cast(expr_type(fs, c), a, loc);
    }
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        return binary(fs, c);
    case CXCursor_UnaryOperator:
        return unary(fs, c);
    case CXCursor_ConditionalOperator:
        return conditional(fs, c);
    case CXCursor_ArraySubscriptExpr: {
        Vec kids = expr_children(c);
        if (kids.len != 2)
            return bad(fs, c, "malformed subscript");
        Expr *base = fe_expr(fs, *(CXCursor *)kids.items[0]);
        Expr *idx = fe_expr(fs, *(CXCursor *)kids.items[1]);
        if (!ty_is_ptr_like(base->ty))
            return bad(fs, c, "subscript of a non-pointer is not supported; write the array or pointer first, as in x[1]");
        return ex_index(base, idx, loc);
    }
    case CXCursor_CallExpr:
        return call(fs, c);
    case CXCursor_UnaryExpr:
        return sizeof_expr(fs, c);
    case CXCursor_InitListExpr: {
        Expr *e = ex_new(EX_INITLIST, expr_type(fs, c), loc);
        Vec kids = expr_children(c);
        for (int i = 0; i < kids.len; i++)
            vec_push(&e->args, fe_expr(fs, *(CXCursor *)kids.items[i]));
        return e;
    }
    case CXCursor_MemberRefExpr:
        return bad(fs, c, "struct members are not supported yet; pass the member's value as its own variable or parameter");
    case CXCursor_StringLiteral:
        return bad(fs, c, "string literals are not supported in differentiated code; move the code that uses them (printf and the like) out of the differentiated function");
    case CXCursor_CompoundLiteralExpr:
        return compound_literal(fs, c);
    case CXCursor_StmtExpr:
        return bad(fs, c, "statement expressions ({ ... }) are not supported; use a helper function");
    default: {
        CXString kind = clang_getCursorKindSpelling(clang_getCursorKind(c));
        char *what = ir_strdup(clang_getCString(kind));
        clang_disposeString(kind);
        return bad(fs, c, ir_format("this kind of expression (%s) is not supported; rewrite it with plain C operators", what));
    }
    }
}

void fe_expr_stmt(FeState *fs, CXCursor c, Stmt *out)
{
    Stmt *saved = fs->pre;
    fs->pre = out;
    enum CXCursorKind k = clang_getCursorKind(c);
    if ((k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) &&
        is_assign(clang_getCursorBinaryOperatorKind(c))) {
        assignment(fs, c, out);
    } else if (k == CXCursor_UnaryOperator && is_incdec(clang_getCursorUnaryOperatorKind(c))) {
        incdec(fs, c, out, false);
    } else if (k == CXCursor_ParenExpr) {
        bool ok;
        fe_expr_stmt(fs, only_child(c, &ok), out);
    } else if (k == CXCursor_BinaryOperator && clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Comma) {
        Vec kids = expr_children(c);
        for (int i = 0; i < kids.len; i++)
            fe_expr_stmt(fs, *(CXCursor *)kids.items[i], out);
    } else {
        Expr *e = fe_expr(fs, c);
        if (e->op == EX_CAST && e->ty->kind == TY_VOID)
            e = e->a;
        if (!ex_is_pure(e) || e->op == EX_CALL)
            st_append(out, st_expr(e, fe_loc(c)));
    }
    fs->pre = saved;
}
