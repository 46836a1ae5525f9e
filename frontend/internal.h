/* internal.h: shared state of the frontend's files (parse, expr, stmt,
 * annotate); not part of its interface. */
#ifndef ADCC_FE_INTERNAL_H
#define ADCC_FE_INTERNAL_H

#include <clang-c/Index.h>

#include "frontend/frontend.h"

typedef struct FeCkpt FeCkpt;

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
    int scope_start;       /* decl_vars from here on are the current function's */
    FeCkpt *ckpt;          /* checkpointed loops: pragmas, the pending marker */
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

/* checkpoint.c: ADCC_CHECKPOINT_LOOP markers and #pragma adcc checkpoint */
void fe_scan_pragmas(FeState *fs, CXFile file);
/* Whether statement c is the marker (it then waits for its loop). */
bool fe_checkpoint_marker(FeState *fs, CXCursor c);
/* Before statement c of a block (after: offset where the previous one ends):
 * takes a pragma between them; a waiting marker needs c to be a for loop. */
void fe_checkpoint_before(FeState *fs, CXCursor c, unsigned after);
/* Gives the waiting marker or pragma to the loop just built. */
void fe_checkpoint_attach(FeState *fs, Stmt *loop);
/* The variables declared from decl_vars[first_decl] on leave scope. */
void fe_checkpoint_close_block(FeState *fs, int first_decl);
/* Errors for markers and pragmas no loop took. */
void fe_checkpoint_finish(FeState *fs);

/* deps.c: appends to files main_file, then each file the TU includes. */
void fe_list_files(CXTranslationUnit tu, const char *main_file, FeFiles *files);

/* annotate.c */
void fe_read_annotation(FeState *fs, Func *f, CXCursor attr);
bool fe_read_object_type(FeState *fs, CXCursor c);
bool fe_has_annotation(CXCursor c);

#endif
