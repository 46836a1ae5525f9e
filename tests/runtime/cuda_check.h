/* cuda_check.h: what the GPU tests (tests/runtime/test_cuda*.c, ctest label
 * gpu) share: EXPECT and EXPECT_ERROR, CPU-against-device comparisons (f64
 * relative error <= 1e-10, f32 <= 1e-4), seeded inputs, and the main
 * program's skip (exit 77) where there is no CUDA device. Each test file
 * includes it once and defines run_tests(). */
#ifndef CUDA_CHECK_H
#define CUDA_CHECK_H

#include "adt.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;

#define EXPECT(cond)                                                              \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);   \
            failures++;                                                           \
        }                                                                         \
    } while (0)

static jmp_buf jump;
static char message[1024];

static inline void record(const char *msg, void *ctx)
{
    (void)ctx;
    snprintf(message, sizeof message, "%s", msg);
    longjmp(jump, 1);
}

/* stmt must fail with a message that starts with want. */
#define EXPECT_ERROR(stmt, want)                                                                    \
    do {                                                                                            \
        message[0] = '\0';                                                                          \
        if (setjmp(jump) == 0) {                                                                    \
            stmt;                                                                                   \
            fprintf(stderr, "%s:%d: no error from %s\n", __FILE__, __LINE__, #stmt);                \
            failures++;                                                                             \
        } else if (strncmp(message, (want), strlen(want)) != 0) {                                   \
            fprintf(stderr, "%s:%d: %s\n  gave:     %s\n  expected: %s...\n", __FILE__, __LINE__,   \
                    #stmt, message, (want));                                                        \
            failures++;                                                                             \
        }                                                                                           \
    } while (0)

static adt_rng rng;

static inline double tol(adt_dtype dt)
{
    return dt == ADT_F64 ? 1e-10 : 1e-4;
}

/* Compares a CPU result with a device one: max |c - g| / max(max |c|, 1e-30). */
static inline void check_close(const char *what, const adt_tensor *cpu, const adt_tensor *dev)
{
    checks++;
    if (adt_device_of(dev) != ADT_CUDA || adt_device_of(cpu) != ADT_CPU || !adt_same_shape(cpu, dev)) {
        fprintf(stderr, "%s: wrong device or shape\n", what);
        failures++;
        return;
    }
    adt_tensor *g = adt_to(dev, ADT_CPU), *c = adt_contiguous(cpu);
    adt_tensor *gd = adt_to_dtype(g, ADT_F64), *cd = adt_to_dtype(c, ADT_F64);
    const double *x = adt_f64(cd), *y = adt_f64(gd);
    double err = 0, scale = 1e-30;
    for (int64_t i = 0; i < adt_numel(cd); i++) {
        err = fmax(err, fabs(x[i] - y[i]));
        scale = fmax(scale, fabs(x[i]));
        if (isnan(x[i]) != isnan(y[i]))
            err = INFINITY;
    }
    if (err / scale > tol(cpu->dtype)) {
        fprintf(stderr, "%s (%s): relative error %.3g\n", what, cpu->dtype == ADT_F64 ? "f64" : "f32", err / scale);
        failures++;
    }
    adt_free(g);
    adt_free(c);
    adt_free(gd);
    adt_free(cd);
}

static inline void check_scalar(const char *what, adt_dtype dt, double cpu, double dev)
{
    checks++;
    if (fabs(cpu - dev) > tol(dt) * fmax(fabs(cpu), 1e-30)) {
        fprintf(stderr, "%s: cpu %.17g, cuda %.17g\n", what, cpu, dev);
        failures++;
    }
}

static inline adt_tensor *randn(adt_dtype dt, int ndim, const int64_t *shape)
{
    return adt_randn(&rng, dt, ndim, shape);
}

/* uniform in [0.5, 1.5): inputs for log, sqrt and pow */
static inline adt_tensor *positive(adt_dtype dt, int ndim, const int64_t *shape)
{
    adt_tensor *u = adt_rand(&rng, dt, ndim, shape), *p = adt_add_scalar(u, 0.5);
    adt_free(u);
    return p;
}

static inline adt_tensor *dev(const adt_tensor *t)
{
    return adt_to(t, ADT_CUDA);
}

/* The test file's checks, run once the device and the error handler are set. */
static void run_tests(void);

static inline int run_main(const char *name)
{
    int n = adt_cuda_device_count();
    if (n == 0) {
        printf("%s: skipped: no CUDA device (adt_cuda_device_count() is 0)\n", name);
        return 77;
    }
    adt_set_error_handler(record, NULL);
    adt_rng_seed(&rng, 8);
    run_tests();
    if (failures) {
        fprintf(stderr, "%s: %d of %d checks failed\n", name, failures, checks);
        return 1;
    }
    printf("%s: ok (%d comparisons on %d device(s))\n", name, checks, n);
    return 0;
}

#endif
