/* deps.c: the files a parse read, the model first, then every file it
 * includes (clang_getInclusions), each once, system headers apart: what
 * adcc -MD (or -MMD, without the system headers) writes into the
 * dependency file. Not the #include lines the generated code repeats
 * (parse.c copies those). */
#include <string.h>

#include "frontend/internal.h"

static bool listed(const Vec *files, const char *name)
{
    for (int i = 0; i < files->len; i++)
        if (strcmp(files->items[i], name) == 0)
            return true;
    return false;
}

/* Called for the main file (depth 0) and each included file; a header
 * without include guards is visited once per #include. */
typedef struct Listing {
    CXTranslationUnit tu;
    FeFiles *files;
} Listing;

static void visit(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)stack;
    Listing *l = data;
    CXString s = clang_getFileName(file);
    const char *name = clang_getCString(s);
    bool system = depth > 0 && clang_Location_isInSystemHeader(clang_getLocation(l->tu, file, 1, 1));
    Vec *into = system ? &l->files->system : &l->files->user;
    if (name && *name && !listed(&l->files->user, name) && !listed(&l->files->system, name))
        vec_push(into, ir_strdup(name));
    clang_disposeString(s);
}

void fe_list_files(CXTranslationUnit tu, const char *main_file, FeFiles *files)
{
    if (!listed(&files->user, main_file))
        vec_push(&files->user, ir_strdup(main_file));
    Listing l = {tu, files};
    clang_getInclusions(tu, visit, &l);
}
