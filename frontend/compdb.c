/* compdb.c: a model's compiler flags from a compilation database
 * (BUILD_DIR/compile_commands.json, adcc -p BUILD_DIR) through libclang's
 * CXCompilationDatabase. Keeps only the flags that change how the parser
 * reads the file (-I -D -U -std= -isystem -include); the rest of the
 * compile command (-c, -o, warnings, optimisation) means nothing to adcc. */
#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/internal.h"

/* The flags kept, each taking a value as the next argument (-I foo) or,
 * for the one-letter ones, joined (-Ifoo); `path`: a relative value is
 * relative to the command's directory. */
static const struct {
    const char *name;
    bool joined, path;
} kept[] = {
    {"-I", true, true}, {"-D", true, false}, {"-U", true, false},
    {"-isystem", false, true}, {"-include", false, true},
};

/* A CXString as an arena copy ("" for none). */
static char *take(CXString s)
{
    const char *c = clang_getCString(s);
    char *copy = ir_strdup(c ? c : "");
    clang_disposeString(s);
    return copy;
}

static const char *in_dir(const char *dir, const char *path)
{
    return path[0] == '/' ? path : ir_format("%s/%s", dir, path);
}

/* Whether the command `cmd` compiles the file that `want` describes. */
static bool compiles(CXCompileCommand cmd, const struct stat *want)
{
    char *dir = take(clang_CompileCommand_getDirectory(cmd));
    char *file = take(clang_CompileCommand_getFilename(cmd));
    struct stat st;
    return stat(in_dir(dir, file), &st) == 0 && st.st_dev == want->st_dev && st.st_ino == want->st_ino;
}

/* Appends the kept flags of one compile command to args. */
static void keep_flags(CXCompileCommand cmd, Vec *args)
{
    char *dir = take(clang_CompileCommand_getDirectory(cmd));
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    for (unsigned i = 1; i < n; i++) {
        char *a = take(clang_CompileCommand_getArg(cmd, i));
        if (strncmp(a, "-std=", 5) == 0) {
            vec_push(args, a);
            continue;
        }
        for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
            size_t len = strlen(kept[k].name);
            if (strncmp(a, kept[k].name, len) != 0 || (a[len] && !kept[k].joined))
                continue;
            const char *value = a[len] ? a + len : NULL;
            if (!value && i + 1 < n)
                value = take(clang_CompileCommand_getArg(cmd, ++i));
            if (!value)
                break;
            vec_push(args, (void *)kept[k].name);
            vec_push(args, (void *)(kept[k].path ? in_dir(dir, value) : value));
            break;
        }
    }
}

/* Opens dir's database, or reports why there is none. Its absence is
 * checked first: libclang would print its own message too. */
static CXCompilationDatabase open_database(const char *dir)
{
    const char *json = ir_format("%s/compile_commands.json", dir);
    if (access(json, R_OK) != 0) {
        diag_plain("error", "no compilation database in '%s' (no readable compile_commands.json); configure the "
                            "build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or give the flags with -I and -D "
                            "instead of -p", dir);
        return NULL;
    }
    CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
    if (db && err == CXCompilationDatabase_NoError)
        return db;
    if (db)
        clang_CompilationDatabase_dispose(db);
    diag_plain("error", "cannot read '%s' as a compilation database; regenerate it with the build system", json);
    return NULL;
}

/* Every command of the database is searched, not just what
 * clang_CompilationDatabase_getCompileCommands gives: for a file the
 * database lacks, that one borrows the flags of a file with a similar name. */
bool fe_compile_flags(const char *dir, const char *file, Vec *args)
{
    struct stat want;
    if (stat(file, &want) != 0) {
        diag_plain("error", "cannot open '%s': %s", file, strerror(errno));
        return false;
    }
    CXCompilationDatabase db = open_database(dir);
    if (!db)
        return false;
    CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0, i = 0;
    while (i < n && !compiles(clang_CompileCommands_getCommand(cmds, i), &want))
        i++;
    if (i < n)
        keep_flags(clang_CompileCommands_getCommand(cmds, i), args);
    else
        diag_plain("error", "'%s' is not in the compilation database '%s/compile_commands.json'; add it to "
                            "the build, or give its flags with -I and -D instead of -p", file, dir);
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    clang_CompilationDatabase_dispose(db);
    return i < n;
}
