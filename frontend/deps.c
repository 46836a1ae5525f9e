/* deps.c: the files a parse read, the model first, then every file it
 * includes (clang_getInclusions), each once: what adcc -MD writes into
 * the dependency file. Not the #include lines the generated code repeats
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
static void visit(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
    (void)stack;
    (void)depth;
    Vec *files = data;
    CXString s = clang_getFileName(file);
    const char *name = clang_getCString(s);
    if (name && *name && !listed(files, name))
        vec_push(files, ir_strdup(name));
    clang_disposeString(s);
}

void fe_list_files(CXTranslationUnit tu, const char *main_file, Vec *files)
{
    if (!listed(files, main_file))
        vec_push(files, ir_strdup(main_file));
    clang_getInclusions(tu, visit, files);
}
