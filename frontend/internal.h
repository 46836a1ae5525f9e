/* internal.h: shared state of the frontend's files (parse, expr, stmt,
 * annotate); not part of its interface. */
#ifndef ADCC_FE_INTERNAL_H
#define ADCC_FE_INTERNAL_H

#include <clang-c/Index.h>

#include "frontend/frontend.h"

typedef struct FeState {
    CXTranslationUnit tu;
    Module *m;
    Vec decl_cursors;      /* CXCursor*: declarations mapped to IR vars */
    Vec decl_vars;         /* Var*, parallel to decl_cursors */
    Func *fn;              /* function being built */
    Stmt *pre;             /* block receiving statements lifted out of an expression */
    bool in_cond;          /* inside a condition or a short-circuit operand */
    int ntemps;
    Vec calls;             /* Expr*: every call, resolved to its Func at the end */
    Vec rules;             /* const char*: rule functions to read from headers */
} FeState;

/* parse.c */
Loc fe_loc(CXCursor c);
Vec fe_children(CXCursor c);              /* CXCursor* copies */
Type *fe_type(FeState *fs, CXType t, CXCursor where, bool *ok);
Var *fe_lookup(FeState *fs, CXCursor decl);
void fe_bind(FeState *fs, CXCursor decl, Var *v);
void fe_unsupported(FeState *fs, CXCursor c, const char *what);
char *fe_spelling(CXCursor c);
Var *fe_temp(FeState *fs, Type *ty, Loc loc);

/* expr.c */
Expr *fe_expr(FeState *fs, CXCursor c);
/* Expression statements: assignments, ++/--, calls, compound assignment. */
void fe_expr_stmt(FeState *fs, CXCursor c, Stmt *out);

/* stmt.c */
Stmt *fe_body(FeState *fs, CXCursor body);

/* annotate.c */
void fe_read_annotation(FeState *fs, Func *f, CXCursor attr);
bool fe_read_object_type(FeState *fs, CXCursor c);
bool fe_has_annotation(CXCursor c);

#endif
