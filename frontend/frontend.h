/* frontend.h: C source -> IR through libclang 19's C API. Parses with the
 * user's flags (and __ADCC__ defined), forwards clang's own diagnostics,
 * reads the ADCC_* annotations and builds the IR with source locations. */
#ifndef ADCC_FRONTEND_H
#define ADCC_FRONTEND_H

#include "ir/ir.h"

/* Parses `file` with compiler flags argv[0..argc). Returns NULL after
 * reporting errors (clang's, or adcc's about annotations). */
Module *fe_parse(const char *file, int argc, const char *const *argv);

#endif
