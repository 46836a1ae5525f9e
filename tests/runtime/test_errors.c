/* test_errors.c: every kind of bad input reaches adt_error with a TH-style
 * message; a handler records it and longjmps back (one that returns makes
 * adt abort). Under valgrind it also shows that no failing call leaks. */
#define _POSIX_C_SOURCE 200809L
#include "adt.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

/* Under ASan (ADCC_SANITIZE), let a huge malloc return NULL as libc's does. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static jmp_buf jump;
static char message[1024];

static void record(const char *msg, void *ctx)
{
    (void)ctx;
    snprintf(message, sizeof message, "%s", msg);
    longjmp(jump, 1);
}

/* stmt must fail with exactly the message want. */
#define EXPECT_ERROR(stmt, want)                                                             \
    do {                                                                                     \
        message[0] = '\0';                                                                   \
        if (setjmp(jump) == 0) {                                                             \
            stmt;                                                                            \
            fprintf(stderr, "%s:%d: no error from %s\n", __FILE__, __LINE__, #stmt);         \
            failures++;                                                                      \
        } else if (strcmp(message, (want)) != 0) {                                           \
            fprintf(stderr, "%s:%d: %s\n  gave:     %s\n  expected: %s\n", __FILE__, __LINE__, \
                    #stmt, message, (want));                                                 \
            failures++;                                                                      \
        }                                                                                    \
    } while (0)

static adt_tensor *a23, *a4, *a3, *f23, *col;
static double sink;

static void test_shapes_dtypes(void)
{
    EXPECT_ERROR(adt_add(a23, a4), "adt: adt_add: shapes [2, 3] and [4] cannot be broadcast");
    EXPECT_ERROR(adt_mul_pb(a23, a3, a3, NULL, a23), "adt: adt_mul_pb: d_a has shape [3] but a has shape [2, 3]");
    EXPECT_ERROR(adt_add_pb(a23, NULL, a3, NULL, a3),
                 "adt: adt_add_pb: d_ret has shape [3] but the result has shape [2, 3]");
    EXPECT_ERROR(adt_sub(a23, f23), "adt: adt_sub: a has dtype float64 but b has dtype float32");
    EXPECT_ERROR(adt_exp_pb(a23, f23, a23), "adt: adt_exp_pb: d_a has dtype float32 but a has dtype float64");
    EXPECT_ERROR(adt_copy_(a23, a3), "adt: adt_copy_: src has shape [3] but dst has shape [2, 3]");
    EXPECT_ERROR(adt_accumulate(a3, f23), "adt: adt_accumulate: dst has dtype float64 but src has dtype float32");
    EXPECT_ERROR(adt_accumulate(a23, a3), "adt: adt_accumulate: src of shape [3] cannot be summed into dst of "
                                          "shape [2, 3]");
    EXPECT_ERROR(adt_axpy_(a3, 2, a23), "adt: adt_axpy_: x has shape [2, 3] but y has shape [3]");
    EXPECT_ERROR(adt_sum_pb(a23, NULL, 1, 0, a23),
                 "adt: adt_sum_pb: d_ret has shape [2, 3] but the result has shape [2]");
    EXPECT_ERROR(adt_f32(a23), "adt: adt_f32: tensor has dtype float64");
    EXPECT_ERROR(sink = adt_item(a23), "adt: adt_item: tensor has 6 elements (expected 1)");
    EXPECT_ERROR(adt_add(NULL, a23), "adt: adt_add: argument a is NULL");
    EXPECT_ERROR(adt_zeros((adt_dtype)7, 1, (int64_t[]){2}),
                 "adt: adt_zeros: invalid dtype 7 (expected ADT_F32 or ADT_F64)");
    EXPECT_ERROR(adt_ones(ADT_F64, 9, (int64_t[]){1, 1, 1, 1, 1, 1, 1, 1, 1}),
                 "adt: adt_ones: 9 dimensions (expected 0 to 8)");
    EXPECT_ERROR(adt_empty(ADT_F32, 2, (int64_t[]){2, -1}), "adt: adt_empty: size -1 of dimension 1 is negative");
    EXPECT_ERROR(adt_arange(ADT_F64, 0, 5, 0), "adt: adt_arange: step must be nonzero");
    EXPECT_ERROR(adt_arange(ADT_F64, 0, 5, -1), "adt: adt_arange: stop 5 cannot be reached from start 0 with step -1");
    EXPECT_ERROR(adt_clamp(a23, 1, 0), "adt: adt_clamp: bounds lo = 1 and hi = 0 do not satisfy lo <= hi");
    EXPECT_ERROR(adt_dropout_mask(NULL, a23, 1.5), "adt: adt_dropout_mask: probability p = 1.5 is not in [0, 1]");
    double d_p = 0;
    EXPECT_ERROR(adt_dropout_mask_pb(NULL, a23, NULL, 0.5, &d_p, a23),
                 "adt: adt_dropout_mask_pb: no derivative with respect to p (pass NULL for d_p: p must be a "
                 "constant of the differentiated code)");
    EXPECT_ERROR(adt_from_buffer(ADT_F64, 1, (int64_t[]){3}, NULL), "adt: adt_from_buffer: data is NULL");
}

static void test_indices_views(void)
{
    adt_tensor *t3 = adt_zeros(ADT_F64, 2, (int64_t[]){3, 4});
    EXPECT_ERROR(adt_select(t3, 0, 5), "adt: adt_select: index 5 out of range for dimension 0 of size 3");
    EXPECT_ERROR(adt_select(t3, 1, -5), "adt: adt_select: index -5 out of range for dimension 1 of size 4");
    EXPECT_ERROR(adt_select(t3, 2, 0), "adt: adt_select: dimension 2 out of range for a tensor of 2 dimensions");
    EXPECT_ERROR(adt_select_pb(t3, t3, 0, 3, col),
                 "adt: adt_select_pb: index 3 out of range for dimension 0 of size 3");
    EXPECT_ERROR(adt_narrow(t3, 1, 2, 3),
                 "adt: adt_narrow: length 3 from start 2 out of range for dimension 1 of size 4");
    EXPECT_ERROR(adt_narrow(t3, 0, 4, 0), "adt: adt_narrow: start 4 out of range for dimension 0 of size 3");
    EXPECT_ERROR(sink = adt_get(t3, (int64_t[]){1, 4}),
                 "adt: adt_get: index 4 out of range for dimension 1 of size 4");
    EXPECT_ERROR(adt_set(t3, (int64_t[]){-1, 0}, 1), "adt: adt_set: index -1 out of range for dimension 0 of size 3");
    EXPECT_ERROR(sink = (double)adt_size(t3, -3), "adt: adt_size: dimension -3 out of range for a tensor of 2 "
                                                  "dimensions");
    EXPECT_ERROR(adt_transpose(t3, 0, 2), "adt: adt_transpose: dimension 2 out of range for a tensor of 2 "
                                          "dimensions");
    EXPECT_ERROR(adt_permute(t3, (int[]){1, -1}), "adt: adt_permute: dimension 1 appears twice in the permutation");
    EXPECT_ERROR(adt_sum(t3, 2, 0), "adt: adt_sum: dimension 2 out of range for a tensor of 2 dimensions");

    adt_tensor *tt = adt_transpose(t3, 0, 1);
    EXPECT_ERROR(adt_view(tt, 1, (int64_t[]){12}),
                 "adt: adt_view: a tensor of shape [4, 3] and strides [1, 4] cannot be viewed as [12] without a "
                 "copy (use adt_reshape)");
    EXPECT_ERROR(adt_view(t3, 2, (int64_t[]){5, -1}),
                 "adt: adt_view: shape [5, -1] is invalid for a tensor of shape [3, 4] (12 elements)");
    EXPECT_ERROR(adt_reshape(t3, 2, (int64_t[]){-1, -1}),
                 "adt: adt_reshape: invalid size -1 in shape [-1, -1]");
    EXPECT_ERROR(adt_reshape(t3, 1, (int64_t[]){13}),
                 "adt: adt_reshape: shape [13] is invalid for a tensor of shape [3, 4] (12 elements)");
    adt_tensor *e = adt_zeros(ADT_F64, 2, (int64_t[]){2, 0});
    EXPECT_ERROR(adt_max(e, 1, 0), "adt: adt_max: dimension 1 has size 0: there is no maximum");
    adt_free(t3), adt_free(tt), adt_free(e);
}

/* Writes n bytes to path. */
static void write_bytes(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
}

#define BAD_FILE "test_errors_bad.adt"

static void test_files(void)
{
    /* a valid f64 [2] file: header then 16 bytes */
    unsigned char good[12 + 8 + 16] = {'A', 'D', 'T', '1', 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
    unsigned char bad[sizeof good];

    write_bytes(BAD_FILE, "PK\3\4not a tensor", 16);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": not an adt tensor file (bad magic)");
    write_bytes(BAD_FILE, "ADT1", 4);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": truncated header (4 of 12 bytes)");
    write_bytes(BAD_FILE, good, 14);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": truncated header (0 of 1 sizes)");
    write_bytes(BAD_FILE, good, sizeof good - 3);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": truncated data (13 of 16 bytes)");
    memcpy(bad, good, sizeof good);
    bad[4] = 2;
    write_bytes(BAD_FILE, bad, sizeof bad);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": bad dtype 2 (expected 0 for f32 or 1 for f64)");
    memcpy(bad, good, sizeof good);
    bad[8] = 9;
    write_bytes(BAD_FILE, bad, sizeof bad);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": bad ndim 9 (at most 8)");
    memcpy(bad, good, sizeof good);
    bad[19] = 0x80; /* size -2^63 + 2 */
    write_bytes(BAD_FILE, bad, sizeof bad);
    EXPECT_ERROR(adt_load(BAD_FILE),
                 "adt: adt_load: " BAD_FILE ": bad size -9223372036854775806 of dimension 0");
    memcpy(bad, good, sizeof good);
    bad[18] = 0x10; /* size 2^52 + 2: far more data than the file holds */
    write_bytes(BAD_FILE, bad, sizeof bad);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": truncated data (16 of 36028797018963984 bytes)");
    unsigned char longer[sizeof good + 2] = {0};
    memcpy(longer, good, sizeof good);
    write_bytes(BAD_FILE, longer, sizeof longer);
    EXPECT_ERROR(adt_load(BAD_FILE), "adt: adt_load: " BAD_FILE ": 2 bytes of trailing data");
    write_bytes(BAD_FILE, good, sizeof good);
    adt_tensor *ok = adt_load(BAD_FILE); /* the good file loads */
    EXPECT(ok->ndim == 1 && ok->shape[0] == 2 && ok->dtype == ADT_F64 && adt_f64(ok)[1] == 0);
    adt_free(ok);
    remove(BAD_FILE);
    EXPECT_ERROR(adt_load("no/such/dir/x.adt"), "adt: adt_load: cannot open no/such/dir/x.adt: No such file or "
                                                "directory");
    EXPECT_ERROR(adt_save(a3, "no/such/dir/x.adt"), "adt: adt_save: cannot open no/such/dir/x.adt: No such file or "
                                                    "directory");
}

/* An allocator that fails once `budget` allocations have succeeded. */
static int budget;

static void *limited_alloc(size_t n, void *ctx)
{
    (void)ctx;
    return budget-- > 0 ? malloc(n) : NULL;
}

static void *limited_alloc_zeroed(size_t n, void *ctx)
{
    (void)ctx;
    return budget-- > 0 ? calloc(1, n) : NULL;
}

static void limited_release(void *p, void *ctx)
{
    (void)ctx;
    free(p);
}

static void test_memory(void)
{
    EXPECT_ERROR(adt_zeros(ADT_F64, 3, (int64_t[]){1 << 20, 1 << 20, 1 << 20}),
                 "adt: adt_zeros: out of memory allocating 9223372036854775808 bytes");
    EXPECT_ERROR(adt_empty(ADT_F64, 3, (int64_t[]){1 << 20, 1 << 20, 1 << 16}),
                 "adt: adt_empty: out of memory allocating 576460752303423488 bytes");
    EXPECT_ERROR(adt_empty(ADT_F32, 2, (int64_t[]){INT64_C(1) << 62, 4}),
                 "adt: adt_empty: shape [4611686018427387904, 4] has too many elements (size overflow)");
    EXPECT_ERROR(adt_empty(ADT_F64, 2, (int64_t[]){INT64_C(1) << 61, 2}),
                 "adt: adt_empty: size overflow: 4611686018427387904 elements of 8 bytes");
    EXPECT_ERROR(adt_reshape(a23, 2, (int64_t[]){INT64_C(1) << 62, 4}),
                 "adt: adt_reshape: shape [4611686018427387904, 4] is invalid for a tensor of shape [2, 3] "
                 "(6 elements)");

    adt_allocator limited = {limited_alloc, limited_alloc_zeroed, limited_release, NULL};
    adt_set_allocator(&limited);
    budget = 0; /* the storage fails */
    EXPECT_ERROR(adt_ones(ADT_F32, 1, (int64_t[]){100}), "adt: adt_ones: out of memory allocating 400 bytes");
    budget = 1; /* the header fails after the storage succeeded: nothing may leak */
    EXPECT_ERROR(adt_zeros(ADT_F64, 1, (int64_t[]){10}), "adt: adt_zeros: out of memory allocating 80 bytes");
    budget = 2; /* the result of an op */
    adt_tensor *x = adt_ones(ADT_F64, 1, (int64_t[]){3});
    EXPECT_ERROR(adt_exp(x), "adt: adt_exp: out of memory allocating 24 bytes");
    budget = 0; /* a view's header */
    char want[64];
    snprintf(want, sizeof want, "adt: out of memory allocating %zu bytes", sizeof(adt_tensor));
    EXPECT_ERROR(adt_narrow(x, 0, 0, 1), want);
    adt_set_allocator(NULL);
    adt_free(x);
    EXPECT_ERROR(adt_set_allocator(&(adt_allocator){limited_alloc, NULL, limited_release, NULL}),
                 "adt: adt_set_allocator: every function of the allocator must be set");
}

/* A handler that returns: adt aborts the process (checked in a child). */
static void returning_handler(const char *msg, void *ctx)
{
    (void)msg, (void)ctx;
}

static void test_returning_handler(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        adt_set_error_handler(returning_handler, NULL);
        adt_select(a3, 0, 99);
        _exit(0); /* not reached */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

int main(void)
{
    a23 = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    a4 = adt_zeros(ADT_F64, 1, (int64_t[]){4});
    a3 = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    f23 = adt_zeros(ADT_F32, 2, (int64_t[]){2, 3});
    col = adt_zeros(ADT_F64, 1, (int64_t[]){4});
    EXPECT(adt_set_error_handler(record, NULL) == NULL);
    test_shapes_dtypes();
    test_indices_views();
    test_files();
    test_memory();
    EXPECT(adt_set_error_handler(NULL, NULL) == record);
    test_returning_handler();
    adt_free(a23), adt_free(a4), adt_free(a3), adt_free(f23), adt_free(col);
    if (failures)
        fprintf(stderr, "test_errors: %d failures\n", failures);
    else
        printf("test_errors: ok\n");
    return failures != 0;
}
