/* train_bench.h: what the training-step benchmarks (bench/mlp/bench_mlp.c,
 * bench/cnn/bench_cnn.c) share: the validation failure exit, the clock,
 * median/min/max of repeated timings, the --batches list and the relative
 * difference of two float arrays. Header-only (static functions): each
 * benchmark is one program built by its run.sh. */
#ifndef ADCC_TRAIN_BENCH_H
#define ADCC_TRAIN_BENCH_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define TB_MAX_BATCHES 8
#define TB_MAX_REPS 1000

/* The program's name in messages; main sets it. */
static const char *tb_program = "bench";

/* "<program>: VALIDATION FAILED: <message>" on stderr, exit status 1. */
static void tb_fail(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: VALIDATION FAILED: ", tb_program);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    exit(1);
}

static double tb_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

static int tb_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct TbStats {
    double median, min, max;
} TbStats;

/* Sorts t[0..n-1] (n >= 1) and returns its median, min and max. */
static TbStats tb_stats_of(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, tb_cmp_double);
    TbStats s = {n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]), t[0], t[n - 1]};
    return s;
}

/* "32,256" into b (at most TB_MAX_BATCHES sizes of 1..65536); their count,
 * or -1 for a malformed list. */
static int tb_parse_batches(const char *s, int64_t *b)
{
    int n = 0;
    char *end;
    while (*s && n < TB_MAX_BATCHES) {
        long v = strtol(s, &end, 10);
        if (end == s || v < 1 || v > 65536 || (*end && *end != ','))
            return -1;
        b[n++] = v;
        s = *end ? end + 1 : end;
    }
    return *s ? -1 : n;
}

/* max |a - b| over n elements, relative to max |b|. */
static double tb_rel_diff(const float *a, const float *b, size_t n)
{
    double diff = 0, scale = 0;
    for (size_t i = 0; i < n; i++) {
        diff = fmax(diff, fabs((double)a[i] - b[i]));
        scale = fmax(scale, fabs((double)b[i]));
    }
    return scale > 0 ? diff / scale : diff;
}

#endif
