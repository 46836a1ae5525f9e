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

/* Bytes the calling thread's tape has in use now, and at most so far. */
size_t adcc_tape_bytes(void);
size_t adcc_tape_peak_bytes(void);

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

/* Logs address p with its current value (kind 0: double, 1: float). */
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

#endif
