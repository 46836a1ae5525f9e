/* internal.h: state shared by the files of ad/ (activity, TBR, reverse
 * mode, rules); not part of its interface. */
#ifndef ADCC_AD_INTERNAL_H
#define ADCC_AD_INTERNAL_H

#include "ad/ad.h"

#define MAX_PARAMS 64

/* Activity of one function under one activity pattern. Flow-insensitive:
 * a variable is active if it is varied (depends on an active input) and
 * useful (influences an active output). Memory is tracked per root: a
 * pointer parameter's pointee, a local array, or one malloc'd pointer. */
typedef struct Act {
    int n;                 /* variables known (ids below n) */
    bool *varied, *useful;
    Vec *pts;              /* per pointer variable id: its roots (Var*) */
    bool *addr_taken;      /* per var id: a floating scalar whose address is taken */
} Act;

Act *act_analyze(Module *m, Func *f, unsigned long long mask, bool ret_active);
bool act_var(const Act *a, const Var *v);           /* scalar or pointer */
bool act_varied(const Act *a, const Var *v);        /* a value that depends on an active input */
bool act_is_alloc(const Expr *e);                   /* malloc(..) / calloc(..), casts aside */
/* &x of a floating scalar: its value and its memory are one (x = ... and *p = ... both write it). */
bool act_addr_taken(const Act *a, const Var *v);
bool act_expr(const Act *a, const Expr *e);         /* has an active leaf */
/* The roots an expression of pointer/array type may point into. */
void act_roots(const Act *a, const Expr *e, Vec *out);
/* Whether a pointer expression may point into memory that carries derivatives. */
bool act_roots_active(const Act *a, const Expr *p);
Var *act_base_var(const Expr *e);                  /* x in x[i], *(x+1), ... */
/* Whether the function writes through pointer parameter i (or its copies). */
bool act_writes_param(Module *m, Func *f, int i);
/* g, then every function of the file it calls, directly or not (each once). */
void act_reachable(Func *g, Vec *funcs);

/* One differentiated version of a function: its activity pattern, and the
 * generated forward sweep, reverse sweep and (for ADCC_GRAD) joint f_grad. */
typedef struct Spec {
    Func *fn;
    unsigned long long mask;
    bool ret_active;
    unsigned long long nosave;  /* parameters whose memory the sweeps need not save */
    unsigned long long redo;    /* pointer parameters into the memory of f_grad's caller: the
                                 * reverse sweep logs what it restores there for f_grad to replay */
    Func *fwd, *rev;
    bool done;
} Spec;

/* rules.c: derivative rules of the math library, one entry per function. */
typedef struct MathRule MathRule;
const MathRule *rule_find(const char *name);
int rule_arity(const MathRule *r);
/* d f(args) / d args[i], built from the (restored) argument values. */
Expr *rule_partial(const MathRule *r, Expr **args, int i, Type *ty, Loc loc);
bool rule_is_nondiff(const char *name);    /* floor, ceil, ... : zero derivative */
/* The partial of a one-argument function written over its result (exp,
 * expm1, exp2, tanh, sqrt); NULL where that is not cheaper. */
Expr *rule_partial_of_result(const MathRule *r, const Expr *result, Type *ty, Loc loc);
/* Whether lowering lifts f's calls in loops into saved temporaries. */
bool rule_saves_result(const MathRule *r);
/* check.c: the ADCC_PULLBACK rule of g (NULL: none); rev_rule.c: the type
 * of the adjoint a rule takes after a parameter of type t (NULL: none). */
const char *rule_pullback(const Func *g);
/* ADCC_ELEMENTS: the adjoint accessor of g (check.c; NULL: none); for
 * p = g(obj), obj (rev_rule.c). */
const char *rule_elements(const Func *g);
Var *rule_elements_object(const Expr *c);
Type *rule_adjoint_type(const Type *t);

/* check.c: the ADCC_PUSHFORWARD rule of g (NULL: none); whether f carries
 * an annotation of kind k, and the mask of the parameters those name. */
const char *rule_pushforward(const Func *g);
bool ad_has_annot(const Func *f, AnnotKind k);
unsigned long long ad_annot_mask(const Func *f, AnnotKind k);
unsigned long long ad_kernel_mask(const Func *f);
/* A callee about to be differentiated whose body has a construct adcc
 * cannot handle: the error, once, with a note naming the function. */
void ad_report_unsupported(Func *f);
/* calloc(n, 1) of p = malloc(n)'s size (calloc(n, s) of calloc(n, s)), cast to ty. */
Expr *ad_shadow_alloc(Expr *init, Type *ty);

/* A function made by a transform (not printed as a model prototype). */
Func *ad_new_func(const char *name, Type *ret, Loc loc, bool is_static);

/* Arithmetic builders that fold 0 and 1. */
Expr *mk_mul(Expr *a, Expr *b, Loc loc);
Expr *mk_add(Expr *a, Expr *b, Loc loc);
Expr *mk_neg(Expr *a, Loc loc);
Expr *mk_div(Expr *a, Expr *b, Loc loc);
Expr *mk_call1(const char *name, Expr *a, Type *ty, Loc loc);
Expr *mk_num(double v, Type *ty, Loc loc);

#endif
