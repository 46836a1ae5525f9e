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
    FE_CHECKPOINT,   /* model_ck: the model with checkpointed loops and calls */
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
    int owner;    /* VK_ARRAY: the storage's own name (a parameter or a local
                   * array), not a pointer into it */
    int param;    /* a parameter of the function */
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
    unsigned callers;          /* bit i: helpers[i] calls it */
    size_t text_start, text_end; /* its definition in the functions' text */
    int site_lo, site_hi;      /* its loops: sites[site_lo .. site_hi) */
    int ck_copy;               /* model_ck calls name_ck, a copy of it */
    int ck_annotated;          /* the copy is marked ADCC_CHECKPOINT */
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

/* A variable in scope at a counted loop that the loop may write: its name
 * in a checkpoint state list ("v3", "t2", "y:6"). */
typedef struct Cand {
    const char *name;
    char *item;
    int base;    /* arrays: the storage; -1: a scalar */
    int written; /* the loop writes it */
} Cand;

/* A counted loop for (i = a; i < b; i++) (or i <= b - 1) that model_ck's
 * copy of the function may checkpoint with ADCC_CHECKPOINT_LOOP or the
 * pragma, written right before its for line. */
typedef struct Site {
    size_t at;         /* offset of its for line in the functions' text */
    int indent;
    int ok;            /* no break of it, no return in it, b not written in it */
    int ptr_other;     /* writes through a pointer parameter that adcc cannot
                        * size (anything but sweeps of one array, one bound) */
    int sweep_base;    /* -1, or the storage its sweeps write */
    const char *sweep_bound;
    int ptr_sweep;     /* it is a sweep of a pointer parameter */
    const char *bound; /* b, whose ints the body must not write */
    Cand *cand;        /* the variables in scope that it may write */
    int ncand;
    char *marker;      /* in model_ck: the marker line, or NULL */
} Site;

#define MAX_SITES 512
#define MAX_LOOPS 16
#define MAX_BASES 1024

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
    int cur;          /* the helper being written, -1: the model */
    /* checkpointing: the counted loops written, the for loops open (a site
     * index or -1, innermost last), the storage ids of pointer parameters */
    Site sites[MAX_SITES];
    int nsites;
    int loops[MAX_LOOPS];
    int nloops;
    unsigned char ptr_base[MAX_BASES];
    size_t model_body, model_end; /* the model's body in the functions' text */
    int model_site_lo, model_site_hi;
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
/* Whether an expression's text reads no variable (its value is a constant). */
int is_constant(const char *text);
/* A comparison of two active values, recorded at a branch site when checked
 * (a plain one when both are constants). */
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
/* Records that arr's elements are written (a write through a pointer
 * parameter needs the state named in the loops around it). */
void note_write(Gen *g, Var *arr);
/* The checkpoint state list of site s: what it writes, or (all) every
 * variable in scope that it might. */
char *state_list(const Site *s, int all);
/* Records a call of helper h by the function being written. */
void note_call(Gen *g, Helper *h);

/* ---- functions and the check main (gen_func.c, gen_check.c) --------------- */

/* Writes the helpers and the model into b, then model_ck: the model with
 * checkpoint markers before some counted loops, calling copies of some
 * helpers (with markers, or marked ADCC_CHECKPOINT). */
void gen_functions(Gen *g, Buf *b);
/* Writes the check section (#ifndef __ADCC__ ... main) into b. */
void gen_check(Gen *g, Buf *b);

#endif
