/* adcc_rt.h: the runtime that adcc-generated derivative code calls.
 * The tape is a per-thread stack of 8-byte slots; push and pop are inline
 * and touch the slow path (tape_grow) only when the stack must grow.
 * Generated code pushes in its forward sweep and pops in the exact reverse
 * order in its reverse sweep, so the tape is empty again when an outermost
 * gradient call returns. */
#ifndef ADCC_RT_H
#define ADCC_RT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef union adcc_slot {
    double d;
    float f;
    long long l;
    int i;
    void *p;
} adcc_slot;
_Static_assert(sizeof(adcc_slot) == sizeof(double), "a tape slot is 8 bytes");

typedef struct adcc_tape {
    adcc_slot *data;
    size_t top;       /* slots in use */
    size_t cap;       /* slots allocated */
    size_t peak;      /* most slots ever in use */
} adcc_tape;

/* The calling thread's tape. */
extern _Thread_local adcc_tape adcc_thread_tape;

/* Grows the calling thread's tape to hold at least one more slot; reports
 * out-of-memory through adcc_fatal. */
void adcc_tape_grow(adcc_tape *tape);

/* Releases the calling thread's tape memory (it regrows on the next push). */
void adcc_tape_release(void);

/* Bytes the calling thread's tape has in use now, and at most so far;
 * the reset makes the peak the current bytes (to measure one call). */
size_t adcc_tape_bytes(void);
size_t adcc_tape_peak_bytes(void);
void adcc_tape_reset_peak(void);

/* What f_grad calls under adcc --report-memory: at its start, and at its
 * end to print "adcc: f_grad: peak tape N bytes, peak snapshots M bytes"
 * (the call's own peaks) to stderr. */
void adcc_memory_report_begin(void);
void adcc_memory_report(const char *function);

/* The one error path of the runtime: prints "adcc runtime error: <msg>" and
 * calls the handler set with adcc_set_error_handler (default: abort). */
void adcc_fatal(const char *msg);
typedef void (*adcc_error_handler)(const char *msg);
adcc_error_handler adcc_set_error_handler(adcc_error_handler handler);

/* The calling thread's tape, through a call: used by sanitizer builds,
 * where gcc's ASan computes the address of an extern _Thread_local
 * defined in an uninstrumented library as null. */
adcc_tape *adcc_tape_get(void);
#if defined(__SANITIZE_ADDRESS__)
#define ADCC_THREAD_TAPE() adcc_tape_get()
#else
#define ADCC_THREAD_TAPE() adcc_tls_addr(&adcc_thread_tape)
#endif

/* The address of a thread-local, passed through an empty asm so the
 * compiler keeps it in a register instead of recomputing it: gcc 12 with
 * -march=native on AVX-512 machines rematerialises the initial-exec GOT
 * load of a large function as an lea, which the linker cannot relax ("TLS
 * transition from R_X86_64_GOTTPOFF to R_X86_64_TPOFF32 failed"). Costs
 * nothing: identical asm statements are still merged. */
static inline adcc_tape *adcc_tls_addr(adcc_tape *t)
{
#if defined(__GNUC__)
    __asm__("" : "+r"(t));
#endif
    return t;
}

static inline adcc_slot *adcc_push_slot(void)
{
    adcc_tape *t = ADCC_THREAD_TAPE();
    if (__builtin_expect(t->top == t->cap, 0))
        adcc_tape_grow(t);
    return &t->data[t->top++];
}

static inline adcc_slot *adcc_pop_slot(void)
{
    adcc_tape *t = ADCC_THREAD_TAPE();
    if (t->top > t->peak)
        t->peak = t->top;
    return &t->data[--t->top];
}

static inline void adcc_push_d(double v) { adcc_push_slot()->d = v; }
static inline void adcc_push_f(float v) { adcc_push_slot()->f = v; }
static inline void adcc_push_i(int v) { adcc_push_slot()->i = v; }
static inline void adcc_push_l(long long v) { adcc_push_slot()->l = v; }
static inline void adcc_push_p(const void *v) { adcc_push_slot()->p = (void *)(uintptr_t)v; }

static inline double adcc_pop_d(void) { return adcc_pop_slot()->d; }
static inline float adcc_pop_f(void) { return adcc_pop_slot()->f; }
static inline int adcc_pop_i(void) { return adcc_pop_slot()->i; }
static inline long long adcc_pop_l(void) { return adcc_pop_slot()->l; }
static inline void *adcc_pop_p(void) { return adcc_pop_slot()->p; }

/* A range p[0..n-1] in one step: the same slots, in the same order, as n
 * single pushes of p[0], ..., p[n-1] (the last on top), and the pop that
 * undoes it. A null p pushes zeros, and popping into a null p drops the
 * slots: the tangent of a range that has none (f_hvp). */
static inline adcc_slot *adcc_push_slots(long n)
{
    adcc_tape *t = ADCC_THREAD_TAPE();
    while (__builtin_expect(t->cap - t->top < (size_t)n, 0))
        adcc_tape_grow(t);
    adcc_slot *s = &t->data[t->top];
    t->top += (size_t)n;
    return s;
}

static inline adcc_slot *adcc_pop_slots(long n)
{
    adcc_tape *t = ADCC_THREAD_TAPE();
    if (t->top > t->peak)
        t->peak = t->top;
    t->top -= (size_t)n;
    return &t->data[t->top];
}

static inline void adcc_push_array_d(const double *p, long n)
{
    if (n <= 0)
        return;
    adcc_slot *s = adcc_push_slots(n);
    if (p)
        memcpy(s, p, sizeof(double) * (size_t)n); /* a slot holds its double at offset 0 */
    else
        for (long i = 0; i < n; i++)
            s[i].d = 0.0;
}

static inline void adcc_push_array_f(const float *p, long n)
{
    if (n <= 0)
        return;
    adcc_slot *s = adcc_push_slots(n);
    if (p)
        for (long i = 0; i < n; i++)
            s[i].f = p[i];
    else
        for (long i = 0; i < n; i++)
            s[i].f = 0.0f;
}

static inline void adcc_pop_array_d(double *p, long n)
{
    if (n <= 0)
        return;
    adcc_slot *s = adcc_pop_slots(n);
    if (p)
        memcpy(p, s, sizeof(double) * (size_t)n);
}

static inline void adcc_pop_array_f(float *p, long n)
{
    if (n <= 0)
        return;
    adcc_slot *s = adcc_pop_slots(n);
    if (p)
        for (long i = 0; i < n; i++)
            p[i] = s[i].f;
}

/* The redo log of f_grad: the reverse sweep restores overwritten inputs,
 * so before each restore of the caller's memory it logs the newer value;
 * adcc_redo_apply() replays the log (newest restore first) so the caller's
 * arrays end up holding the function's outputs. */
extern _Thread_local adcc_tape adcc_thread_redo;
void adcc_redo_apply(void);

adcc_tape *adcc_redo_get(void);
#if defined(__SANITIZE_ADDRESS__)
#define ADCC_THREAD_REDO() adcc_redo_get()
#else
#define ADCC_THREAD_REDO() adcc_tls_addr(&adcc_thread_redo)
#endif

/* Logs address p with its current value (kind 0: double, 1: float,
 * 2 + n: an integer of n bytes, n <= 8). */
static inline adcc_slot *adcc_redo_entry(void *p, int kind)
{
    adcc_tape *t = ADCC_THREAD_REDO();
    while (__builtin_expect(t->top + 3 > t->cap, 0))
        adcc_tape_grow(t);
    adcc_slot *value = &t->data[t->top++];
    t->data[t->top++].p = p;
    t->data[t->top++].i = kind;
    return value;
}

static inline void adcc_redo_d(double *p) { adcc_redo_entry(p, 0)->d = *p; }
static inline void adcc_redo_f(float *p) { adcc_redo_entry(p, 1)->f = *p; }
static inline void adcc_redo_n(void *p, size_t n) { memcpy(adcc_redo_entry(p, 2 + (int)n), p, n); }

/* ---- Binomial checkpointing (ckpt.c) ----
 * A loop `for (t = 0; t < steps; t++) body` marked ADCC_CHECKPOINT_LOOP(K)
 * is differentiated without taping every step: the gradient's forward sweep
 * runs it as plain primal steps while storing snapshots of the loop state,
 * and its reverse sweep reverses the steps one by one, recomputing from
 * snapshots, on the optimal schedule of Griewank's revolve (fewest
 * recomputed steps for `snapshots` slots). Generated code drives it by
 * calling adcc_ckpt_next until it returns 0, once in the forward sweep (the
 * forward phase) and once in the reverse sweep (the reverse phase). */
typedef enum adcc_ckpt_action {
    ADCC_CKPT_ADVANCE = 1, /* run steps [from, to) of the primal loop, nothing taped */
    ADCC_CKPT_STORE,       /* the state is that before step `from`: store it into slot `slot` (adcc_ckpt_put calls) */
    ADCC_CKPT_RESTORE,     /* set the state to slot `slot` (adcc_ckpt_get calls, same order as the puts): the state before step `from` */
    ADCC_CKPT_TURN,        /* the state is that before step `from`: run step `from` taped, then its reverse */
} adcc_ckpt_action;

struct adcc_ckpt_frame; /* ckpt.c's own: a range of steps still to reverse */
struct adcc_ckpt_slot;  /* ckpt.c's own: one snapshot buffer */

/* Binomial checkpointing of a loop of `steps` steps with `snapshots` slots.
 * The forward phase STOREs slot 0 (the state before step 0) first, ADVANCEs
 * and STOREs up to step `steps` and pauses (returns 0). The reverse phase
 * TURNs steps-1, steps-2, ..., 0, each exactly once, then RESTOREs slot 0
 * and returns 0. For STORE and RESTORE `to` == `from`; for TURN `to` ==
 * `from` + 1; ADVANCE and TURN have `slot` == -1. */
typedef struct adcc_ckpt {
    int action;   /* the adcc_ckpt_action adcc_ckpt_next returned */
    long from, to;
    int slot;
    /* private: only runtime/ckpt.c touches what follows */
    long steps;
    int phase;                       /* forward, pause, reverse, done */
    int nslots;                      /* slots the schedule uses: min(snapshots, steps) */
    int depth;                       /* frames on the stack */
    struct adcc_ckpt_frame *frames;  /* ranges still to reverse, innermost last */
    struct adcc_ckpt_slot *slots;    /* nslots snapshot buffers */
    size_t cursor;                   /* put/get position in the current STORE's/RESTORE's slot */
    size_t typical_bytes;            /* size of the last complete snapshot: a fresh slot's first allocation */
} adcc_ckpt;

/* A new schedule for `steps` steps and `snapshots` >= 1 slots (adcc_fatal
 * otherwise); steps <= 0 gives one whose phases are both empty. */
adcc_ckpt *adcc_ckpt_begin(long steps, int snapshots);

/* The next action (also stored in c->action, with its from, to and slot),
 * or 0 when the current phase is over. */
int adcc_ckpt_next(adcc_ckpt *c);

/* Appends `bytes` bytes at p to the snapshot of the current STORE. */
void adcc_ckpt_put(adcc_ckpt *c, const void *p, size_t bytes);

/* Reads the next `bytes` bytes of the current RESTORE's snapshot into p;
 * reading past what was put is an adcc_fatal error. */
void adcc_ckpt_get(adcc_ckpt *c, void *p, size_t bytes);

/* Frees c and its snapshot slots (NULL is a no-op). */
void adcc_ckpt_end(adcc_ckpt *c);

/* Bytes of snapshot slots allocated now by the calling thread's live
 * adcc_ckpt, the most ever allocated at once on this thread, and a reset
 * of that peak to the current bytes (to measure one call). */
size_t adcc_snapshot_bytes(void);
size_t adcc_snapshot_peak_bytes(void);
void adcc_snapshot_reset_peak(void);

/* What generated code asks the schedule (it holds the adcc_ckpt as a
 * pointer on the tape): the action and its range of steps. */
static inline int adcc_ckpt_advancing(const adcc_ckpt *c) { return c->action == ADCC_CKPT_ADVANCE; }
static inline int adcc_ckpt_storing(const adcc_ckpt *c) { return c->action == ADCC_CKPT_STORE; }
static inline int adcc_ckpt_restoring(const adcc_ckpt *c) { return c->action == ADCC_CKPT_RESTORE; }
static inline long adcc_ckpt_from(const adcc_ckpt *c) { return c->from; }
static inline long adcc_ckpt_to(const adcc_ckpt *c) { return c->to; }
/* The loop's number of steps (the counter after the loop is start + steps). */
static inline long adcc_ckpt_steps(const adcc_ckpt *c) { return c->steps > 0 ? c->steps : 0; }

#endif
