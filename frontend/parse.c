/* parse.c: the frontend's entry: runs libclang on the file, forwards its
 * diagnostics, walks the top-level declarations of the main file into IR
 * functions and globals, and maps C types to IR types. */
#include "frontend/internal.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>

Loc fe_loc(CXCursor c)
{
    CXSourceLocation sl = clang_getCursorLocation(c);
    CXFile file;
    unsigned line, col;
    clang_getExpansionLocation(sl, &file, &line, &col, NULL);
    CXString name = clang_getFileName(file);
    const char *s = clang_getCString(name);
    Loc loc = {s ? ir_strdup(s) : NULL, (int)line, (int)col};
    clang_disposeString(name);
    return loc;
}

char *fe_spelling(CXCursor c)
{
    CXString s = clang_getCursorSpelling(c);
    char *r = ir_strdup(clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return r;
}

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    CXCursor *copy = ir_alloc(sizeof(CXCursor));
    *copy = c;
    vec_push((Vec *)data, copy);
    return CXChildVisit_Continue;
}

Vec fe_children(CXCursor c)
{
    Vec v = {0};
    clang_visitChildren(c, collect, &v);
    return v;
}

void fe_unsupported(FeState *fs, CXCursor c, const char *what)
{
    if (fs->fn && !fs->fn->unsupported) {
        fs->fn->unsupported = what;
        fs->fn->unsupported_loc = fe_loc(c);
    }
}

Var *fe_lookup(FeState *fs, CXCursor decl)
{
    for (int i = fs->decl_cursors.len - 1; i >= 0; i--)
        if (clang_equalCursors(*(CXCursor *)fs->decl_cursors.items[i], decl))
            return fs->decl_vars.items[i];
    return NULL;
}

void fe_bind(FeState *fs, CXCursor decl, Var *v)
{
    CXCursor *copy = ir_alloc(sizeof(CXCursor));
    *copy = decl;
    vec_push(&fs->decl_cursors, copy);
    vec_push(&fs->decl_vars, v);
}

Var *fe_temp(FeState *fs, Type *ty, Loc loc)
{
    Var *v = ir_var(fs->m, ir_format("adcc_t%d", ++fs->ntemps), ty, VAR_LOCAL, loc);
    v->generated = true;
    return v;
}

static const char *int_name(enum CXTypeKind k)
{
    switch (k) {
    case CXType_Bool: return "_Bool";
    case CXType_Char_U: case CXType_Char_S: return "char";
    case CXType_UChar: return "unsigned char";
    case CXType_SChar: return "signed char";
    case CXType_UShort: return "unsigned short";
    case CXType_Short: return "short";
    case CXType_UInt: return "unsigned int";
    case CXType_Int: return "int";
    case CXType_ULong: return "unsigned long";
    case CXType_Long: return "long";
    case CXType_ULongLong: return "unsigned long long";
    case CXType_LongLong: return "long long";
    case CXType_Enum: return "int";
    default: return NULL;
    }
}

/* const on an array type qualifies its elements (const double W[4]). */
static Type *const_elements(Type *a)
{
    if (a->kind != TY_ARRAY)
        return ty_const(a, true);
    return ty_array(const_elements(a->base), a->len);
}

/* A struct behind a pointer: named by its typedef when it has one (as
 * the user wrote it), else "struct tag". */
static Type *struct_type(FeState *fs, CXType t, CXCursor where, bool *ok)
{
    bool is_const = clang_isConstQualifiedType(t) || clang_isConstQualifiedType(clang_getCanonicalType(t));
    CXType u = clang_getUnqualifiedType(t);
    while (u.kind == CXType_Elaborated)
        u = clang_getUnqualifiedType(clang_Type_getNamedType(u));
    char *name;
    if (u.kind == CXType_Typedef) {
        CXString s = clang_getTypedefName(u);
        name = ir_strdup(clang_getCString(s));
        clang_disposeString(s);
    } else {
        CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(t));
        if (clang_Cursor_isAnonymous(decl)) {
            fe_unsupported(fs, where, "pointers to unnamed struct types are not supported; give the struct a tag or a typedef");
            *ok = false;
            return ty_int;
        }
        char *tag = fe_spelling(decl);
        bool is_union = clang_getCursorKind(decl) == CXCursor_UnionDecl;
        name = ir_format("%s %s", is_union ? "union" : "struct", tag);
    }
    return ty_const(ty_struct(name), is_const);
}

/* Maps a C type to the IR; reports (as unsupported) what the IR lacks. */
Type *fe_type(FeState *fs, CXType t, CXCursor where, bool *ok)
{
    CXType ct = clang_getCanonicalType(t);
    bool is_const = clang_isConstQualifiedType(ct);
    Type *r = NULL;
    const char *iname = int_name(ct.kind);
    if (iname)
        r = ty_int_named(iname);
    else if (ct.kind == CXType_Double)
        r = ty_double;
    else if (ct.kind == CXType_Float)
        r = ty_float;
    else if (ct.kind == CXType_Void)
        r = ty_void;
    else if (ct.kind == CXType_Pointer) {
        /* the pointee as written (a typedef name survives) */
        CXType pt = clang_getPointeeType(t);
        if (pt.kind == CXType_Invalid)
            pt = clang_getPointeeType(ct);
        if (clang_getCanonicalType(pt).kind == CXType_FunctionProto ||
            clang_getCanonicalType(pt).kind == CXType_FunctionNoProto) {
            fe_unsupported(fs, where, "function pointers are not supported; call the function by its name");
            *ok = false;
            return ty_int;
        }
        r = ty_ptr(clang_getCanonicalType(pt).kind == CXType_Record ? struct_type(fs, pt, where, ok)
                                                                     : fe_type(fs, pt, where, ok));
    } else if (ct.kind == CXType_ConstantArray) {
        r = ty_array(fe_type(fs, clang_getArrayElementType(ct), where, ok), clang_getArraySize(ct));
    } else if (ct.kind == CXType_IncompleteArray) {
        r = ty_ptr(fe_type(fs, clang_getArrayElementType(ct), where, ok));
    } else {
        CXString s = clang_getTypeSpelling(ct);
        const char *what = ct.kind == CXType_VariableArray ? "variable-length arrays are not supported; use malloc"
                         : ct.kind == CXType_Record ? "struct and union types are not supported yet; pass the members as separate variables or arrays"
                         : ct.kind == CXType_LongDouble ? "long double is not supported; use double"
                         : ir_format("type '%s' is not supported; use float, double, an integer type or a pointer to one", clang_getCString(s));
        clang_disposeString(s);
        fe_unsupported(fs, where, what);
        *ok = false;
        return ty_int;
    }
    if (is_const)
        r = r->kind == TY_ARRAY ? const_elements(r) : ty_const(r, true);
    return r;
}

static Func *get_func(FeState *fs, CXCursor c)
{
    char *name = fe_spelling(c);
    Func *f = ir_find_func(fs->m, name);
    if (f)
        return f;
    f = ir_alloc(sizeof(Func));
    f->name = name;
    f->loc = fe_loc(c);
    f->is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
    f->is_inline = clang_Cursor_isFunctionInlined(c);
    vec_push(&fs->m->funcs, f);
    return f;
}

static void read_params(FeState *fs, Func *f, CXCursor c)
{
    bool ok = true;
    f->params = (Vec){0};
    int n = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < n; i++) {
        CXCursor p = clang_Cursor_getArgument(c, (unsigned)i);
        char *name = fe_spelling(p);
        if (!*name)
            name = ir_format("adcc_arg%d", i);
        Var *v = ir_var(fs->m, name, fe_type(fs, clang_getCursorType(p), p, &ok), VAR_PARAM, fe_loc(p));
        fe_bind(fs, p, v);
        vec_push(&f->params, v);
    }
}

static void read_function(FeState *fs, CXCursor c)
{
    Func *f = get_func(fs, c);
    bool ok = true;
    fs->fn = f;
    Vec kids = fe_children(c);
    for (int i = 0; i < kids.len; i++) {
        CXCursor k = *(CXCursor *)kids.items[i];
        if (clang_getCursorKind(k) == CXCursor_AnnotateAttr)
            fe_read_annotation(fs, f, k);
    }
    CXType ft = clang_getCursorType(c);
    if (ft.kind == CXType_FunctionProto && clang_isFunctionTypeVariadic(ft))
        fe_unsupported(fs, c, "variadic functions are not supported; give the function a fixed list of parameters");
    if (!f->body || clang_isCursorDefinition(c)) {
        f->ret = fe_type(fs, clang_getResultType(ft), c, &ok);
        fs->scope_start = fs->decl_vars.len;
        read_params(fs, f, c);
        f->loc = fe_loc(c);
        if (clang_Cursor_getStorageClass(c) == CX_SC_Static)
            f->is_static = true;
    }
    for (int i = 0; i < kids.len; i++) {
        CXCursor k = *(CXCursor *)kids.items[i];
        if (clang_getCursorKind(k) == CXCursor_CompoundStmt) {
            fs->ntemps = 0;
            f->body = fe_body(fs, k);
        }
    }
    fs->fn = NULL;
}

static void read_global(FeState *fs, CXCursor c)
{
    bool ok = true;
    Func dummy = {0};
    fs->fn = &dummy;
    Type *ty = fe_type(fs, clang_getCursorType(c), c, &ok);
    Var *v = ir_var(fs->m, fe_spelling(c), ty, VAR_GLOBAL, fe_loc(c));
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(c);
    v->is_static = sc == CX_SC_Static;
    v->is_extern = sc == CX_SC_Extern;
    CXCursor k = clang_Cursor_getVarDeclInitializer(c);
    if (!clang_Cursor_isNull(k))
        v->init = fe_expr(fs, k);
    if (dummy.unsupported)
        v->init = NULL;
    fe_bind(fs, c, v);
    vec_push(&fs->m->globals, v);
    fs->fn = NULL;
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    FeState *fs = data;
    bool is_func = clang_getCursorKind(c) == CXCursor_FunctionDecl;
    if (is_func && fe_read_object_type(fs, c))
        return CXChildVisit_Continue;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c))) {
        /* a header's functions with derivative rules (a library's ops) */
        if (is_func && fe_has_annotation(c)) {
            read_function(fs, c);
            ir_find_func(fs->m, fe_spelling(c))->in_header = true;
        }
        return CXChildVisit_Continue;
    }
    switch (clang_getCursorKind(c)) {
    case CXCursor_FunctionDecl:
        read_function(fs, c);
        break;
    case CXCursor_VarDecl:
        read_global(fs, c);
        break;
    default:
        break;
    }
    return CXChildVisit_Continue;
}

/* The rules named by ADCC_PULLBACK/ADCC_PUSHFORWARD that are declared in
 * headers: read too, so their signatures can be checked. */
static void collect_rules(FeState *fs)
{
    for (int i = 0; i < fs->m->funcs.len; i++) {
        Func *f = fs->m->funcs.items[i];
        for (int a = 0; a < f->annots.len; a++) {
            Annot *an = f->annots.items[a];
            if ((an->kind == AN_PULLBACK || an->kind == AN_PUSHFORWARD || an->kind == AN_ELEMENTS) &&
                an->args.len == 1 &&
                !ir_find_func(fs->m, ((AnnotArg *)an->args.items[0])->name))
                vec_push(&fs->rules, (void *)((AnnotArg *)an->args.items[0])->name);
        }
    }
}

/* Whether a declaration's parameters or result are differentiable objects
 * (ADCC_OBJECT_TYPE): such library functions are read so that a call on
 * active objects without a rule is an error, not silently underived. */
static bool mentions_object(FeState *fs, CXCursor c)
{
    Func scratch = {0};
    Func *saved = fs->fn;
    fs->fn = &scratch;
    bool ok = true, any = ty_is_object(fe_type(fs, clang_getResultType(clang_getCursorType(c)), c, &ok));
    for (int i = 0; !any && i < clang_Cursor_getNumArguments(c); i++) {
        CXCursor p = clang_Cursor_getArgument(c, (unsigned)i);
        any = ty_is_object(fe_type(fs, clang_getCursorType(p), p, &ok));
    }
    fs->fn = saved;
    return any;
}

static enum CXChildVisitResult rule_decl(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    FeState *fs = data;
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    char *name = fe_spelling(c);
    if (ir_find_func(fs->m, name))
        return CXChildVisit_Continue;
    bool wanted = mentions_object(fs, c);
    for (int i = 0; i < fs->rules.len; i++)
        wanted |= strcmp(fs->rules.items[i], name) == 0;
    if (wanted) {
        read_function(fs, c);
        ir_find_func(fs->m, name)->in_header = true;
    }
    return CXChildVisit_Continue;
}

/* Copies the #include lines the main file really uses (after the
 * preprocessor), so the generated file sees the same declarations. */
static void inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)file;
    FeState *fs = data;
    if (depth != 1)
        return;
    CXFile f;
    unsigned line;
    clang_getSpellingLocation(stack[0], &f, &line, NULL, NULL);
    if (!f)   /* -include FILE: included by the command line, not a file */
        return;
    size_t size;
    const char *text = clang_getFileContents(fs->tu, f, &size);
    if (!text)
        return;
    const char *p = text, *end = text + size;
    for (unsigned l = 1; l < line && p < end; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : end;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    char *s = ir_alloc((size_t)(e - p) + 1);
    memcpy(s, p, (size_t)(e - p));
    vec_push(&fs->m->includes, s);
}

static void forward_diagnostics(CXTranslationUnit tu)
{
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        CXSourceLocation sl = clang_getDiagnosticLocation(d);
        CXFile file;
        unsigned line, col;
        clang_getExpansionLocation(sl, &file, &line, &col, NULL);
        CXString fname = clang_getFileName(file);
        CXString msg = clang_getDiagnosticSpelling(d);
        Loc loc = {clang_getCString(fname) ? ir_strdup(clang_getCString(fname)) : NULL, (int)line, (int)col};
        if (sev >= CXDiagnostic_Error)
            diag_error(loc, "%s", clang_getCString(msg));
        else if (sev == CXDiagnostic_Warning)
            diag_warning(loc, "%s", clang_getCString(msg));
        clang_disposeString(msg);
        clang_disposeString(fname);
        clang_disposeDiagnostic(d);
    }
}

Module *fe_parse(const char *file, int argc, const char *const *argv, FeFiles *files)
{
    FeState fs = {0};
    FILE *probe = fopen(file, "r");
    if (!probe) {
        diag_plain("error", "cannot open '%s': %s", file, strerror(errno));
        return NULL;
    }
    fclose(probe);
    CXIndex index = clang_createIndex(0, 0);
    enum CXErrorCode rc = clang_parseTranslationUnit2(index, file, argv, argc, NULL, 0,
                                                      CXTranslationUnit_DetailedPreprocessingRecord, &fs.tu);
    if (rc != CXError_Success) {
        diag_plain("error", "cannot parse '%s' (libclang error %d); give adcc a readable C source file", file, (int)rc);
        clang_disposeIndex(index);
        return NULL;
    }
    forward_diagnostics(fs.tu);
    Module *m = NULL;
    if (diag_error_count() == 0) {
        fs.m = ir_module(ir_strdup(file));
        clang_getInclusions(fs.tu, inclusion, &fs);
        fe_scan_pragmas(&fs, clang_getFile(fs.tu, file));
        clang_visitChildren(clang_getTranslationUnitCursor(fs.tu), top_level, &fs);
        fe_checkpoint_finish(&fs);
        collect_rules(&fs);
        clang_visitChildren(clang_getTranslationUnitCursor(fs.tu), rule_decl, &fs);
        for (int i = 0; i < fs.calls.len; i++) {
            Expr *e = fs.calls.items[i];
            e->callee = ir_find_func(fs.m, e->text);
            /* only a call through an old-style declaration can disagree */
            if (e->callee && e->callee->body && e->args.len != e->callee->params.len)
                diag_error(e->loc, "'%s' is called with %d argument%s but its definition takes %d; declare it with "
                                   "a prototype", e->text, e->args.len, e->args.len == 1 ? "" : "s",
                           e->callee->params.len);
        }
        m = fs.m;
        if (files)
            fe_list_files(fs.tu, file, files);
    }
    clang_disposeTranslationUnit(fs.tu);
    clang_disposeIndex(index);
    return diag_error_count() ? NULL : m;
}
