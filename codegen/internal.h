/* internal.h: what codegen's files share beyond codegen.h; not part of
 * its interface. */
#ifndef ADCC_CG_INTERNAL_H
#define ADCC_CG_INTERNAL_H

#include "codegen/codegen.h"

/* check_extent.c: how many elements of array parameter p the body of f
 * touches, read from its accesses (p[i] in counted for loops, *p, p + k
 * passed to a function of the file). Appends to `ends` expressions of f's
 * integer parameters and numbers whose largest value is the extent, and
 * returns true; false with *why set when an access is beyond it. Reads
 * bodies as parsed, before lowering. */
bool cg_infer_extent(const Func *f, const Var *p, Vec *ends, const char **why);

#endif
