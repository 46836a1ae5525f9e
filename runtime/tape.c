/* tape.c: the slow paths of the per-thread tape (growth, release, byte
 * counts) and the runtime's single error path. The inline push/pop fast
 * paths live in adcc_rt.h. */
#include "adcc_rt.h"

#include <stdio.h>
#include <string.h>

_Thread_local adcc_tape adcc_thread_tape;
_Thread_local adcc_tape adcc_thread_redo;

adcc_tape *adcc_tape_get(void) { return &adcc_thread_tape; }
adcc_tape *adcc_redo_get(void) { return &adcc_thread_redo; }

void adcc_redo_apply(void)
{
    adcc_tape *t = &adcc_thread_redo;
    while (t->top >= 3) {
        int kind = t->data[--t->top].i;
        void *p = t->data[--t->top].p;
        adcc_slot v = t->data[--t->top];
        if (kind >= 2)
            memcpy(p, &v, (size_t)(kind - 2));   /* an integer, as adcc_redo_n copied it */
        else if (kind)
            *(float *)p = v.f;
        else
            *(double *)p = v.d;
    }
}

static void default_handler(const char *msg)
{
    (void)msg;
    abort();
}

static adcc_error_handler error_handler = default_handler;

adcc_error_handler adcc_set_error_handler(adcc_error_handler handler)
{
    adcc_error_handler old = error_handler;
    error_handler = handler ? handler : default_handler;
    return old;
}

void adcc_fatal(const char *msg)
{
    fprintf(stderr, "adcc runtime error: %s\n", msg);
    fflush(stderr);
    error_handler(msg);
    abort(); /* a handler that returns would leave the caller in a bad state */
}

void adcc_tape_grow(adcc_tape *tape)
{
    size_t cap = tape->cap ? tape->cap * 2 : 4096;
    if (cap < tape->cap || cap > SIZE_MAX / sizeof(adcc_slot))
        adcc_fatal("tape: size overflow");
    adcc_slot *data = realloc(tape->data, cap * sizeof(adcc_slot));
    if (!data)
        adcc_fatal("tape: out of memory");
    tape->data = data;
    tape->cap = cap;
    if (tape->top + 1 > tape->peak)
        tape->peak = tape->top + 1;
    (void)0;
}

void adcc_tape_release(void)
{
    adcc_tape *t = &adcc_thread_tape;
    if (t->top != 0)
        adcc_fatal("tape: released while values are still on it");
    free(t->data);
    t->data = NULL;
    t->cap = 0;
}

size_t adcc_tape_bytes(void)
{
    return adcc_thread_tape.top * sizeof(adcc_slot);
}

size_t adcc_tape_peak_bytes(void)
{
    adcc_tape *t = &adcc_thread_tape;
    size_t peak = t->peak > t->top ? t->peak : t->top;
    return peak * sizeof(adcc_slot);
}

void adcc_tape_reset_peak(void)
{
    adcc_thread_tape.peak = adcc_thread_tape.top;
}

static _Thread_local size_t report_base;   /* tape bytes when the reported call began */

void adcc_memory_report_begin(void)
{
    adcc_tape_reset_peak();
    adcc_snapshot_reset_peak();
    report_base = adcc_tape_bytes();
}

void adcc_memory_report(const char *function)
{
    fprintf(stderr, "adcc: %s: peak tape %zu bytes, peak snapshots %zu bytes\n", function,
            adcc_tape_peak_bytes() - report_base, adcc_snapshot_peak_bytes());
}
