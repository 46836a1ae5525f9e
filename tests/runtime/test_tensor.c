/* test_tensor.c: unit test of adt's tensors: creation, reference counts,
 * element access, in-place fill/zero/copy, accumulate, axpy, clone,
 * to_dtype, random numbers, dropout masks and the allocator hook. */
#include "adt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

/* t's elements in row-major order equal want[0..n-1] exactly. */
static int values_are(const adt_tensor *t, const double *want, int64_t n)
{
    int64_t idx[ADT_MAX_DIMS] = {0};
    if (adt_numel(t) != n)
        return 0;
    for (int64_t k = 0; k < n; k++) {
        int64_t r = k;
        for (int d = t->ndim - 1; d >= 0; d--) {
            idx[d] = r % t->shape[d];
            r /= t->shape[d];
        }
        if (adt_get(t, idx) != want[k])
            return 0;
    }
    return 1;
}

static void test_creation(void)
{
    adt_tensor *z = adt_zeros(ADT_F64, 2, (int64_t[]){2, 3});
    EXPECT(z->ndim == 2 && z->shape[0] == 2 && z->shape[1] == 3);
    EXPECT(z->stride[0] == 3 && z->stride[1] == 1 && z->offset == 0);
    EXPECT(adt_numel(z) == 6 && adt_size(z, -1) == 3 && adt_size(z, 0) == 2);
    EXPECT(values_are(z, (double[]){0, 0, 0, 0, 0, 0}, 6));
    EXPECT(adt_is_contiguous(z) && z->refcount == 1 && z->storage->refcount == 1);

    adt_tensor *o = adt_ones(ADT_F32, 1, (int64_t[]){4});
    EXPECT(o->dtype == ADT_F32 && values_are(o, (double[]){1, 1, 1, 1}, 4));
    adt_tensor *f = adt_full(ADT_F32, 2, (int64_t[]){1, 2}, 2.5);
    EXPECT(values_are(f, (double[]){2.5, 2.5}, 2));
    adt_tensor *a = adt_arange(ADT_F64, 1, 2, 0.25);
    EXPECT(values_are(a, (double[]){1, 1.25, 1.5, 1.75}, 4));
    adt_tensor *down = adt_arange(ADT_F32, 3, 0, -1);
    EXPECT(values_are(down, (double[]){3, 2, 1}, 3));
    adt_tensor *none = adt_arange(ADT_F64, 1, 1, 1);
    EXPECT(adt_numel(none) == 0);

    adt_tensor *like = adt_zeros_like(f);
    EXPECT(like->dtype == ADT_F32 && adt_same_shape(like, f) && !adt_same_shape(like, o));
    EXPECT(values_are(like, (double[]){0, 0}, 2));
    adt_tensor *el = adt_empty_like(z);
    EXPECT(adt_same_shape(el, z) && el->storage != z->storage);

    adt_tensor *s = adt_full(ADT_F64, 0, NULL, 7);
    EXPECT(s->ndim == 0 && adt_numel(s) == 1 && adt_item(s) == 7);
    adt_tensor *e = adt_zeros(ADT_F64, 2, (int64_t[]){0, 5});
    EXPECT(adt_numel(e) == 0 && adt_is_contiguous(e));

    adt_free(z), adt_free(o), adt_free(f), adt_free(a), adt_free(down), adt_free(none);
    adt_free(like), adt_free(el), adt_free(s), adt_free(e);
    adt_free(NULL);
}

static void test_buffers(void)
{
    double src[6] = {1, 2, 3, 4, 5, 6};
    adt_tensor *t = adt_from_buffer(ADT_F64, 2, (int64_t[]){3, 2}, src);
    src[0] = 100; /* a copy: unaffected */
    EXPECT(values_are(t, (double[]){1, 2, 3, 4, 5, 6}, 6));
    EXPECT(adt_get(t, (int64_t[]){2, 1}) == 6 && adt_f64(t)[3] == 4);

    float buf[4] = {1, 2, 3, 4};
    adt_tensor *w = adt_wrap(ADT_F32, 2, (int64_t[]){2, 2}, buf);
    EXPECT(w->storage->owns_data == 0 && adt_f32(w) == buf);
    adt_set(w, (int64_t[]){1, 0}, 9);
    EXPECT(buf[2] == 9); /* no copy: writes reach the caller's buffer */
    buf[3] = -1;
    EXPECT(adt_get(w, (int64_t[]){1, 1}) == -1);
    adt_free(w); /* must not free buf (valgrind would see it) */
    EXPECT(buf[0] == 1);
    adt_free(t);
}

static void test_refcounts(void)
{
    adt_tensor *t = adt_arange(ADT_F64, 0, 6, 1);
    EXPECT(adt_retain(t) == t && t->refcount == 2);
    adt_free(t);
    EXPECT(t->refcount == 1);
    adt_tensor *v = adt_narrow(t, 0, 2, 3);
    EXPECT(v->storage == t->storage && t->storage->refcount == 2 && v->refcount == 1);
    adt_free(t); /* the view keeps the storage alive */
    EXPECT(v->storage->refcount == 1);
    EXPECT(values_are(v, (double[]){2, 3, 4}, 3));
    adt_tensor *c = adt_contiguous(v); /* contiguous already: the same tensor */
    EXPECT(c == v && v->refcount == 2);
    adt_free(c);
    adt_free(v);
}

static void test_copy_fill(void)
{
    adt_tensor *base = adt_arange(ADT_F64, 0, 12, 1);
    adt_tensor *m = adt_view(base, 2, (int64_t[]){3, 4});
    adt_tensor *mt = adt_transpose(m, 0, 1); /* [4, 3], not contiguous */
    EXPECT(!adt_is_contiguous(mt));

    adt_tensor *c = adt_clone(mt);
    EXPECT(adt_is_contiguous(c) && c->storage != base->storage);
    EXPECT(values_are(c, (double[]){0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, 12));

    adt_tensor *f = adt_to_dtype(mt, ADT_F32);
    EXPECT(f->dtype == ADT_F32 && adt_is_contiguous(f));
    EXPECT(values_are(f, (double[]){0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, 12));
    adt_tensor *back = adt_to_dtype(f, ADT_F64);
    EXPECT(values_are(back, (double[]){0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, 12));

    adt_tensor *col = adt_select(m, 1, 2); /* column 2: elements 2, 6, 10 */
    adt_fill_(col, -1);
    EXPECT(values_are(m, (double[]){0, 1, -1, 3, 4, 5, -1, 7, 8, 9, -1, 11}, 12));
    adt_zero_(col);
    EXPECT(values_are(col, (double[]){0, 0, 0}, 3) && adt_get(m, (int64_t[]){1, 1}) == 5);

    /* copy into a transposed destination from an f32 source */
    adt_tensor *src = adt_arange(ADT_F32, 0, 12, 1);
    adt_tensor *src2 = adt_view(src, 2, (int64_t[]){4, 3});
    adt_copy_(mt, src2);
    EXPECT(values_are(m, (double[]){0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}, 12));
    adt_zero_(m);
    EXPECT(values_are(base, (double[]){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 12));

    adt_free(base), adt_free(m), adt_free(mt), adt_free(c), adt_free(f), adt_free(back);
    adt_free(col), adt_free(src), adt_free(src2);
}

static void test_accumulate(void)
{
    adt_tensor *src = adt_from_buffer(ADT_F64, 2, (int64_t[]){2, 3}, (double[]){1, 2, 3, 4, 5, 6});

    adt_tensor *same = adt_ones(ADT_F64, 2, (int64_t[]){2, 3});
    adt_accumulate(same, src);
    EXPECT(values_are(same, (double[]){2, 3, 4, 5, 6, 7}, 6));

    adt_tensor *row = adt_zeros(ADT_F64, 1, (int64_t[]){3}); /* leading dimension summed */
    adt_accumulate(row, src);
    EXPECT(values_are(row, (double[]){5, 7, 9}, 3));
    adt_tensor *col = adt_full(ADT_F64, 2, (int64_t[]){2, 1}, 1); /* size-1 dimension summed */
    adt_accumulate(col, src);
    EXPECT(values_are(col, (double[]){7, 16}, 2));
    adt_tensor *all = adt_zeros(ADT_F64, 0, NULL);
    adt_accumulate(all, src);
    EXPECT(adt_item(all) == 21);
    adt_tensor *one = adt_zeros(ADT_F64, 2, (int64_t[]){1, 1});
    adt_accumulate(one, src);
    EXPECT(adt_item(one) == 21);

    /* a transposed source into a narrowed destination */
    adt_tensor *srct = adt_transpose(src, 0, 1); /* [3, 2]: 1 4 / 2 5 / 3 6 */
    adt_tensor *big = adt_zeros(ADT_F64, 2, (int64_t[]){3, 4});
    adt_tensor *dst = adt_narrow(big, 1, 1, 1); /* [3, 1], stride 4 */
    adt_accumulate(dst, srct);
    EXPECT(values_are(big, (double[]){0, 5, 0, 0, 0, 7, 0, 0, 0, 9, 0, 0}, 12));

    adt_tensor *y = adt_ones(ADT_F32, 1, (int64_t[]){3});
    adt_tensor *x = adt_arange(ADT_F32, 0, 3, 1);
    adt_axpy_(y, -2, x);
    EXPECT(values_are(y, (double[]){1, -1, -3}, 3));
    adt_tensor *y32 = adt_zeros(ADT_F32, 1, (int64_t[]){3});
    adt_tensor *src32 = adt_to_dtype(src, ADT_F32);
    adt_accumulate(y32, src32);
    EXPECT(values_are(y32, (double[]){5, 7, 9}, 3));

    adt_free(src), adt_free(same), adt_free(row), adt_free(col), adt_free(all), adt_free(one);
    adt_free(srct), adt_free(big), adt_free(dst), adt_free(y), adt_free(x), adt_free(y32), adt_free(src32);
}

/* xoshiro256** through splitmix64: known answers (computed independently),
 * ranges and moments of the distributions, and dropout masks. */
static void test_random(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 0);
    EXPECT(adt_rng_next(&rng) == UINT64_C(0x99ec5f36cb75f2b4));
    EXPECT(adt_rng_next(&rng) == UINT64_C(0xbf6e1f784956452a));
    EXPECT(adt_rng_next(&rng) == UINT64_C(0x1a5f849d4933e6e0));
    adt_rng fresh;
    adt_rng_seed(&fresh, 0);
    EXPECT(adt_rng_next(adt_default_rng()) == adt_rng_next(&fresh)); /* seeded with 0 at start */

    int64_t n = 100000;
    adt_rng_seed(&rng, 42);
    adt_tensor *u = adt_rand(&rng, ADT_F32, 1, &n), *z = adt_randn(&rng, ADT_F64, 2, (int64_t[]){n / 10, 10});
    double lo = 1, hi = 0, mean = 0, var = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = adt_f32(u)[i];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        mean += adt_f64(z)[i] / (double)n;
    }
    for (int64_t i = 0; i < n; i++)
        var += (adt_f64(z)[i] - mean) * (adt_f64(z)[i] - mean) / (double)n;
    /* 5 standard errors: sd(mean) = 1/sqrt(n) = 0.0032, sd(var) = sqrt(2/n) = 0.0045 */
    EXPECT(lo >= 0 && hi < 1 && lo < 1e-3 && hi > 0.999);
    EXPECT(fabs(mean) < 0.016 && fabs(var - 1) < 0.023);
    EXPECT(fabs(adt_mean_all(u) - 0.5) < 0.005); /* sd 0.29/sqrt(n) = 0.0009 */

    adt_tensor *m = adt_dropout_mask(&rng, z, 0.25);
    int64_t kept = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = adt_f64(m)[i];
        EXPECT(v == 0 || fabs(v - 1 / 0.75) < 1e-15);
        kept += v != 0;
    }
    EXPECT(adt_same_shape(m, z) && labs((long)(kept - 75000)) < 700); /* sd 137 */
    adt_tensor *none = adt_dropout_mask(NULL, z, 1), *all = adt_dropout_mask(NULL, z, 0);
    EXPECT(adt_sum_all(none) == 0 && adt_sum_all(all) == (double)n);
    adt_tensor *d = adt_zeros_like(z);
    adt_dropout_mask_pb(&rng, z, d, 0.25, NULL, m); /* adds nothing */
    EXPECT(adt_sum_all(d) == 0);
    adt_free(u), adt_free(z), adt_free(m), adt_free(none), adt_free(all), adt_free(d);
}

/* A counting allocator: every allocation is released by the end. */
static long live_blocks, total_blocks;

static void *count_alloc(size_t n, void *ctx)
{
    (void)ctx;
    live_blocks++, total_blocks++;
    return malloc(n);
}

static void *count_alloc_zeroed(size_t n, void *ctx)
{
    (void)ctx;
    live_blocks++, total_blocks++;
    return calloc(1, n);
}

static void count_release(void *p, void *ctx)
{
    (void)ctx;
    live_blocks--;
    free(p);
}

static void test_allocator(void)
{
    adt_allocator counting = {count_alloc, count_alloc_zeroed, count_release, NULL};
    adt_set_allocator(&counting);
    adt_tensor *t = adt_zeros(ADT_F64, 2, (int64_t[]){5, 5});
    adt_tensor *v = adt_transpose(t, 0, 1);
    adt_tensor *c = adt_clone(v);
    EXPECT(live_blocks == 5 && total_blocks == 5); /* 3 headers, 2 storages */
    adt_free(t), adt_free(v), adt_free(c);
    EXPECT(live_blocks == 0);
    adt_set_allocator(NULL);
    adt_tensor *u = adt_ones(ADT_F64, 1, (int64_t[]){2});
    EXPECT(total_blocks == 5);
    adt_free(u);
}

int main(void)
{
    test_creation();
    test_buffers();
    test_refcounts();
    test_copy_fill();
    test_accumulate();
    test_random();
    test_allocator();
    if (failures)
        fprintf(stderr, "test_tensor: %d failures\n", failures);
    else
        printf("test_tensor: ok\n");
    return failures != 0;
}
