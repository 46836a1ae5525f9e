/* main.c: the checkpoint command. Differentiates a long RK4 simulation of a
 * chain of pendula (chain.c) with binomial checkpointing and with a plain
 * tape: checks that both gradients agree and match finite differences, then
 * measures time and memory of each and prints whether checkpointing meets
 * its targets. Usage: checkpoint --help. */
#include "chain_grad.h"

#include <adcc_rt.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double simulate_ckpt(double *x, double *v, const double *k, double c, double gamma, const double *w, int n,
                     int steps, double dt, int snapshots);
double simulate_taped(double *x, double *v, const double *k, double c, double gamma, const double *w, int n,
                      int steps, double dt);

enum { N = 32 };          /* pendula: chain.c's CHAIN_MAX */
enum { NP = 3 * N + 1 };  /* gradient: d x0, d v0, d k, d c */
enum { CHECK_STEPS = 2000, CHECK_SNAPSHOTS = 10, FD_STEPS = 200 };

typedef struct Config {
    long steps, taped_steps, snapshots, reps;
    double dt;
} Config;

/* The simulation's data: initial state, parameters, loss weights. */
typedef struct Problem {
    double x0[N], v0[N], k[N], w[N];
    double c, gamma, dt;
} Problem;

static void usage(FILE *f)
{
    fputs("usage: checkpoint [options]\n"
          "Gradient of a long RK4 simulation of 32 coupled pendula, by adcc with binomial\n"
          "checkpointing (ADCC_CHECKPOINT_LOOP) and with a tape of every step.\n"
          "  --steps T          time steps of the long run (default 1000000)\n"
          "  --taped-steps T    time steps of the run that compares with the taped gradient,\n"
          "                     whose tape grows with T (default 100000)\n"
          "  --snapshots K      snapshots of the checkpointed gradient (default 50)\n"
          "  --reps R           timed runs of each measurement after a warm-up; the median\n"
          "                     is reported (default 3)\n"
          "  --dt H             time step (default 0.001)\n",
          f);
}

static int parse_long(const char *flag, const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi) {
        fprintf(stderr, "checkpoint: %s %s: expected an integer from %ld to %ld\n", flag, s, lo, hi);
        return -1;
    }
    *v = (long)x;
    return 0;
}

static int parse_flag(Config *c, const char *flag, const char *v)
{
    if (strcmp(flag, "--steps") == 0)
        return parse_long(flag, v, 1, 1000000000, &c->steps);
    if (strcmp(flag, "--taped-steps") == 0)
        return parse_long(flag, v, 1, 1000000000, &c->taped_steps);
    if (strcmp(flag, "--snapshots") == 0)
        return parse_long(flag, v, 1, 100000, &c->snapshots);
    if (strcmp(flag, "--reps") == 0)
        return parse_long(flag, v, 1, 1000, &c->reps);
    if (strcmp(flag, "--dt") == 0) {
        char *end;
        c->dt = strtod(v, &end);
        if (end == v || *end || !(c->dt > 0) || isinf(c->dt)) {
            fprintf(stderr, "checkpoint: --dt %s: expected a number > 0\n", v);
            return -1;
        }
        return 0;
    }
    fprintf(stderr, "checkpoint: unknown option %s (see --help)\n", flag);
    return -1;
}

static int parse_args(Config *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i += 2) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 == argc) {
            fprintf(stderr, "checkpoint: %s needs a value (see --help)\n", argv[i]);
            return -1;
        }
        if (parse_flag(c, argv[i], argv[i + 1]))
            return -1;
    }
    return 0;
}

/* Stiffness rising along the chain; a bump of 1.2 rad near one end over a
 * small ripple along the whole chain; light damping; the loss weighs the
 * far end's angles more. */
static void setup(Problem *p, double dt)
{
    for (int i = 0; i < N; i++) {
        double s = (double)i / (N - 1);
        p->x0[i] = 1.2 * exp(-(i - 6.0) * (i - 6.0) / 8.0) + 0.1 * sin(0.7 * i);
        p->v0[i] = 0.05 * cos(1.3 * i);
        p->k[i] = 0.8 + 0.4 * s;
        p->w[i] = 0.5 + s;
    }
    p->c = 0.6;
    p->gamma = 0.002;
    p->dt = dt;
}

/* ---- the three ways to run the model ---- */

static double primal(const Problem *p, long steps)
{
    double x[N], v[N];
    memcpy(x, p->x0, sizeof x);
    memcpy(v, p->v0, sizeof v);
    return simulate_taped(x, v, p->k, p->c, p->gamma, p->w, N, (int)steps, p->dt);
}

/* The loss's gradient g (NP entries) by the checkpointed (snapshots > 0)
 * or the taped gradient (snapshots == 0); the final state into xT, vT. */
static double gradient(const Problem *p, long steps, long snapshots, double *g, double *xT, double *vT)
{
    double x[N], v[N];
    memcpy(x, p->x0, sizeof x);
    memcpy(v, p->v0, sizeof v);
    memset(g, 0, sizeof(double) * NP);
    double loss = snapshots > 0 ? simulate_ckpt_grad(x, g, v, g + N, p->k, g + 2 * N, p->c, g + 3 * N, p->gamma,
                                                     p->w, N, (int)steps, p->dt, (int)snapshots)
                                : simulate_taped_grad(x, g, v, g + N, p->k, g + 2 * N, p->c, g + 3 * N, p->gamma,
                                                      p->w, N, (int)steps, p->dt);
    if (xT)
        memcpy(xT, x, sizeof x), memcpy(vT, v, sizeof v);
    return loss;
}

/* The loss as a function of one gradient component's input (for finite
 * differences): component j of the layout x0, v0, k, c set to value. */
static double loss_at(const Problem *p, int j, double value, long steps)
{
    Problem q = *p;
    double *slot = j < N ? &q.x0[j] : j < 2 * N ? &q.v0[j - N] : j < 3 * N ? &q.k[j - 2 * N] : &q.c;
    *slot = value;
    return primal(&q, steps);
}

static double input_value(const Problem *p, int j)
{
    return j < N ? p->x0[j] : j < 2 * N ? p->v0[j - N] : j < 3 * N ? p->k[j - 2 * N] : p->c;
}

static const char *component_name(int j, char *buf, size_t size)
{
    static const char *names[] = {"x0", "v0", "k"};
    if (j == 3 * N)
        snprintf(buf, size, "c");
    else
        snprintf(buf, size, "%s[%d]", names[j / N], j % N);
    return buf;
}

/* ---- validation ---- */

/* Largest |a - b| / |b| over the components (0 where both are 0). */
static double max_rel_diff(const double *a, const double *b, int n)
{
    double worst = 0.0;
    for (int i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]);
        if (d > 0)
            worst = fmax(worst, d / fabs(b[i]));
    }
    return worst;
}

/* Checkpointed against taped at CHECK_STEPS steps, with CHECK_SNAPSHOTS and
 * with the run's snapshots; the outputs must hold the final state. */
static int check_against_taped(const Problem *p, long snapshots)
{
    double gt[NP], gc[NP], xt[N], vt[N], xc[N], vc[N];
    double lt = gradient(p, CHECK_STEPS, 0, gt, xt, vt);
    double lp = primal(p, CHECK_STEPS);
    int bad = 0;
    long ks[2] = {CHECK_SNAPSHOTS, snapshots};
    for (int i = 0; i < (snapshots == CHECK_SNAPSHOTS ? 1 : 2); i++) {
        double lc = gradient(p, CHECK_STEPS, ks[i], gc, xc, vc);
        double e = max_rel_diff(gc, gt, NP);
        int state_ok = memcmp(xc, xt, sizeof xc) == 0 && memcmp(vc, vt, sizeof vc) == 0;
        int ok = e <= 1e-12 && lc == lt && lt == lp && state_ok;
        printf("  T = %d, K = %ld: checkpointed vs taped gradient, max relative difference %.1e over %d "
               "components;\n    loss %s, final state %s   %s\n",
               CHECK_STEPS, ks[i], e, NP, lc == lt && lt == lp ? "equal" : "DIFFERS",
               state_ok ? "equal" : "DIFFERS", ok ? "ok" : "FAILED (needs <= 1e-12, equal loss and state)");
        bad |= !ok;
    }
    return bad;
}

/* A few components against the fourth-order central difference of the
 * primal, h = 1e-4 max(1, |p_j|). */
static int check_finite_differences(const Problem *p, long snapshots)
{
    static const int comps[] = {0, 6, N - 1, N + 3, N + 20, 2 * N + 6, 2 * N + 25, 3 * N};
    double g[NP];
    gradient(p, FD_STEPS, snapshots < FD_STEPS ? snapshots : 7, g, NULL, NULL);
    double gmax = 0.0;
    for (int j = 0; j < NP; j++)
        gmax = fmax(gmax, fabs(g[j]));
    int bad = 0;
    printf("  T = %d: checkpointed gradient vs central differences of the primal (h = 1e-4):\n", FD_STEPS);
    for (size_t i = 0; i < sizeof comps / sizeof comps[0]; i++) {
        int j = comps[i];
        double v = input_value(p, j), h = 1e-4 * fmax(1.0, fabs(v));
        double fd = (8.0 * (loss_at(p, j, v + h, FD_STEPS) - loss_at(p, j, v - h, FD_STEPS)) -
                     (loss_at(p, j, v + 2 * h, FD_STEPS) - loss_at(p, j, v - 2 * h, FD_STEPS))) /
                    (12.0 * h);
        double e = fabs(g[j] - fd) / fmax(fabs(fd), 1e-4 * gmax);
        char name[16];
        printf("    d loss / d %-6s  adcc % .12e  fd % .12e  rel err %.1e%s\n",
               component_name(j, name, sizeof name), g[j], fd, e, e <= 1e-7 ? "" : "  FAILED (> 1e-7)");
        bad |= !(e <= 1e-7);
    }
    return bad;
}

/* ---- the schedule's arithmetic ---- */

/* C(n, k), saturating at UINT64_MAX. */
static uint64_t binomial(uint64_t n, uint64_t k)
{
    if (k > n)
        return 0;
    if (k > n - k)
        k = n - k;
    uint64_t r = 1;
    for (uint64_t i = 1; i <= k; i++) {
        uint64_t g = r, m = n - k + i; /* r * m / i, exact: r * m is C(n-k+i, i) i */
        if (__builtin_mul_overflow(g, m, &r))
            return UINT64_MAX;
        r /= i;
    }
    return r;
}

/* Revolve's optimum for T steps and K snapshots: r, the smallest integer
 * with C(K + r, K) >= T, and the fewest advanced steps t = r T - C(K + r, r - 1). */
static uint64_t revolve_advances(long steps, long snapshots, int *r_out)
{
    uint64_t T = (uint64_t)steps, K = (uint64_t)snapshots;
    int r = 0;
    while (binomial(K + (uint64_t)r, K) < T)
        r++;
    *r_out = r;
    return T <= 1 ? 0 : (uint64_t)r * T - binomial(K + (uint64_t)r, (uint64_t)r - 1);
}

/* Steps adcc's schedule advances (forward and reverse phases together),
 * walked through the runtime's own schedule without running the model. */
static uint64_t schedule_advances(long steps, long snapshots)
{
    adcc_ckpt *c = adcc_ckpt_begin(steps, (int)snapshots);
    uint64_t advanced = 0;
    for (int phase = 0; phase < 2; phase++)
        while (adcc_ckpt_next(c))
            if (adcc_ckpt_advancing(c))
                advanced += (uint64_t)(adcc_ckpt_to(c) - adcc_ckpt_from(c));
    adcc_ckpt_end(c);
    return advanced;
}

typedef struct Schedule {
    int r;
    uint64_t optimal, advanced;
    double extra; /* advanced steps per step */
} Schedule;

static Schedule schedule(long steps, long snapshots)
{
    Schedule s;
    s.optimal = revolve_advances(steps, snapshots, &s.r);
    s.advanced = schedule_advances(steps, snapshots);
    s.extra = (double)s.advanced / (double)steps;
    return s;
}

static void print_schedule(long steps, long snapshots, const Schedule *s)
{
    long long e = (long long)s->advanced - (long long)s->optimal;
    printf("  T = %ld, K = %ld: r = %d, optimal t(T,K) = %llu advanced steps; adcc's schedule advances "
           "%llu (e = %lld%s),\n    %.3f extra forward steps per step\n",
           steps, snapshots, s->r, (unsigned long long)s->optimal, (unsigned long long)s->advanced, e,
           e >= 1 && e <= s->r + 1 ? ", within 1..r+1" : ", OUTSIDE 1..r+1", s->extra);
}

/* ---- measurements ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The redo log (adcc_rt.h) records f_grad's outputs before its reverse
 * sweep restores them; it keeps its capacity between calls and has no
 * release function, so the measurement frees it to see one call's share. */
static void redo_log_release(void)
{
    adcc_tape *r = adcc_redo_get();
    free(r->data);
    r->data = NULL;
    r->top = r->cap = r->peak = 0;
}

static size_t redo_log_bytes(void) { return adcc_redo_get()->cap * sizeof(adcc_slot); }

typedef struct Measure {
    double seconds; /* median */
    size_t tape, snaps, redo;
    double loss, dc;
} Measure;

/* One warm-up call (its peaks are reported: every call has the same), then
 * `reps` timed calls. kind: -1 primal, 0 taped gradient, K > 0 checkpointed. */
static Measure measure(const Problem *p, long steps, long kind, long reps)
{
    Measure m = {0};
    double g[NP], *t = malloc(sizeof(double) * (size_t)reps);
    if (!t)
        fprintf(stderr, "checkpoint: out of memory\n"), exit(1);
    redo_log_release();
    adcc_tape_reset_peak();
    adcc_snapshot_reset_peak();
    m.loss = kind < 0 ? primal(p, steps) : gradient(p, steps, kind, g, NULL, NULL);
    m.dc = kind < 0 ? 0.0 : g[3 * N];
    m.tape = adcc_tape_peak_bytes();
    m.snaps = adcc_snapshot_peak_bytes();
    m.redo = redo_log_bytes();
    for (long i = 0; i < reps; i++) {
        double t0 = now();
        if (kind < 0)
            primal(p, steps);
        else
            gradient(p, steps, kind, g, NULL, NULL);
        t[i] = now() - t0;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    m.seconds = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
    free(t);
    return m;
}

static void print_row(const char *what, long steps, const Measure *m)
{
    if (m->tape || m->snaps || m->redo)
        printf("  %-19s %8ld %10.3f %14zu %14zu %14zu\n", what, steps, m->seconds, m->tape, m->snaps, m->redo);
    else
        printf("  %-19s %8ld %10.3f %14s %14s %14s\n", what, steps, m->seconds, "-", "-", "-");
}

static const char *holds(int ok) { return ok ? "holds" : "does NOT hold"; }

/* What a run measured: at T1 (taped_steps) the primal, the checkpointed and
 * the taped gradient; at T2 (steps) the primal and the checkpointed one. */
typedef struct Run {
    long K, T1, T2;
    size_t state; /* bytes of x and v */
    Schedule s1, s2;
    Measure p1, c1, t1, p2, c2;
} Run;

static void measure_all(const Problem *p, Run *r, long reps)
{
    printf("\nMeasurements (median of %ld runs after a warm-up; peak bytes of one call; redo log: bytes\n"
           "allocated for f_grad's record of the outputs it restores, not counted in the tape):\n",
           reps);
    printf("  %-19s %8s %10s %14s %14s %14s\n", "", "T", "time (s)", "tape peak", "snapshots peak",
           "redo log");
    r->p1 = measure(p, r->T1, -1, reps);
    print_row("primal", r->T1, &r->p1);
    r->c1 = measure(p, r->T1, r->K, reps);
    print_row("checkpointed grad", r->T1, &r->c1);
    r->t1 = measure(p, r->T1, 0, reps);
    print_row("taped grad", r->T1, &r->t1);
    adcc_tape_release(); /* give the taped run's tape back */
    redo_log_release();
    r->p2 = measure(p, r->T2, -1, reps);
    print_row("primal", r->T2, &r->p2);
    r->c2 = measure(p, r->T2, r->K, reps);
    print_row("checkpointed grad", r->T2, &r->c2);
    redo_log_release();
    printf("  loss at T = %ld: %.10g (d loss / d c = %.6g); at T = %ld: %.10g (d loss / d c = %.6g)\n", r->T1,
           r->p1.loss, r->c1.dc, r->T2, r->p2.loss, r->c2.dc);
}

static void print_costs(const Run *r)
{
    const Measure *p1 = &r->p1, *c1 = &r->c1, *t1 = &r->t1;
    double extra = r->s1.extra, per_step = (double)t1->tape / (double)r->T1;
    printf("\nTime: checkpointed / primal = %.2f at T = %ld, %.2f at T = %ld; taped / primal = %.2f at T = %ld\n",
           c1->seconds / p1->seconds, r->T1, r->c2.seconds / r->p2.seconds, r->T2, t1->seconds / p1->seconds,
           r->T1);
    printf("  cost model: checkpointed = taped + %.3f primal steps per step = %.3f + %.3f x %.3f s = %.3f s "
           "(ratio %.2f)\n",
           extra, t1->seconds, extra, p1->seconds, t1->seconds + extra * p1->seconds,
           1.0 + extra * p1->seconds / t1->seconds);
    printf("Memory at T = %ld: taped gradient %.1f MB of tape (%.0f bytes per step) + %.2f MB redo log;\n"
           "  checkpointed %zu bytes of tape + %zu bytes of snapshots + %.2f MB redo log\n",
           r->T1, t1->tape / 1e6, per_step, t1->redo / 1e6, c1->tape, c1->snaps, c1->redo / 1e6);
    printf("  taped gradient at T = %ld, EXTRAPOLATED (%.0f bytes per step x T): %.2f GB of tape\n", r->T2,
           per_step, per_step * (double)r->T2 / 1e9);
}

/* Prints the targets and the RESULT line; 1 if they hold. */
static int check_targets(const Run *r, int bad_check)
{
    const Measure *c1 = &r->c1, *c2 = &r->c2;
    size_t limit = (size_t)r->K * r->state;
    double ratio = c1->seconds / r->t1.seconds, bound = 1.0 + r->s1.extra;
    int ok_snaps = c1->snaps <= limit && c2->snaps <= limit;
    int ok_tape = c1->tape == c2->tape;
    int ok_time = ratio <= bound;
    int ok_redo = c2->redo <= c1->redo;
    printf("\nTargets:\n");
    printf("  peak snapshot bytes <= K x state bytes = %zu: %zu at T = %ld, %zu at T = %ld: %s\n", limit,
           c1->snaps, r->T1, c2->snaps, r->T2, holds(ok_snaps));
    printf("  checkpointed peak tape bytes independent of T: %zu at T = %ld, %zu at T = %ld: %s\n", c1->tape,
           r->T1, c2->tape, r->T2, holds(ok_tape));
    printf("  time checkpointed / taped <= 1 + r, r = (t(T,K) + e) / T extra forward steps per step:\n"
           "    %.3f s / %.3f s = %.2f <= %.2f at T = %ld: %s\n",
           c1->seconds, r->t1.seconds, ratio, bound, r->T1, holds(ok_time));
    printf("  checkpointed redo log independent of T: %zu bytes at T = %ld, %zu bytes at T = %ld: %s\n", c1->redo,
           r->T1, c2->redo, r->T2, holds(ok_redo));
    int ok = !bad_check && ok_snaps && ok_tape && ok_time && ok_redo;
    if (ok)
        printf("RESULT: OK: checkpointed gradient = taped and finite differences; snapshots %zu <= %zu bytes, "
               "tape %zu bytes at both T, redo log %zu bytes at T = %ld (%zu at T = %ld), time ratio %.2f <= "
               "%.2f\n",
               c2->snaps, limit, c2->tape, c2->redo, r->T2, c1->redo, r->T1, ratio, bound);
    else
        printf("RESULT: FAILED:%s%s%s%s%s\n", bad_check ? " derivative checks" : "",
               ok_snaps ? "" : " snapshot bytes", ok_tape ? "" : " tape grows with T",
               ok_redo ? "" : " redo log grows with T", ok_time ? "" : " time ratio");
    return ok;
}

int main(int argc, char **argv)
{
    Config cf = {.steps = 1000000, .taped_steps = 100000, .snapshots = 50, .reps = 3, .dt = 1e-3};
    if (parse_args(&cf, argc, argv))
        return 2;
    Problem p;
    setup(&p, cf.dt);
    Run r = {.K = cf.snapshots, .T1 = cf.taped_steps, .T2 = cf.steps, .state = 2 * N * sizeof(double)};
    printf("A chain of %d damped pendula, x_i'' = -k_i sin x_i + c (x_{i-1} - 2 x_i + x_{i+1}) - gamma x_i',\n"
           "RK4 with dt = %g; loss = sum_i w_i x_i(T)^2 + v_i(T)^2 / 2; gradient w.r.t. x0, v0, k, c\n"
           "(%d components). State: x and v, %zu bytes. Checkpointed with K = %ld snapshots.\n\n",
           N, p.dt, NP, r.state, r.K);

    printf("Validation:\n");
    int bad_check = check_against_taped(&p, r.K);
    bad_check |= check_finite_differences(&p, r.K);

    printf("\nSchedule (binomial checkpointing, revolve):\n");
    r.s1 = schedule(r.T1, r.K);
    r.s2 = schedule(r.T2, r.K);
    print_schedule(r.T1, r.K, &r.s1);
    print_schedule(r.T2, r.K, &r.s2);

    measure_all(&p, &r, cf.reps);
    print_costs(&r);
    return !check_targets(&r, bad_check);
}
