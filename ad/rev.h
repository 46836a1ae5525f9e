/* rev.h: the per-function state of reverse mode, shared by reverse.c
 * (statements, loops, functions) and rev_expr.c (expression adjoints,
 * shadows, the to-be-recorded read scan); private to ad/. */
#ifndef ADCC_AD_REV_H
#define ADCC_AD_REV_H

#include "ad/internal.h"

#include <stdint.h>

/* Recomputation of locals in the reverse sweep (rev_recompute.c). */
typedef struct Recompute {
    bool *var_written;     /* var id -> assigned after its declaration, or address taken */
    bool *addr_taken;      /* var id -> &v appears in the function */
    bool *mem_written;     /* root id -> the function may write or free that memory */
    bool unknown_write;    /* a write through a pointer of unknown target */
    Expr **init;           /* var id -> initializer the reverse sweep evaluates again */
    Vec counters;          /* Var*: counters of the enclosing counted loops */
    Vec scratch;           /* Scratch*: calls the reverse sweep makes again */
} Recompute;

typedef struct Rev {
    Module *m;
    Spec *spec;
    Func *fn;              /* the lowered original */
    Act *act;
    bool joint;            /* f_grad: both sweeps in one function */
    bool scan;             /* first pass: only learn what the reverse sweep reads */
    bool *needed;          /* var id -> its value is read by the reverse sweep */
    bool *needed_mem;      /* root id -> its memory is read by the reverse sweep */
    bool *written;         /* var id -> assigned by the reverse sweep (it declares it) */
    /* Flow-sensitive refinement for scalars: statements are numbered in
     * forward order (the same in both passes); min_read[v] is the first
     * statement whose reverse part reads v, a whole loop counting as its
     * first statement. Overwriting v at statement P needs a save only if
     * min_read[v] <= P: later statements' reverse parts run earlier. */
    int pos;               /* number of the statement being transformed */
    int mark_pos;          /* scan: number the reads being marked belong to, or -1 */
    int *min_read;         /* var id -> first reading statement (INT_MAX: none seen) */
    Vec ctx;               /* Stmt*: the statements being transformed, outermost first */
    Vec top_first;         /* function-level item -> the number of its first statement */
    Vec *mem_reads;        /* root id -> numbers of the function-level items whose reverse part reads it */
    bool final_mark;       /* marking the whole reverse sweep: no positions */
    Vec mark_local;        /* Var*: declared by the reverse code being marked, in scope */
    Vec scope_locals;      /* Var*: locals of the blocks being transformed that the reverse sweep declares anew */
    Vec hoisted;           /* Var*: adjoints declared before a fused loop, not at the reverse sweep's start */
    Var **shadow;          /* var id -> d_ variable */
    Expr *seed;            /* adjoint of the return value */
    Var *result;           /* adcc_result */
    int ntemps;
    bool redo;             /* f_grad restored caller memory: replay the outputs */
    bool in_turn;          /* a checkpointed loop's step: its state was logged for the replay once */
    Recompute rc;
} Rev;

/* rev_expr.c */
Var *rev_shadow(Rev *rs, Var *v);
bool rev_param_has_adjoint(const Rev *rs, const Var *v);
Expr *rev_adj_lvalue(Rev *rs, Expr *e);           /* d_x, *d_x, d_a[i] */
Expr *rev_shadow_ptr(Rev *rs, Expr *p);           /* x + 1 -> d_x + 1 */
Var *rev_temp(Rev *rs, const char *stem, Type *ty, Loc loc);
void rev_adj_expr(Rev *rs, Expr *e, Expr *adj, Stmt *out);
void rev_mark_reads(Rev *rs, Stmt *s);
bool rev_is_simple(const Expr *e);

/* Push/pop of a value of type ty: adcc_push_d(e); / lv = adcc_pop_d(); */
Stmt *rev_push(Expr *e, Loc loc);
Stmt *rev_pop(Expr *lvalue, Loc loc);

/* reverse.c: statements, blocks and functions */
/* nosave: parameters whose memory the sweeps save only for their own use
 * (the caller evaluates the call again, or never reads the old contents). */
Spec *rev_spec(Module *m, Func *f, unsigned long long mask, bool ret_active, unsigned long long nosave,
               unsigned long long redo);
/* Appends s's forward-sweep part to fwd and its reverse-sweep part to rev. */
void rev_stmt(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev);
/* A block: items forward, their reverse parts in reverse order, locals
 * the reverse sweep reads saved at the block's end. */
void rev_body(Rev *rs, Stmt *b, Stmt *fwd, Stmt *rev, bool fn_body);
/* Saves lhs before it is overwritten when the reverse sweep reads it. */
void rev_save(Rev *rs, Expr *lhs, Stmt *fwd, Stmt *rev, Loc loc);
/* The redo log's entry for lvalue lv of f_grad's caller's memory. */
Stmt *rev_redo_log(Expr *lv, Loc loc);

/* rev_recompute.c: locals the reverse sweep evaluates again instead of popping */
void rev_recompute_init(Rev *rs);
void rev_recompute_consider(Rev *rs, Var *v, Expr *init);   /* scan pass, at v's declaration */
void rev_recompute_close(Rev *rs);                          /* after the scan: mark their reads */
Expr *rev_recompute_init_of(Rev *rs, const Var *v);
/* Whether the reverse sweep can evaluate e again and get the same value. */
bool rev_stable_expr(Rev *rs, const Expr *e);
void rev_recompute_enter_loop(Rev *rs, Var *counter);
void rev_recompute_leave_loop(Rev *rs);
/* Calls among b's items that fill scratch arrays: appends their second
 * evaluation to again (the start of b's reverse part) and records them. */
void rev_recompute_calls(Rev *rs, const Stmt *b, Stmt *again);
/* For a recorded call: the parameters its callee need not save. */
unsigned long long rev_recompute_nosave(Rev *rs, const Expr *call);
/* rev_extent.c: the writes of a pointer's memory, for checkpointing */
typedef struct Extent {
    Module *m;
    const Act *act;         /* the function's points-to (NULL: compare base variables only) */
    const Var *root;        /* the pointer whose cells are written */
    const Var *counter;     /* j of the enclosing for (j = 0; j < bound; j++) */
    const Expr *bound;
    Vec found;              /* Expr*: bounds of loops writing root[j] */
    bool other;             /* a write the rule does not cover */
} Extent;
void rev_extent_in(Extent *ex, const Stmt *s);
/* Whether call c may write through its pointer argument i (m NULL: without
 * asking what the callee does). */
bool rev_arg_may_be_written(Module *m, const Expr *c, int i);
/* rev_memory.c: whether active scalar argument i's adjoint cell may be one
 * another active argument of call c reaches too */
bool rev_arg_may_share(Expr *c, unsigned long long mask, int i);
/* rev_func.c: a global some reverse sweep restores (f_grad puts its final value back) */
void rev_note_restored(Var *g);
/* The globals g or a function it calls assigns (or stores into). */
void rev_globals_assigned(Func *g, Vec *out);

/* rev_memory.c: whether writing through lhs (p[i], *p) must save the old value. */
bool rev_mem_must_save(Rev *rs, const Expr *lhs);
bool rev_mem_saved_anyway(Rev *rs, const Expr *lhs);
/* Whether overwriting (through a call) the memory ptr points into needs a save. */
bool rev_mem_root_needed(Rev *rs, const Expr *ptr);

/* rev_bulk.c: in a counted loop `for (i = start; i < or <= bound; i++)`
 * whose bounds never change, per-element saves of a[i + k] (pushes in bf,
 * restores in br) become one push of the range in pre (before the loop)
 * and one pop in post (after the reversed loop) where that is equivalent. */
void rev_bulk_saves(Rev *rs, const Stmt *loop, Var *iv, Expr *start, Stmt *bf, Stmt *br, Stmt *pre, Stmt *post);

/* rev_fuse.c: in f_grad, runs a function-level loop's reverse iterations
 * inside its forward loop when they commute; fwd_at[i] is where item i's
 * forward part starts in fwd, parts[i] its reverse part. */
void rev_fuse(Rev *rs, const Stmt *body, Stmt *fwd, const int *fwd_at, Vec *parts);
bool rev_hoisted(Rev *rs, Var *v);  /* v's adjoint is declared before a fused loop */

/* rev_rule.c: calls with a user reverse rule; objects (tensors) */
void rev_rule_call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *rev, Stmt *decl);
/* After lhs = <call>: the reverse sweep releases an object it keeps. */
void rev_object_created(Rev *rs, Expr *lhs, Stmt *rev);
/* release(x) of an object the reverse sweep keeps: left out of the forward sweep. */
bool rev_object_release_dropped(Rev *rs, const Expr *c);
bool rev_arg_active(Rev *rs, Var *param, Expr *arg);
/* The call itself in the forward sweep: decl, lhs = c, or c; */
void rev_primal_call(Stmt *fwd, Expr *lhs, Expr *c, Stmt *decl);
/* The adjoint pointer a reverse call gets for an active scalar argument:
 * &d_x, or a zeroed temporary whose value post passes to arg's leaves
 * (always the temporary when shared: the cell may be another's too). */
Expr *rev_arg_adjoint(Rev *rs, Expr *arg, bool shared, Stmt *rev, Stmt *post);
/* Reads the adjoint of a call's result into a temporary and clears it. */
Expr *rev_take_seed(Rev *rs, Expr *lhs, Stmt *rev);
/* p = elements(obj): the shadow pointer is adjoint(obj, d_obj). */
void rev_elements_call(Rev *rs, Expr *lhs, Expr *c, Stmt *fwd, Stmt *decl);

/* Whether pointer p may point into the memory of f_grad's caller, where
 * the reverse sweep logs what it restores (adcc_redo_d). */
bool rev_caller_memory(Rev *rs, const Expr *p);

/* rev_checkpoint.c: a loop under ADCC_CHECKPOINT_LOOP(K) */
void rev_checkpoint_loop(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev);
/* Whether call c is of a function marked ADCC_CHECKPOINT (and is made so here). */
bool rev_checkpointed_call(const Expr *c);
/* The saves of the arrays the checkpointed call c overwrites (before it,
 * in the forward sweep) and their restores (before its forward sweep runs
 * again, in the reverse sweep); false after an error. */
bool rev_checkpoint_call(Rev *rs, Expr *c, Stmt *saves, Stmt *restores);

/* rev_control.c: if and loops */
void rev_if(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev);
void rev_loop(Rev *rs, Stmt *s, Stmt *fwd, Stmt *rev);
bool rev_writes_var(const Stmt *s, const Var *v);
/* for (i = start; i op bound; i += step), i not written in the body */
bool rev_canonical(Rev *rs, const Stmt *s, Var **iv, Expr **start, long long *step);

#endif
