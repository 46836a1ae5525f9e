/* test_ckpt.c: unit test of binomial checkpointing (runtime/ckpt.c): revolve's
 * closed-form cost against its recursion; the action stream of
 * adcc_ckpt_next driven as generated code drives it (every step turned once,
 * in order, from consistent snapshots, with the optimal number of advanced
 * steps); snapshot byte counts; argument errors; a timing run. */
#include "adcc_rt.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

/* ---- the cost t(l, c): closed form and recursion ---- */

/* C(n, k), exact while it fits (every use here is far below 2^63). */
static long long binomial(long long n, long long k)
{
    if (k < 0 || k > n)
        return 0;
    if (k > n - k)
        k = n - k;
    long long v = 1;
    for (long long i = 1; i <= k; i++)
        v = v * (n - k + i) / i;
    return v;
}

/* The smallest r with C(c + r, c) >= l. */
static long long revolve_r(long long l, int c)
{
    if (c == 1)
        return l > 0 ? l - 1 : 0;
    long long r = 0;
    while (binomial(c + r, c) < l)
        r++;
    return r;
}

/* Steps advanced to reverse l steps with c slots: r l - C(c + r, r - 1). */
static long long revolve_cost(long long l, int c)
{
    long long r = revolve_r(l, c);
    return r * l - binomial(c + r, r - 1);
}

enum { DP_STEPS = 60, DP_SLOTS = 8 };

static void test_closed_form(void)
{
    static long long t[DP_STEPS + 1][DP_SLOTS + 1];
    for (int l = 1; l <= DP_STEPS; l++)
        for (int c = 1; c <= DP_SLOTS; c++) {
            if (l == 1 || c == 1) {
                t[l][c] = (long long)l * (l - 1) / 2;
                continue;
            }
            long long best = -1;
            for (int m = 1; m < l; m++) {
                long long cost = m + t[l - m][c - 1] + t[m][c];
                if (best < 0 || cost < best)
                    best = cost;
            }
            t[l][c] = best;
        }
    for (int l = 1; l <= DP_STEPS; l++)
        for (int c = 1; c <= DP_SLOTS; c++)
            if (revolve_cost(l, c) != t[l][c]) {
                fprintf(stderr, "t(%d, %d): closed form %lld, recursion %lld\n", l, c,
                        revolve_cost(l, c), t[l][c]);
                failures++;
            }
}

/* ---- driving the iterator as generated code does ----
 * The loop state is one number: the step it is before (UNKNOWN after a
 * TURN, whose reverse leaves it undefined). A snapshot is that number as a
 * long and as a double, two puts. */

enum { UNKNOWN = -1 };

typedef struct Run {
    long steps;
    int snapshots;
    int put_snapshots;     /* put and get the state (off: the schedule alone) */
    long state;
    long *slot_state;      /* what each slot was last stored with, UNKNOWN if never */
    long advanced;         /* steps ADVANCEd, both phases */
    long last_store;       /* `from` of the forward phase's last STORE */
    long readvanced;       /* steps ADVANCEd in the reverse phase before its first TURN */
    long next_turn;        /* the step the next TURN must reverse */
    long actions;
} Run;

/* Fails the run (once, with its parameters) unless cond holds. */
#define RUN_EXPECT(run, cond)                                                                   \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: steps %ld snapshots %d action %ld: expected %s\n", __FILE__,  \
                    __LINE__, (run)->steps, (run)->snapshots, (run)->actions, #cond);            \
            failures++;                                                                         \
            return 0;                                                                           \
        }                                                                                       \
    } while (0)

static int do_store(Run *run, adcc_ckpt *c)
{
    RUN_EXPECT(run, c->slot >= 0 && c->slot < run->snapshots);
    RUN_EXPECT(run, run->state == c->from && c->to == c->from);
    RUN_EXPECT(run, c->slot != 0 || (c->from == 0 && run->slot_state[0] == UNKNOWN)); /* slot 0 kept */
    run->slot_state[c->slot] = run->state;
    if (run->put_snapshots) {
        double as_double = (double)run->state;
        adcc_ckpt_put(c, &run->state, sizeof run->state);
        adcc_ckpt_put(c, &as_double, sizeof as_double);
        RUN_EXPECT(run, adcc_snapshot_bytes() <= (size_t)run->snapshots * 16);
    }
    return 1;
}

static int do_restore(Run *run, adcc_ckpt *c)
{
    RUN_EXPECT(run, c->slot >= 0 && c->slot < run->snapshots);
    RUN_EXPECT(run, run->slot_state[c->slot] != UNKNOWN);
    RUN_EXPECT(run, run->slot_state[c->slot] == c->from && c->to == c->from);
    run->state = run->slot_state[c->slot];
    if (run->put_snapshots) {
        long state = UNKNOWN;
        double as_double = -1.0;
        adcc_ckpt_get(c, &state, sizeof state);
        adcc_ckpt_get(c, &as_double, sizeof as_double);
        RUN_EXPECT(run, state == c->from && as_double == (double)c->from);
    }
    return 1;
}

static int do_advance(Run *run, adcc_ckpt *c)
{
    RUN_EXPECT(run, run->state == c->from && c->from < c->to && c->to <= run->steps);
    RUN_EXPECT(run, c->slot == -1);
    run->advanced += c->to - c->from;
    run->state = c->to;
    return 1;
}

static int do_turn(Run *run, adcc_ckpt *c)
{
    RUN_EXPECT(run, run->state == c->from && c->from == run->next_turn && c->to == c->from + 1);
    run->next_turn--;
    run->state = UNKNOWN;
    return 1;
}

static int do_action(Run *run, adcc_ckpt *c, int action)
{
    run->actions++;
    RUN_EXPECT(run, action == c->action);
    switch ((adcc_ckpt_action)action) {
    case ADCC_CKPT_ADVANCE: return do_advance(run, c);
    case ADCC_CKPT_STORE: return do_store(run, c);
    case ADCC_CKPT_RESTORE: return do_restore(run, c);
    case ADCC_CKPT_TURN: return do_turn(run, c);
    }
    RUN_EXPECT(run, !"an action");
    return 0;
}

static int forward_phase(Run *run, adcc_ckpt *c)
{
    int action;
    while ((action = adcc_ckpt_next(c)) != 0) {
        RUN_EXPECT(run, action == ADCC_CKPT_ADVANCE || action == ADCC_CKPT_STORE);
        RUN_EXPECT(run, run->actions > 0 || (action == ADCC_CKPT_STORE && c->slot == 0));
        if (action == ADCC_CKPT_STORE)
            run->last_store = c->from;
        if (!do_action(run, c, action))
            return 0;
    }
    RUN_EXPECT(run, run->state == (run->steps > 0 ? run->steps : 0));
    return 1;
}

static int reverse_phase(Run *run, adcc_ckpt *c)
{
    int action;
    long forward_advanced = run->advanced;
    while ((action = adcc_ckpt_next(c)) != 0) {
        if (action == ADCC_CKPT_TURN && run->next_turn == run->steps - 1)
            run->readvanced = run->advanced - forward_advanced;
        if (!do_action(run, c, action))
            return 0;
    }
    RUN_EXPECT(run, run->next_turn == (run->steps > 0 ? -1 : run->steps - 1));
    RUN_EXPECT(run, run->steps <= 0 || (c->action == 0 && run->state == 0));
    RUN_EXPECT(run, adcc_ckpt_next(c) == 0);
    return 1;
}

/* Both phases of (steps, snapshots), checked as it goes; returns the extra
 * advanced steps over t(steps, snapshots), or -1 on failure. */
static long drive(long steps, int snapshots, int put_snapshots, Run *out)
{
    Run run = {steps, snapshots, put_snapshots, 0, NULL, 0, UNKNOWN, 0, steps - 1, 0};
    run.slot_state = malloc(sizeof(long) * (size_t)snapshots);
    for (int i = 0; i < snapshots; i++)
        run.slot_state[i] = UNKNOWN;
    adcc_ckpt *c = adcc_ckpt_begin(steps, snapshots);
    int ok = forward_phase(&run, c) && reverse_phase(&run, c);
    adcc_ckpt_end(c);
    free(run.slot_state);
    if (out)
        *out = run;
    if (!ok)
        return -1;
    if (steps <= 0) {
        EXPECT(run.actions == 0);
        return 0;
    }
    /* the first pass's last range [last_store, steps): advanced in the forward
     * phase, then re-advanced (all but its last step) before the first turn */
    long extra = steps - run.last_store;
    if (run.advanced != revolve_cost(steps, snapshots) + extra || run.readvanced != extra - 1) {
        fprintf(stderr, "steps %ld snapshots %d: advanced %ld, t %lld + extra %ld; re-advanced %ld\n",
                steps, snapshots, run.advanced, revolve_cost(steps, snapshots), extra, run.readvanced);
        failures++;
        return -1;
    }
    return extra;
}

static void test_schedules(void)
{
    for (long steps = -1; steps <= 200; steps++)
        for (int snapshots = 1; snapshots <= 6; snapshots++) {
            long extra = drive(steps, snapshots, 1, NULL);
            /* the extra is the step count of the last range the first pass stores: at most r + 1 */
            EXPECT(steps <= 0 || (extra >= 1 && extra <= revolve_r(steps, snapshots) + 1));
        }
    static const struct { long steps; int snapshots; } large[] = {
        {100000, 10}, {1000000, 50}, {5000, 2}, {300, 1}, {20, 1000}, {1, 1}, {1, 7}, {2, 1}};
    for (size_t i = 0; i < sizeof large / sizeof large[0]; i++) {
        long extra = drive(large[i].steps, large[i].snapshots, 1, NULL);
        EXPECT(extra >= 1 && extra <= revolve_r(large[i].steps, large[i].snapshots) + 1);
    }
}

/* steps == 1: exactly STORE 0, ADVANCE [0,1), pause; RESTORE 0, TURN 0, RESTORE 0, end. */
static void test_one_step(void)
{
    adcc_ckpt *c = adcc_ckpt_begin(1, 3);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_STORE && c->slot == 0 && c->from == 0);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_ADVANCE && c->from == 0 && c->to == 1);
    EXPECT(adcc_ckpt_next(c) == 0);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_RESTORE && c->slot == 0 && c->from == 0);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_TURN && c->from == 0 && c->to == 1);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_RESTORE && c->slot == 0 && c->from == 0);
    EXPECT(adcc_ckpt_next(c) == 0);
    EXPECT(adcc_ckpt_next(c) == 0);
    adcc_ckpt_end(c);
    c = adcc_ckpt_begin(0, 3);
    EXPECT(adcc_ckpt_next(c) == 0 && adcc_ckpt_next(c) == 0 && adcc_ckpt_next(c) == 0);
    adcc_ckpt_end(c);
}

/* ---- snapshot bytes: three doubles per snapshot, as three puts ---- */

static void test_snapshot_bytes(int snapshots, long steps)
{
    EXPECT(adcc_snapshot_bytes() == 0);
    adcc_snapshot_reset_peak();
    EXPECT(adcc_snapshot_peak_bytes() == 0);
    adcc_ckpt *c = adcc_ckpt_begin(steps, snapshots);
    double state[3] = {0, 0, 0};
    for (int phase = 0; phase < 2; phase++) {
        int action;
        while ((action = adcc_ckpt_next(c)) != 0) {
            if (action == ADCC_CKPT_STORE)
                for (int i = 0; i < 3; i++)
                    adcc_ckpt_put(c, &state[i], sizeof state[i]);
            if (action == ADCC_CKPT_RESTORE)
                for (int i = 0; i < 3; i++)
                    adcc_ckpt_get(c, &state[i], sizeof state[i]);
            if (action == ADCC_CKPT_ADVANCE)
                for (long t = c->from; t < c->to; t++)
                    state[0] += 1.0, state[1] = 2.0 * (double)t, state[2] = -state[0];
            if (action == ADCC_CKPT_RESTORE || action == ADCC_CKPT_TURN)
                EXPECT(state[0] == (double)c->from && state[2] == -state[0]);
        }
    }
    EXPECT(state[0] == 0.0);
    EXPECT(adcc_snapshot_peak_bytes() > 0);
    EXPECT(adcc_snapshot_peak_bytes() <= (size_t)snapshots * 3 * sizeof(double));
    EXPECT(adcc_snapshot_bytes() == adcc_snapshot_peak_bytes());
    adcc_ckpt_end(c);
    EXPECT(adcc_snapshot_bytes() == 0);
}

/* ---- errors: through adcc_fatal, caught by a handler that longjmps ---- */

static jmp_buf jump;
static char message[256];

static void record(const char *msg)
{
    snprintf(message, sizeof message, "%s", msg);
    longjmp(jump, 1);
}

/* stmt must fail with a message starting with want. */
#define EXPECT_ERROR(stmt, want)                                                               \
    do {                                                                                       \
        message[0] = '\0';                                                                     \
        if (setjmp(jump) == 0) {                                                               \
            stmt;                                                                              \
            fprintf(stderr, "%s:%d: no error from %s\n", __FILE__, __LINE__, #stmt);           \
            failures++;                                                                        \
        } else if (strncmp(message, (want), strlen(want)) != 0) {                              \
            fprintf(stderr, "%s:%d: %s\n  gave:     %s\n  expected: %s...\n", __FILE__, __LINE__, \
                    #stmt, message, (want));                                                   \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

static void test_errors(void)
{
    adcc_error_handler old = adcc_set_error_handler(record);
    EXPECT_ERROR(adcc_ckpt_begin(10, 0), "adcc_ckpt_begin: snapshots must be at least 1 (got 0)");
    static adcc_ckpt *c;
    c = adcc_ckpt_begin(10, 3);
    double x = 1.0, y[2];
    EXPECT_ERROR(adcc_ckpt_put(c, &x, sizeof x), "adcc_ckpt_put: the last action");
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_STORE);
    adcc_ckpt_put(c, &x, sizeof x);
    EXPECT_ERROR(adcc_ckpt_get(c, &x, sizeof x), "adcc_ckpt_get: the last action");
    while (adcc_ckpt_next(c) != 0)
        if (c->action == ADCC_CKPT_STORE)
            adcc_ckpt_put(c, &x, sizeof x);
    EXPECT(adcc_ckpt_next(c) == ADCC_CKPT_RESTORE);
    adcc_ckpt_get(c, y, sizeof x);
    EXPECT(y[0] == x);
    EXPECT_ERROR(adcc_ckpt_get(c, y, 1), "adcc_ckpt_get: reading 1 bytes at offset 8 of snapshot slot");
    EXPECT(strstr(message, "which holds 8 bytes (the gets must match the puts)") != NULL);
    adcc_ckpt_end(c);
    adcc_set_error_handler(old);
}

/* ---- the numbers for the README, and the schedule alone at 10^7 steps ---- */

static void report(long steps, int snapshots)
{
    Run run;
    long extra = drive(steps, snapshots, 1, &run);
    long long t = revolve_cost(steps, snapshots);
    printf("T = %ld, K = %d: r = %lld, t(T, K) = %lld, t/T = %.4f, extra = %ld "
           "(re-advanced at the first turn: %ld), advanced in all = %ld (%.4f per step)\n",
           steps, snapshots, revolve_r(steps, snapshots), t, (double)t / (double)steps, extra,
           run.readvanced, run.advanced, (double)run.advanced / (double)steps);
}

static void time_schedule(long steps, int snapshots)
{
    clock_t start = clock();
    Run run;
    long extra = drive(steps, snapshots, 0, &run);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    EXPECT(extra >= 1);
    printf("T = %ld, K = %d: schedule of %ld actions in %.3f s\n", steps, snapshots, run.actions,
           seconds);
}

int main(void)
{
    test_closed_form();
    test_one_step();
    test_schedules();
    test_snapshot_bytes(7, 1000);
    test_snapshot_bytes(5, 3);
    test_snapshot_bytes(1, 40);
    test_errors();
    report(1000000, 50);
    time_schedule(10000000, 50);
    if (failures)
        fprintf(stderr, "test_ckpt: %d failures\n", failures);
    else
        printf("test_ckpt: ok\n");
    return failures != 0;
}
