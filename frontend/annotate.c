/* annotate.c: reads ADCC_* annotations (annotate("adcc_<kind>:<args>")
 * attributes made by adcc.h) into Annot records, each argument with the
 * location of its name in the source so errors can point at it;
 * ADCC_CHECK_ARGS into the function's check_args. */
#include "frontend/internal.h"

#include <ctype.h>
#include <string.h>

static const struct {
    const char *tag;
    AnnotKind kind;
} kinds[] = {
    {"adcc_grad", AN_GRAD},         {"adcc_jvp", AN_JVP},
    {"adcc_hvp", AN_HVP},           {"adcc_pullback", AN_PULLBACK},
    {"adcc_pushforward", AN_PUSHFORWARD}, {"adcc_checkpoint", AN_CHECKPOINT},
    {"adcc_kernel", AN_KERNEL},       {"adcc_elements", AN_ELEMENTS},
};

/* Column of identifier `name` on the annotation's line, at or after col. */
static int name_column(FeState *fs, CXCursor attr, Loc loc, const char *name)
{
    CXFile file;
    clang_getExpansionLocation(clang_getCursorLocation(attr), &file, NULL, NULL, NULL);
    size_t size;
    const char *text = clang_getFileContents(fs->tu, file, &size);
    if (!text)
        return loc.col;
    const char *p = text, *end = text + size;
    for (int l = 1; l < loc.line && p < end; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : end;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    size_t n = strlen(name);
    for (const char *q = p + loc.col - 1; q + n <= eol; q++) {
        bool before = q == p || !(isalnum((unsigned char)q[-1]) || q[-1] == '_');
        bool after = q + n == eol || !(isalnum((unsigned char)q[n]) || q[n] == '_');
        if (before && after && memcmp(q, name, n) == 0)
            return (int)(q - p) + 1;
    }
    return loc.col;
}

/* The identifier that opens an argument ("x" of "x:n", "n" of "n = 4"). */
static char *leading_name(const char *arg)
{
    size_t n = 0;
    while (isalnum((unsigned char)arg[n]) || arg[n] == '_')
        n++;
    return ir_format("%.*s", (int)(n ? n : strlen(arg)), arg);
}

/* Splits an annotation's text at commas into AnnotArgs on `out`, each
 * located at its name (`by_lead`: at the identifier opening it, looked
 * for after the previous argument's). */
static void read_args(FeState *fs, CXCursor attr, Loc loc, const char *text, bool by_lead, Vec *out)
{
    for (const char *p = text; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *stop = p;
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
            stop--;
        if (stop == start)
            continue;
        AnnotArg *arg = ir_alloc(sizeof(AnnotArg));
        arg->name = ir_format("%.*s", (int)(stop - start), start);
        arg->loc = loc;
        arg->loc.col = name_column(fs, attr, loc, by_lead ? leading_name(arg->name) : arg->name);
        if (by_lead)
            loc.col = arg->loc.col + (int)strlen(arg->name);
        vec_push(out, arg);
    }
}

void fe_read_annotation(FeState *fs, Func *f, CXCursor attr)
{
    char *text = fe_spelling(attr);
    char *colon = strchr(text, ':');
    if (!colon)
        return;
    *colon = '\0';
    if (strcmp(text, "adcc_check_args") == 0) {
        read_args(fs, attr, fe_loc(attr), colon + 1, true, &f->check_args);
        return;
    }
    int k = -1;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].tag, text) == 0)
            k = (int)i;
    if (k < 0)
        return;
    Annot *a = ir_alloc(sizeof(Annot));
    a->kind = kinds[k].kind;
    a->loc = fe_loc(attr);
    read_args(fs, attr, a->loc, colon + 1, false, &a->args);
    vec_push(&f->annots, a);
}

/* ADCC_OBJECT_TYPE's marker: a declaration `void __adcc_object_type_T(T *)`
 * annotated "adcc_object:zeros_like,release". Registers T; true if c is one. */
bool fe_read_object_type(FeState *fs, CXCursor c)
{
    Vec kids = fe_children(c);
    for (int i = 0; i < kids.len; i++) {
        CXCursor k = *(CXCursor *)kids.items[i];
        if (clang_getCursorKind(k) != CXCursor_AnnotateAttr)
            continue;
        char *text = fe_spelling(k);
        if (strncmp(text, "adcc_object:", 12) != 0)
            continue;
        char *comma = strchr(text + 12, ',');
        if (!comma || clang_Cursor_getNumArguments(c) != 1) {
            diag_error(fe_loc(k), "malformed ADCC_OBJECT_TYPE; write ADCC_OBJECT_TYPE(T, zeros_like, release)");
            return true;
        }
        *comma = '\0';
        bool ok = true;
        CXCursor p = clang_Cursor_getArgument(c, 0);
        Type *t = fe_type(fs, clang_getCursorType(p), p, &ok);
        if (!ok || t->kind != TY_PTR || t->base->kind != TY_STRUCT) {
            diag_error(fe_loc(k), "ADCC_OBJECT_TYPE needs a struct type; name a struct (or a typedef of one) as its first argument");
            return true;
        }
        ty_set_object(t->base->name, text + 12, comma + 1);
        return true;
    }
    return false;
}

/* Whether declaration c carries an ADCC_* annotation. */
bool fe_has_annotation(CXCursor c)
{
    Vec kids = fe_children(c);
    for (int i = 0; i < kids.len; i++) {
        CXCursor k = *(CXCursor *)kids.items[i];
        if (clang_getCursorKind(k) == CXCursor_AnnotateAttr && strncmp(fe_spelling(k), "adcc_", 5) == 0)
            return true;
    }
    return false;
}
