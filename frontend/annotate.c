/* annotate.c: reads ADCC_* annotations (annotate("adcc_<kind>:<args>")
 * attributes made by adcc.h) into Annot records, each argument with the
 * location of its name in the source so errors can point at it. */
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

void fe_read_annotation(FeState *fs, Func *f, CXCursor attr)
{
    char *text = fe_spelling(attr);
    char *colon = strchr(text, ':');
    if (!colon)
        return;
    *colon = '\0';
    int k = -1;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].tag, text) == 0)
            k = (int)i;
    if (k < 0)
        return;
    Annot *a = ir_alloc(sizeof(Annot));
    a->kind = kinds[k].kind;
    a->loc = fe_loc(attr);
    for (char *p = colon + 1; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        char *start = p;
        while (*p && *p != ',')
            p++;
        char *stop = p;
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
            stop--;
        if (stop == start)
            continue;
        AnnotArg *arg = ir_alloc(sizeof(AnnotArg));
        arg->name = ir_format("%.*s", (int)(stop - start), start);
        arg->loc = a->loc;
        arg->loc.col = name_column(fs, attr, a->loc, arg->name);
        vec_push(&a->args, arg);
    }
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
