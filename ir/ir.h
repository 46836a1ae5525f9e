/* ir.h: adcc's intermediate representation, the contract between stages.
 * A typed, structured statement tree close to C (not SSA) so that generated
 * code keeps the user's loops and names. Every node carries its source
 * location. Also here: the arena every stage allocates from, the printer,
 * the verifier and the one diagnostics module. Nothing here knows libclang. */
#ifndef ADCC_IR_H
#define ADCC_IR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- memory: one arena for the whole compilation ---- */
void *ir_alloc(size_t size);           /* zeroed; never fails (exits on OOM) */
char *ir_strdup(const char *s);
char *ir_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Frees the arena and forgets what ir/ kept in it (diagnostics seen, the
 * error count, object types), so the process may compile another file. */
void ir_arena_free(void);

typedef struct Vec {
    void **items;
    int len, cap;
} Vec;
void vec_push(Vec *v, void *item);
void vec_insert(Vec *v, int at, void *item);
void vec_remove(Vec *v, int at);
int vec_index(const Vec *v, const void *item);   /* -1: not there */
bool vec_has(const Vec *v, const void *item);

/* ---- source locations and diagnostics (ir/diag.c) ---- */
typedef struct Loc {
    const char *file;
    int line, col;
} Loc;

/* Prints "file:line:col: error: msg", the source line and a caret. */
void diag_error(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(Loc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "<severity>: msg" with no location (for command-line problems). */
void diag_plain(const char *severity, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_error_count(void);
void diag_set_stream(FILE *out);
void diag_reset(void);   /* forgets files, messages shown and errors (ir_arena_free) */

/* Internal errors are adcc bugs, not user errors. */
#define ADCC_UNREACHABLE() ir_internal_error(__FILE__, __LINE__, "unreachable")
#define ADCC_ASSERT(c) ((c) ? (void)0 : ir_internal_error(__FILE__, __LINE__, #c))
_Noreturn void ir_internal_error(const char *file, int line, const char *what);

/* ---- types (ir/type.c) ---- */
typedef enum TypeKind {
    TY_VOID,
    TY_INT,      /* every integer type; `name` holds its C spelling */
    TY_FLOAT,
    TY_DOUBLE,
    TY_PTR,
    TY_ARRAY,
    TY_STRUCT,   /* a struct used through pointers; `name` is its C spelling */
} TypeKind;

typedef struct Type {
    TypeKind kind;
    const char *name;   /* TY_INT: "int", "unsigned long", ... */
    struct Type *base;  /* TY_PTR, TY_ARRAY */
    long long len;      /* TY_ARRAY */
    bool is_const;      /* qualifier on this level */
} Type;

extern Type *ty_void, *ty_int, *ty_long, *ty_float, *ty_double, *ty_size;
Type *ty_int_named(const char *name);
Type *ty_ptr(Type *base);
Type *ty_array(Type *base, long long len);
Type *ty_const(Type *t, bool is_const);
bool ty_is_float(const Type *t);           /* float or double */
bool ty_is_int(const Type *t);
bool ty_is_unsigned_int(const Type *t);   /* unsigned ..., _Bool, size_t */
bool ty_is_signed_int(const Type *t);
bool ty_is_ptr_like(const Type *t);        /* pointer or array */
/* The scalar at the bottom of pointers and arrays (itself for scalars). */
Type *ty_scalar(Type *t);
bool ty_is_active_type(const Type *t);     /* floating, or pointer/array to floating */
Type *ty_struct(const char *name);        /* "adt_tensor", "struct body" */
/* Differentiable object types (ADCC_OBJECT_TYPE): a struct whose pointers
 * carry derivatives like values; zeros makes a zeroed adjoint like an
 * object, release drops an object the code created. */
void ty_set_object(const char *name, const char *zeros, const char *release);
void ty_reset_objects(void);   /* forgets them all (ir_arena_free) */
/* A pointer to a differentiable object type. */
bool ty_is_object(const Type *t);
const char *ty_object_zeros(const Type *t);
const char *ty_object_release(const Type *t);
/* Floating scalars and objects: values whose adjoints are found per variable. */
bool ty_is_value(const Type *t);
bool ty_equal(const Type *a, const Type *b);
/* "double x", "const double *p", "double a[10]": a declaration of name. */
char *ty_decl(const Type *t, const char *name);
char *ty_str(const Type *t);

/* ---- variables ---- */
typedef enum VarKind { VAR_PARAM, VAR_LOCAL, VAR_GLOBAL } VarKind;

typedef struct Var {
    const char *name;
    Type *ty;
    VarKind kind;
    Loc loc;
    int id;                 /* unique in the module: index for analyses */
    bool is_static;         /* globals */
    bool is_extern;         /* globals declared, not defined, here */
    struct Expr *init;      /* globals: initializer */
    bool generated;         /* made by a transform, not the user */
    struct Var *primal;     /* for a shadow (d_x): the variable it shadows */
} Var;

/* ---- expressions ---- */
#define F_PURE 1
#define F_ARITH 2
#define F_CMP 4

typedef enum Op {
#define OP(name, str, arity, prec, flags) name,
#include "ops.def"
#undef OP
    EX_COUNT_
} Op;

extern const char *const ir_op_str[];
extern const int ir_op_arity[];
extern const int ir_op_prec[];
extern const int ir_op_flags[];

struct Func;

typedef struct Expr {
    Op op;
    Type *ty;
    Loc loc;
    struct Expr *a, *b, *c;   /* operands: unary a; binary a, b; cond a ? b : c */
    Var *var;                 /* EX_VAR */
    long long ival;           /* EX_INT */
    double fval;              /* EX_FLT */
    const char *text;         /* EX_INT/EX_FLT spelling; EX_SIZEOF text; EX_CALL callee name */
    struct Func *callee;      /* EX_CALL: the function of this file, if any */
    Vec args;                 /* EX_CALL arguments, EX_INITLIST elements */
    bool implicit;            /* EX_CAST: an implicit conversion (not printed) */
} Expr;

/* ---- statements ---- */
typedef enum StmtKind {
    ST_DECL,      /* var [= init] */
    ST_ASSIGN,    /* lhs = rhs */
    ST_EXPR,      /* expr; (calls) */
    ST_IF,        /* if (cond) then [else els] */
    ST_FOR,       /* for (init; cond; step) body; any part may be NULL */
    ST_WHILE,     /* while (cond) body */
    ST_DO,        /* do body while (cond) */
    ST_SWITCH,    /* switch (cond) body */
    ST_CASE,      /* case ival: (label inside a switch body) */
    ST_DEFAULT,   /* default: */
    ST_BREAK,
    ST_CONTINUE,
    ST_RETURN,    /* return [expr] */
    ST_BLOCK,     /* { items } */
    ST_COMMENT,   /* a comment line in generated code */
} StmtKind;

/* One variable of a checkpointed loop's state named by the user, with
 * the number of elements it holds when it is a pointer (else NULL). */
typedef struct CkptItem {
    struct Var *var;
    struct Expr *extent;
    Loc loc;
} CkptItem;

typedef struct Stmt {
    StmtKind kind;
    Loc loc;
    Var *var;                 /* ST_DECL */
    Expr *init;               /* ST_DECL initializer */
    Expr *lhs, *rhs;          /* ST_ASSIGN */
    Expr *expr;               /* ST_EXPR, ST_RETURN value */
    Expr *cond;               /* IF, FOR, WHILE, DO, SWITCH */
    struct Stmt *then, *els;  /* ST_IF */
    struct Stmt *init_s;      /* ST_FOR init (DECL or ASSIGN) */
    struct Stmt *step;        /* ST_FOR step (ASSIGN) */
    struct Stmt *body;        /* FOR, WHILE, DO, SWITCH */
    Vec items;                /* ST_BLOCK statements */
    long long ival;           /* ST_CASE value */
    const char *text;         /* ST_COMMENT */
    struct Expr *snapshots;   /* ST_FOR under ADCC_CHECKPOINT_LOOP(K): K */
    Vec ckpt_state;           /* CkptItem*: the state the user named (may be empty) */
    Loc ckpt_loc;             /* where the marker or pragma is */
} Stmt;

/* ---- functions and the module ---- */
typedef struct AnnotArg {
    const char *name;
    Loc loc;
} AnnotArg;

typedef enum AnnotKind {
    AN_GRAD, AN_JVP, AN_HVP, AN_PULLBACK, AN_PUSHFORWARD, AN_CHECKPOINT, AN_KERNEL, AN_ELEMENTS,
} AnnotKind;

typedef struct Annot {
    AnnotKind kind;
    Loc loc;
    Vec args;                 /* AnnotArg* */
} Annot;

typedef struct Func {
    const char *name;
    Type *ret;
    Vec params;               /* Var* */
    Stmt *body;               /* NULL for a declaration */
    Loc loc;
    bool is_static;
    bool is_inline;
    Vec annots;               /* Annot* */
    /* ADCC_CHECK_ARGS(n=4, x:n): AnnotArg*, each "name=value" or "name:extent"
     * as written. Read only by --emit-check, so kept apart from annots,
     * which the transforms read. */
    Vec check_args;
    /* A construct adcc cannot differentiate or regenerate in this body: the
     * first one is kept and reported only if the function is needed. */
    const char *unsupported;
    Loc unsupported_loc;
    bool generated;
    bool in_header;           /* declared in an included file: not repeated in output */
    struct Func *origin;      /* a generated derivative: the user function it differentiates */
    bool kernel;              /* ADCC_KERNEL's per-element adjoint (origin: the kernel) */
    struct Func *elements_of; /* named by ADCC_ELEMENTS on elements_of: gives an adjoint's elements */
} Func;

typedef struct Module {
    const char *file;
    Vec funcs;                /* Func*, in source order */
    Vec globals;              /* Var*, in source order */
    Vec includes;             /* const char*: system headers the file includes */
    Vec verbatim;             /* const char*: type definitions to repeat */
    int nvars;                /* ids handed out so far */
    bool report_memory;       /* f_grad prints its peak tape and snapshot bytes (--report-memory) */
} Module;

/* ---- constructors (ir/ir.c) ---- */
Module *ir_module(const char *file);
Var *ir_var(Module *m, const char *name, Type *ty, VarKind kind, Loc loc);
Func *ir_find_func(Module *m, const char *name);

Expr *ex_new(Op op, Type *ty, Loc loc);
Expr *ex_int(long long v, Loc loc);
Expr *ex_flt(double v, Type *ty, Loc loc);
Expr *ex_var(Var *v, Loc loc);
Expr *ex_unary(Op op, Expr *a, Loc loc);
Expr *ex_binary(Op op, Expr *a, Expr *b, Loc loc);
Expr *ex_cond(Expr *c, Expr *a, Expr *b, Loc loc);
Expr *ex_index(Expr *base, Expr *idx, Loc loc);
Expr *ex_deref(Expr *p, Loc loc);
Expr *ex_cast(Type *ty, Expr *a, Loc loc);
Expr *ex_call(const char *name, Type *ty, Loc loc);
Expr *ex_null(Type *ptr_ty, Loc loc);     /* NULL, of pointer type ptr_ty */
Expr *ex_copy(const Expr *e);
bool ex_equal(const Expr *a, const Expr *b);
bool ex_is_const(const Expr *e, double *value);
/* True when e has no calls other than the math library's pure functions. */
bool ex_is_pure(const Expr *e);
Expr *ex_strip_casts(Expr *e);            /* (T)(U)e -> e */
Expr *ex_zero_list(Type *ty, Loc loc);    /* {0}: zero-initialises an array */
/* Whether pred holds for e or a subexpression (pre-order, stops at the
 * first); a pred that returns false visits every node. */
bool ex_any(const Expr *e, bool (*pred)(const Expr *e, void *ctx), void *ctx);

Stmt *st_new(StmtKind kind, Loc loc);
Stmt *st_block(Loc loc);
Stmt *st_decl(Var *v, Expr *init, Loc loc);
Stmt *st_assign(Expr *lhs, Expr *rhs, Loc loc);
Stmt *st_expr(Expr *e, Loc loc);
Stmt *st_if(Expr *cond, Stmt *then, Stmt *els, Loc loc);
Stmt *st_comment(const char *text, Loc loc);
void st_append(Stmt *block, Stmt *s);
/* Appends s to block; if s is itself a block without declarations, its items. */
void st_append_flat(Stmt *block, Stmt *s);
/* Moves a loop's test into its body: `pre; if (!cond) break;` first in
 * the body (last for a do loop, which becomes while (1)); a for loop keeps
 * its init and step. For conditions that must be evaluated as statements. */
void st_test_in_body(Stmt *loop, Stmt *pre, Expr *cond);
/* Whether pred holds for s or a statement nested in it (pre-order). */
bool st_any(const Stmt *s, bool (*pred)(const Stmt *s, void *ctx), void *ctx);
/* Whether pred holds for any expression node of s or of its nested statements. */
bool st_any_expr(const Stmt *s, bool (*pred)(const Expr *e, void *ctx), void *ctx);
/* Whether s contains a break, continue or return. */
bool st_has_jump(const Stmt *s);
/* For `lhs = lhs + e`: e; otherwise NULL. */
Expr *st_increment(const Stmt *s);

/* ---- printer (ir/print.c): the IR as C text ---- */
typedef struct Printer {
    FILE *out;
    int indent;
    bool line_directives;     /* emit #line before statements */
    int last_line;
    const char *last_file;
} Printer;

void ir_print_expr(FILE *out, const Expr *e);
char *ir_expr_str(const Expr *e);
void ir_print_stmt(Printer *p, const Stmt *s);
/* "static double f(double x, double *d_x)" */
char *ir_func_signature(const Func *f);
void ir_print_func(Printer *p, const Func *f);
void ir_print_module(FILE *out, const Module *m);

/* ---- verifier (ir/verify.c) ---- */
/* Checks structural invariants of f; reports internal errors. */
void ir_verify_func(const Func *f);

#endif
