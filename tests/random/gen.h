/* gen.h: shared declarations of the random program generator (tests/random):
 * text buffers, the seeded RNG, the variables in scope of the function being
 * written, and the entry points of gen_expr.c, gen_stmt.c, gen_func.c and
 * gen_check.c. A test tool that writes C for adcc; it is not part of adcc. */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>

/* ---- text --------------------------------------------------------------- */

typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

/* Appends printf-formatted text to b. */
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new formatted string; the generator is a short run and never frees them. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- random numbers (splitmix64) ----------------------------------------- */

typedef struct Rng {
    uint64_t s;
} Rng;

/* Uniform int in [lo, hi]. */
int rng_int(Rng *r, int lo, int hi);
/* Uniform double in [lo, hi). */
double rng_real(Rng *r, double lo, double hi);
/* True with the given probability in percent. */
int rng_chance(Rng *r, int percent);

/* ---- features a program may use (the command line turns them off) -------- */

typedef enum Feature {
    FE_LOOP,         /* counted for loops with int bounds */
    FE_WHILE,        /* while / do-while loops on int state */
    FE_ACTIVE_WHILE, /* while loops whose exit tests an active value */
    FE_BRANCH,       /* if/else and ?: on active values */
    FE_CALL,         /* calls of generated helpers */
    FE_RECURSION,    /* recursive helpers bounded by an int depth */
    FE_ARRAY_WRITE,  /* writes to arrays, in place and overlapping */
    FE_POINTER,      /* pointer offsets p = a + k */
    FE_MATH,         /* math.h calls */
    FE_KINK,         /* fabs / fmax / fmin away from their kinks */
    FE_INT_STATE,    /* int counters */
    FE_ACTIVE_INT,   /* ints cast from active values (piecewise constant) */
    FE_LOCAL_ARRAY,  /* local arrays */
    FE_OUTPUT,       /* output array and output scalar parameters */
    FE_BREAK,        /* break / continue / early return */
    FE_COUNT
} Feature;

/* Names of the features on the command line (--no-NAME); sync: Feature. */
extern const char *const feature_names[FE_COUNT];

typedef struct Options {
    uint64_t seed;
    int size;    /* statements in the model; 0: chosen by the seed */
    int helpers; /* most helpers; -1: chosen by the seed */
    int points;  /* test points checked */
    int enabled[FE_COUNT];
} Options;

/* ---- variables in scope ------------------------------------------------- */

/* Every real variable and array element stays within [-VB, VB]. */
#define VB 2.0

typedef enum VarKind {
    VK_REAL,  /* a double, |value| <= VB */
    VK_SINK,  /* a double accumulator, only added to, read at the end */
    VK_INT,   /* an int in [lo, hi] */
    VK_ARRAY  /* a pointer or array: elements -before .. size-1 exist */
} VarKind;

typedef struct Var {
    const char *name;
    VarKind kind;
    int lo, hi;   /* VK_INT */
    int size;     /* VK_ARRAY: elements at 0 .. size-1 */
    int before;   /* VK_ARRAY: elements at -before .. -1 */
    int base;     /* VK_ARRAY: id of the storage it points into */
    int writable; /* may be assigned, or written through */
    int deref;    /* VK_ARRAY of one element, written *name */
    int used;     /* read somewhere; unused ones are folded into the sink */
} Var;

#define MAX_VARS 160

typedef enum HelperKind {
    HK_SCALAR, /* double h(double u, double v) */
    HK_READ,   /* double h(const double *a, double u, int m): reads a[0..ext) */
    HK_WRITE,  /* void h(double *a, double u, int m): updates a[0..ext) in place */
    HK_COPY,   /* void h(double *dst, const double *src, double u, int m) */
    HK_REC     /* double h(double u, const double *a, int d): recursion on d */
} HelperKind;

typedef struct Helper {
    const char *name;
    HelperKind kind;
    int is_static;
    int extent; /* HK_READ, HK_WRITE, HK_COPY: elements of a; HK_REC: largest d */
    int calls;
} Helper;

#define MAX_HELPERS 8

/* The model's parameters, as the check main sees them. */
typedef enum ParamKind {
    PK_IN_ARRAY,   /* const double *x: active input */
    PK_SCALAR,     /* double s: active input */
    PK_INACTIVE,   /* double c: not annotated */
    PK_IO_ARRAY,   /* double *y: active, read and written */
    PK_OUT_SCALAR, /* double *out: one active element, read and written */
    PK_INT         /* int n in [lo, hi] */
} ParamKind;

typedef struct Param {
    const char *name;
    ParamKind kind;
    int size;   /* arrays: elements */
    int lo, hi; /* PK_INT: range of test values */
    int offset; /* active ones: first slot in the check's flat vector p */
} Param;

#define MAX_PARAMS 10

typedef struct Gen {
    Options opt;
    Rng rng;
    Helper helpers[MAX_HELPERS];
    int nhelpers;
    int ncallable; /* the function being written may call helpers[0..ncallable) */
    int next_id;   /* names and branch-site ids */
    int next_base; /* storage ids of arrays */
    int used_gt, used_int, used_fabs, used_fmax, used_fmin;
    Param params[MAX_PARAMS];
    int nparams;
    int np; /* slots of the check's flat vector */
    /* the function being written */
    Var vars[MAX_VARS];
    int nvars;
    Buf *out;
    int indent;
    int loop_depth;
    int in_for;       /* the innermost loop is a for loop (continue is safe) */
    int budget;       /* statements left to write in this function */
    int returns_real; /* 0: void; 1: a helper's value; 2: the model's value */
    int sink;         /* index of the sink variable */
} Gen;

/* ---- expressions (gen_expr.c) ------------------------------------------- */

typedef struct Expr {
    char *text;
    double bound; /* |value| <= bound */
} Expr;

typedef struct IExpr {
    char *text;
    int lo, hi;
} IExpr;

/* A real expression of at most depth levels, scaled so |value| <= limit. */
Expr gen_real(Gen *g, int depth, double limit);
/* An int expression whose values lie in [lo_min, hi_max]. */
IExpr gen_int(Gen *g, int lo_min, int hi_max);
/* An index valid for arr (in -before .. size-1). */
char *gen_index(Gen *g, Var *arr);
/* arr[idx] as text (*arr for a one-element output). */
char *elem_text(Var *arr, const char *idx);
/* A condition: an active comparison with a branch-site id, an int test, or both. */
char *gen_cond(Gen *g, int depth);
/* A comparison of two active values, recorded at a branch site when checked. */
char *gen_gt(Gen *g, const char *a, const char *b);
/* A random array in scope with at least min_size elements (writable if asked). */
Var *pick_array(Gen *g, int min_size, int writable, int avoid_base);
/* arr or arr + k, a view with at least need elements at offsets 0..need-1. */
char *gen_view(Gen *g, Var *arr, int need);
/* A call of value helper h (HK_SCALAR, HK_READ, HK_REC); text NULL if no
 * array in scope is large enough. */
Expr gen_call(Gen *g, Helper *h, int depth);

/* ---- scopes and statements (gen_stmt.c) -------------------------------- */

/* Adds a variable to the scope and returns it. */
Var *scope_add(Gen *g, const char *name, VarKind kind);
/* Closes a block opened at mark: folds its unused variables into the sink. */
void scope_pop(Gen *g, int mark);
/* Writes one line at the current indentation. */
void emit(Gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Folds the unused variables of the scope from mark on into the sink. */
void scope_fold(Gen *g, int mark);
/* Writes up to n random statements. */
void gen_stmts(Gen *g, int n);
/* for (i = 0; i < m; i++) with a first statement that updates arr[...] in
 * place (arr may be NULL), then random statements. */
void gen_for_over(Gen *g, Var *m, Var *arr);
/* A call statement of a void helper on arrays in scope; 0 if none fits. */
int call_void(Gen *g, Helper *h);
/* Declares a local array of len elements, initialized, and adds it to scope. */
void local_array(Gen *g, int len);
/* The value of a return statement of the function being written. */
char *return_value(Gen *g);
/* A fresh name with the given prefix. */
char *fresh(Gen *g, const char *prefix);

/* ---- functions and the check main (gen_func.c, gen_check.c) --------------- */

/* Writes the helpers and the model into b. */
void gen_functions(Gen *g, Buf *b);
/* Writes the check section (#ifndef __ADCC__ ... main) into b. */
void gen_check(Gen *g, Buf *b);

#endif
