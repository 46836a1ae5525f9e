/* frontend.h: C source -> IR through libclang 19's C API. Parses with the
 * user's flags (and __ADCC__ defined), forwards clang's own diagnostics,
 * reads the ADCC_* annotations and builds the IR with source locations. */
#ifndef ADCC_FRONTEND_H
#define ADCC_FRONTEND_H

#include "ir/ir.h"

/* The files a parse read (const char *, as clang named them, each once):
 * `file` first, then the headers it includes; those clang takes for
 * system headers (found through -isystem or its own directories) apart. */
typedef struct FeFiles {
    Vec user, system;
} FeFiles;

/* Parses `file` with compiler flags argv[0..argc). Returns NULL after
 * reporting errors (clang's, or adcc's about annotations). When `files` is
 * not NULL it receives the files the parse read. */
Module *fe_parse(const char *file, int argc, const char *const *argv, FeFiles *files);

/* Appends to args the parser's flags (-I -D -U -std= -isystem -include)
 * from the compile command of `file` in dir/compile_commands.json.
 * Returns false after reporting an error when dir has no compilation
 * database or `file` is not in it. */
bool fe_compile_flags(const char *dir, const char *file, Vec *args);

#endif
