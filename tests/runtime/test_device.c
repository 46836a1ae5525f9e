/* test_device.c: the device API where no tensor can be on a GPU (a build
 * without CUDA, or a machine without a device): adt_to(t, ADT_CPU) is t
 * itself, adt_device_of says ADT_CPU, and asking for ADT_CUDA is a clear
 * adt_error. The ops on a device are test_cuda.c's (label gpu). */
#include "adt.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                              \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);   \
            failures++;                                                           \
        }                                                                         \
    } while (0)

static jmp_buf jump;
static char message[1024];

static void record(const char *msg, void *ctx)
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

static void test_cpu_identity(void)
{
    adt_tensor *t = adt_arange(ADT_F64, 0, 6, 1);
    EXPECT(adt_device_of(t) == ADT_CPU);
    adt_tensor *u = adt_to(t, ADT_CPU);
    EXPECT(u == t);
    EXPECT(t->refcount == 2);
    adt_free(u);
    EXPECT(t->refcount == 1);
    /* a view lives where its base does, and stays itself too */
    adt_tensor *v = adt_narrow(t, 0, 1, 3), *w = adt_to(v, ADT_CPU);
    EXPECT(w == v && adt_device_of(v) == ADT_CPU);
    adt_free(w);
    adt_free(v);
    adt_free(t);
}

static adt_tensor *moved;

static void test_no_device(void)
{
    if (adt_cuda_device_count() > 0) {
        printf("test_device: a CUDA device is present: the no-device error is not checked here\n");
        return;
    }
    adt_tensor *t = adt_ones(ADT_F32, 2, (int64_t[]){2, 3});
    EXPECT_ERROR(moved = adt_to(t, ADT_CUDA), "adt: adt_to: no CUDA device");
    printf("test_device: %s\n", message);
    adt_cache_stats st;
    adt_cuda_get_cache_stats(&st);
    EXPECT(st.bytes == 0 && st.blocks == 0 && st.hits == 0);
    adt_cuda_empty_cache(); /* harmless */
    adt_free(t);
}

static void test_bad_arguments(void)
{
    adt_tensor *t = adt_zeros(ADT_F64, 1, (int64_t[]){4});
    EXPECT_ERROR(moved = adt_to(NULL, ADT_CPU), "adt: adt_to: argument t is NULL");
    EXPECT_ERROR(moved = adt_to(t, (adt_device)7), "adt: adt_to: invalid device 7");
    EXPECT_ERROR(adt_cuda_get_cache_stats(NULL), "adt: adt_cuda_get_cache_stats: out is NULL");
    adt_free(t);
}

int main(void)
{
    adt_set_error_handler(record, NULL);
    test_cpu_identity();
    test_no_device();
    test_bad_arguments();
    if (failures) {
        fprintf(stderr, "test_device: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_device: ok (%d CUDA device(s))\n", adt_cuda_device_count());
    return 0;
}
