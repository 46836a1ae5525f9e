/* depfile.h: make-style dependency files (adcc -MD, -MMD, -MF, -MT, -MP): the
 * generated file depends on the model and every file the model includes,
 * written the way cc -MD writes them, for make, ninja and CMake's DEPFILE. */
#ifndef ADCC_DEPFILE_H
#define ADCC_DEPFILE_H

#include <stdio.h>

#include "ir/ir.h"

typedef struct DepFile {
    bool wanted;        /* -MD, or -MF given */
    const char *path;   /* -MF FILE; NULL: dep_default_path of the output */
    Vec targets;        /* const char *: each -MT; none: the -o output */
    bool phony;         /* -MP: an empty rule for each included file */
    bool user_only;     /* -MMD: without the system headers */
} DepFile;

/* The name -MD writes to without -MF: `output` with its extension (.c)
 * replaced by .d, as cc -MD names model.d after -o model.o. */
const char *dep_default_path(const char *output);

/* Writes the rule "targets: files..." (each name escaped as make reads
 * it, long lines continued with a backslash) and, with d->phony, an empty
 * rule for each file after the first. */
void dep_write(FILE *out, const DepFile *d, const Vec *files);

#endif
