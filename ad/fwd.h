/* fwd.h: the per-function state of forward mode, shared by forward.c
 * (statements, functions, specialisations), fwd_expr.c (tangent
 * expressions) and fwd_call.c (calls: the file's functions, rules, the
 * tape and objects); private to ad/. */
#ifndef ADCC_AD_FWD_H
#define ADCC_AD_FWD_H

#include "ad/internal.h"

/* How tangents are named: t_x in f_jvp; in f_hvp, which differentiates
 * f_grad, v_x for a value's direction and hv_x for the tangent of its
 * adjoint d_x. */
typedef enum FwdNaming { FWD_JVP, FWD_HVP } FwdNaming;

/* activity.c, for f_hvp (declared here because internal.h is shared with
 * reverse mode, which needs none of it): what the analysis of a sweep of
 * f_grad needs to know of the others. The sweeps share their variables, so
 * a pointer that a reverse sweep pops points where the forward sweeps'
 * assignments of the same variable made it point; per var id, those roots,
 * and whether a var is memory of its sweep's own (a local floating array or
 * scalar whose address is taken, a malloc'd block). */
typedef struct TapeRoots {
    int n;                 /* var ids below n */
    Vec *pts;              /* var id -> its roots (Var*) */
    bool *fresh;           /* var id -> memory of its own */
} TapeRoots;

/* The roots of funcs' pointer variables (popped ones left to the pushes). */
TapeRoots *act_tape_roots(Module *m, Vec *funcs);
/* act_analyze, with popped pointers pointing where tr says (tr may be NULL). */
Act *act_analyze_taped(Module *m, Func *f, unsigned long long mask, bool ret_active, const TapeRoots *tr);

/* One forward-mode version of a function under one activity pattern. */
typedef struct FwdSpec {
    Func *fn;
    unsigned long long mask;
    bool ret_active;
    FwdNaming naming;
    Func *out;
    bool done;
} FwdSpec;

typedef struct Fwd {
    Module *m;
    FwdSpec *spec;
    Func *fn;
    Act *act;
    Var **tan;             /* var id -> its tangent variable */
    Var *t_ret;            /* R *t_ret: receives the return value's tangent */
    int ntemps;
} Fwd;

/* fwd_expr.c */
Var *fwd_tangent(Fwd *fw, Var *v);
bool fwd_active_var(Fwd *fw, const Var *v);
bool fwd_active(Fwd *fw, const Expr *e);          /* a floating value or object that carries a tangent */
/* The tangent of a floating expression; NULL when it is zero. */
Expr *fwd_tan(Fwd *fw, const Expr *e);
Expr *fwd_tan_or_zero(Fwd *fw, const Expr *e);
/* The tangent lvalue of an active lvalue: t_x, t_a[i], *t_p. */
Expr *fwd_tan_lvalue(Fwd *fw, const Expr *lv);
/* The tangent of a pointer expression: t_p + 1; NULL pointer when inactive. */
Expr *fwd_tan_ptr(Fwd *fw, const Expr *p);
Var *fwd_temp(Fwd *fw, const char *stem, Type *ty, Loc loc);

/* fwd_call.c: a statement whose right-hand side (or itself) is a call;
 * false when it is not a call forward mode treats specially. */
bool fwd_call(Fwd *fw, Stmt *s, Expr *lhs, Expr *c, Stmt *out);

/* forward.c */
FwdSpec *fwd_spec(Module *m, Func *f, unsigned long long mask, bool ret_active, FwdNaming naming);
void fwd_stmt(Fwd *fw, Stmt *s, Stmt *out);
/* Appends the primal statement: decl, lhs = c, or c; */
void fwd_primal(Stmt *out, Stmt *s, Expr *lhs, Expr *c);

#endif
