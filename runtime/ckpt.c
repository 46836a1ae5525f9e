/* ckpt.c: binomial checkpointing for loops marked ADCC_CHECKPOINT_LOOP: the
 * action iterator (Griewank's optimal revolve schedule, computed step by step
 * on an explicit stack) and the snapshot slots it stores loop state in. What
 * a snapshot holds is generated code's business: it only puts and gets bytes. */
#include "adcc_rt.h"

#include <stdint.h>
#include <stdio.h>

/* The action a frame owes before any other: its start state to store (a
 * fresh right part) or to restore (the state has moved on since). */
enum { PENDING_NONE, PENDING_STORE, PENDING_RESTORE };

/* Steps [from, from + len) still to reverse with `slots` snapshot slots,
 * the first of which, `slot`, holds the state before `from` (slot =
 * nslots - slots). len 0 is the bottom frame: only the final restore. */
struct adcc_ckpt_frame {
    long from, len;
    int slots, slot;
    int pending;
};

struct adcc_ckpt_slot {
    unsigned char *data;
    size_t used;   /* bytes the last STORE put */
    size_t cap;    /* bytes allocated */
};

enum { PHASE_FORWARD, PHASE_PAUSE, PHASE_REVERSE, PHASE_DONE };

static _Thread_local size_t snapshot_bytes;
static _Thread_local size_t snapshot_peak;

/* ---- the schedule ----
 * Cost of reversing l steps with c slots (one holding the start state), in
 * advanced steps: t(l, c) = r l - C(c + r, r - 1), r the smallest integer
 * with beta(c, r) = C(c + r, c) >= l. Equivalently t(1, c) = 0 and
 * t(l + 1, c) - t(l, c) = r_c(l + 1): t is convex in l. */

/* beta(c, r) from beta(c, r - 1) (r >= 1): C(c+r, c) = C(c+r-1, c) (c+r) / r,
 * split as q (c+r) + rem (c+r) / r so nothing overflows while beta(c, r-1) <
 * 2^63 (then rem (c+r) < r (c+r) < 2^64 since C(c+r-1, 2) < 2^63); results
 * past 2^63 saturate there, above any step count. */
static uint64_t beta_next(uint64_t beta_prev, uint64_t c, uint64_t r)
{
    const uint64_t saturated = (uint64_t)1 << 63;
    uint64_t n = c + r, q = beta_prev / r, rem = beta_prev % r;
    if (q > saturated / n)
        return saturated;
    uint64_t v = q * n + rem * n / r;
    return v < saturated ? v : saturated;
}

/* Where to store inside `len` >= 2 steps with `slots` >= 2 slots: advance m
 * steps, store, reverse the last len - m with slots - 1, restore, reverse
 * the first m with slots. f(m) = m + t(len - m, slots - 1) + t(m, slots) is
 * convex with f(m+1) - f(m) = 1 + r_slots(m+1) - r_{slots-1}(len-m), so its
 * largest minimiser is the smallest m with r_slots(m+1) >= r_{slots-1}(len-m),
 * which works out to min(beta(c, R-1), len - beta(c-1, R-1)) for c = slots,
 * R = r_c(len), and beta(c-1, R-1) = beta(c, R-1) - beta(c, R-2). The
 * largest minimiser leaves the shortest last range to the first pass: the
 * fewest steps re-advanced when the reverse sweep begins. */
static long optimal_split(long len, int slots)
{
    uint64_t l = (uint64_t)len, c = (uint64_t)slots;
    uint64_t before2 = 0, before = 0, beta = 1; /* beta(c, r-2), beta(c, r-1), beta(c, r) */
    for (uint64_t r = 1; beta < l; r++) {
        before2 = before;
        before = beta;
        beta = beta_next(beta, c, r);
    }
    uint64_t right_min = before - before2; /* beta(c-1, R-1) */
    uint64_t m = l - right_min < before ? l - right_min : before;
    return (long)m;
}

/* Sets the public fields of an action and returns it. */
static int emit(adcc_ckpt *c, int action, long from, long to, int slot)
{
    c->from = from;
    c->to = to;
    c->slot = slot;
    c->cursor = 0;
    return action;
}

static struct adcc_ckpt_frame *push_frame(adcc_ckpt *c, long from, long len, int slots, int slot,
                                          int pending)
{
    struct adcc_ckpt_frame *f = &c->frames[c->depth++];
    f->from = from;
    f->len = len;
    f->slots = slots;
    f->slot = slot;
    f->pending = pending;
    return f;
}

/* The action a frame owes first: STORE or RESTORE of its start state. */
static int settle_pending(adcc_ckpt *c, struct adcc_ckpt_frame *f)
{
    int pending = f->pending;
    f->pending = PENDING_NONE;
    if (pending == PENDING_STORE) {
        c->slots[f->slot].used = 0;
        return emit(c, ADCC_CKPT_STORE, f->from, f->from, f->slot);
    }
    return emit(c, ADCC_CKPT_RESTORE, f->from, f->from, f->slot);
}

/* One slot for len >= 2 steps: advance to the last step and turn it; the
 * frame keeps the first len - 1 steps, to be reversed from its slot again. */
static int advance_to_last(adcc_ckpt *c, struct adcc_ckpt_frame *f)
{
    long from = f->from, last = f->from + f->len - 1;
    f->len--;
    f->pending = PENDING_RESTORE;
    push_frame(c, last, 1, 0, -1, PENDING_NONE);
    return emit(c, ADCC_CKPT_ADVANCE, from, last, -1);
}

/* Two or more slots for len >= 2 steps: advance to the optimal split; the
 * frame keeps the first part (after a restore), the second part is pushed
 * to be stored and reversed first, with one slot fewer. */
static int split(adcc_ckpt *c, struct adcc_ckpt_frame *f)
{
    long m = optimal_split(f->len, f->slots);
    long from = f->from, len = f->len;
    int slots = f->slots, slot = f->slot;
    f->len = m;
    f->pending = PENDING_RESTORE;
    push_frame(c, from + m, len - m, slots - 1, slot + 1, PENDING_STORE);
    return emit(c, ADCC_CKPT_ADVANCE, from, from + m, -1);
}

/* The forward phase's last action: its frame (the last range its first pass
 * stored) is one step, or one slot, so the optimal schedule would turn or
 * advance within it next. Run the loop to its end instead and pause; the
 * reverse phase restores the frame's slot and goes on from there. */
static int advance_to_end(adcc_ckpt *c, struct adcc_ckpt_frame *f)
{
    f->pending = PENDING_RESTORE;
    c->phase = PHASE_PAUSE;
    return emit(c, ADCC_CKPT_ADVANCE, f->from, f->from + f->len, -1);
}

/* The next action of the schedule, or 0 at the end of a phase. */
static int next_action(adcc_ckpt *c)
{
    switch (c->phase) {
    case PHASE_PAUSE: c->phase = PHASE_REVERSE; return 0;
    case PHASE_DONE: return 0;
    case PHASE_FORWARD: break;
    case PHASE_REVERSE: break;
    }
    while (c->depth > 0) {
        struct adcc_ckpt_frame *f = &c->frames[c->depth - 1];
        if (f->pending != PENDING_NONE)
            return settle_pending(c, f);
        if (f->len == 0) { /* the bottom frame, its restore done */
            c->depth--;
            continue;
        }
        if (c->phase == PHASE_FORWARD && (f->len == 1 || f->slots == 1))
            return advance_to_end(c, f);
        if (f->len == 1) {
            c->depth--;
            return emit(c, ADCC_CKPT_TURN, f->from, f->from + 1, -1);
        }
        if (f->slots == 1)
            return advance_to_last(c, f);
        return split(c, f);
    }
    c->phase = PHASE_DONE;
    return 0;
}

int adcc_ckpt_next(adcc_ckpt *c)
{
    if (c->action == ADCC_CKPT_STORE) /* size the next fresh slot like this one */
        c->typical_bytes = c->slots[c->slot].used;
    c->action = next_action(c);
    return c->action;
}

/* ---- creation and snapshot slots ---- */

static void *checked_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        adcc_fatal("adcc_ckpt_begin: out of memory");
    return p;
}

adcc_ckpt *adcc_ckpt_begin(long steps, int snapshots)
{
    if (snapshots < 1) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "adcc_ckpt_begin: snapshots must be at least 1 (got %d): ADCC_CHECKPOINT_LOOP(K) needs K >= 1",
                 snapshots);
        adcc_fatal(msg);
    }
    adcc_ckpt *c = checked_calloc(1, sizeof *c);
    c->steps = steps;
    c->slot = -1;
    if (steps <= 0) {
        c->phase = PHASE_PAUSE; /* nothing in either phase */
        return c;
    }
    c->phase = PHASE_FORWARD;
    c->nslots = steps < snapshots ? (int)steps : snapshots; /* more slots than steps never help */
    c->frames = checked_calloc((size_t)c->nslots + 2, sizeof *c->frames);
    c->slots = checked_calloc((size_t)c->nslots, sizeof *c->slots);
    push_frame(c, 0, 0, 0, 0, PENDING_RESTORE);                 /* the final restore of slot 0 */
    push_frame(c, 0, steps, c->nslots, 0, PENDING_STORE);       /* the whole loop */
    return c;
}

/* Grows slot s to `need` bytes, exactly (or to the size of the last
 * snapshot, for a fresh slot), so slot capacity is what snapshots use. */
static void grow_slot(adcc_ckpt *c, struct adcc_ckpt_slot *s, size_t need)
{
    size_t cap = need;
    if (!s->data && c->typical_bytes > cap)
        cap = c->typical_bytes;
    unsigned char *data = realloc(s->data, cap);
    if (!data) {
        char msg[160];
        snprintf(msg, sizeof msg, "adcc_ckpt_put: out of memory growing snapshot slot %d to %zu bytes",
                 c->slot, cap);
        adcc_fatal(msg);
    }
    snapshot_bytes += cap - s->cap;
    if (snapshot_bytes > snapshot_peak)
        snapshot_peak = snapshot_bytes;
    s->data = data;
    s->cap = cap;
}

void adcc_ckpt_put(adcc_ckpt *c, const void *p, size_t bytes)
{
    if (c->action != ADCC_CKPT_STORE)
        adcc_fatal("adcc_ckpt_put: the last action adcc_ckpt_next returned is not ADCC_CKPT_STORE");
    struct adcc_ckpt_slot *s = &c->slots[c->slot];
    if (bytes > SIZE_MAX - c->cursor)
        adcc_fatal("adcc_ckpt_put: snapshot size overflows size_t");
    size_t need = c->cursor + bytes;
    if (need > s->cap)
        grow_slot(c, s, need);
    if (bytes)
        memcpy(s->data + c->cursor, p, bytes);
    c->cursor = need;
    s->used = need;
}

void adcc_ckpt_get(adcc_ckpt *c, void *p, size_t bytes)
{
    if (c->action != ADCC_CKPT_RESTORE)
        adcc_fatal("adcc_ckpt_get: the last action adcc_ckpt_next returned is not ADCC_CKPT_RESTORE");
    struct adcc_ckpt_slot *s = &c->slots[c->slot];
    if (bytes > s->used - c->cursor) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "adcc_ckpt_get: reading %zu bytes at offset %zu of snapshot slot %d, which holds %zu bytes "
                 "(the gets must match the puts)",
                 bytes, c->cursor, c->slot, s->used);
        adcc_fatal(msg);
    }
    if (bytes)
        memcpy(p, s->data + c->cursor, bytes);
    c->cursor += bytes;
}

void adcc_ckpt_end(adcc_ckpt *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->nslots; i++) {
        snapshot_bytes -= c->slots[i].cap;
        free(c->slots[i].data);
    }
    free(c->slots);
    free(c->frames);
    free(c);
}

size_t adcc_snapshot_bytes(void) { return snapshot_bytes; }
size_t adcc_snapshot_peak_bytes(void) { return snapshot_peak; }
void adcc_snapshot_reset_peak(void) { snapshot_peak = snapshot_bytes; }
