/* test_loader.c: the batch loader: every sample exactly once per epoch with
 * its own label, a short last batch, batches that are views, a new order
 * each epoch, the same orders for the same seed, no shuffle in order, a
 * non-contiguous dataset, roughly uniform shuffles, and argument errors. */
#include "fdcheck.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                                \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                                             \
        }                                                                           \
    } while (0)

#define N 10

/* x [N, 2, 2]: sample i holds i, 100 + i, 200 + i, 300 + i; labels[i] = i. */
static void make_dataset(adt_tensor **x, adt_tensor **labels)
{
    *x = adt_empty(ADT_F64, 3, (int64_t[]){N, 2, 2});
    *labels = adt_empty(ADT_F32, 1, (int64_t[]){N});
    for (int64_t i = 0; i < N; i++) {
        for (int64_t j = 0; j < 4; j++)
            fd_put(*x, i * 4 + j, (double)(i + 100 * j));
        fd_put(*labels, i, (double)i);
    }
}

/* One epoch: checks the batches (sizes, views, samples matching labels)
 * and writes the order of the samples into order[N]. */
static void run_epoch(adt_loader *ld, int64_t batch, int64_t *order)
{
    adt_tensor *xb, *lb;
    int64_t seen = 0, batches = 0;
    const adt_storage *storage = NULL;
    while (adt_loader_next(ld, &xb, &lb)) {
        int64_t len = xb->shape[0];
        EXPECT(xb->ndim == 3 && xb->shape[1] == 2 && xb->shape[2] == 2);
        EXPECT(lb->ndim == 1 && lb->shape[0] == len && lb->dtype == ADT_F32);
        EXPECT(len == (seen + batch <= N ? batch : N - seen));
        /* views of one shuffled copy: every batch shares its storage */
        if (!storage)
            storage = xb->storage;
        EXPECT(xb->storage == storage && xb->offset == seen * 4);
        for (int64_t i = 0; i < len && seen + i < N; i++) {
            int64_t s = (int64_t)adt_get(lb, (int64_t[]){i});
            order[seen + i] = s;
            EXPECT(adt_get(xb, (int64_t[]){i, 1, 1}) == (double)(s + 300));
            EXPECT(adt_get(xb, (int64_t[]){i, 0, 1}) == (double)(s + 100));
        }
        seen += len;
        batches++;
        adt_free(xb);
        adt_free(lb);
    }
    EXPECT(seen == N);
    EXPECT(batches == adt_loader_batches(ld));
}

static int is_permutation(const int64_t *order)
{
    int count[N] = {0};
    for (int i = 0; i < N; i++) {
        if (order[i] < 0 || order[i] >= N || count[order[i]]++)
            return 0;
    }
    return 1;
}

static void test_shuffled(void)
{
    adt_tensor *x, *labels;
    make_dataset(&x, &labels);
    adt_loader *ld = adt_loader_new(x, labels, 3, 1, 42);
    adt_loader *same = adt_loader_new(x, labels, 3, 1, 42);
    adt_loader *other = adt_loader_new(x, labels, 3, 1, 43);
    EXPECT(adt_loader_batches(ld) == 4);
    int64_t o1[N], o2[N], s1[N], s2[N], t1[N];
    run_epoch(ld, 3, o1);
    run_epoch(ld, 3, o2);
    run_epoch(same, 3, s1);
    run_epoch(same, 3, s2);
    run_epoch(other, 3, t1);
    EXPECT(is_permutation(o1) && is_permutation(o2) && is_permutation(t1));
    EXPECT(memcmp(o1, o2, sizeof o1) != 0);         /* a new order each epoch */
    EXPECT(memcmp(o1, s1, sizeof o1) == 0);         /* the same seed, the same orders */
    EXPECT(memcmp(o2, s2, sizeof o2) == 0);
    EXPECT(memcmp(o1, t1, sizeof o1) != 0);         /* another seed, another order */
    int64_t identity[N];
    for (int i = 0; i < N; i++)
        identity[i] = i;
    EXPECT(memcmp(o1, identity, sizeof o1) != 0);
    /* the dataset itself is untouched */
    for (int64_t i = 0; i < N; i++)
        EXPECT(fd_at(labels, i) == (double)i && fd_at(x, i * 4 + 3) == (double)(i + 300));
    adt_loader_free(ld);
    adt_loader_free(same);
    adt_loader_free(other);
    adt_free(x);
    adt_free(labels);
}

static void test_in_order(void)
{
    adt_tensor *x, *labels;
    make_dataset(&x, &labels);
    adt_loader *ld = adt_loader_new(x, labels, 4, 0, 1);
    EXPECT(adt_loader_batches(ld) == 3);
    int64_t order[N];
    for (int epoch = 0; epoch < 2; epoch++) {
        run_epoch(ld, 4, order);
        for (int i = 0; i < N; i++)
            EXPECT(order[i] == i);
    }
    /* a batch of the whole set, and a batch larger than the set */
    adt_loader *all = adt_loader_new(x, labels, 100, 0, 1);
    EXPECT(adt_loader_batches(all) == 1);
    run_epoch(all, 100, order);
    adt_loader_free(ld);
    adt_loader_free(all);
    adt_free(x);
    adt_free(labels);
}

/* The loader holds its own references: the caller may free the dataset,
 * and batches outlive the loader. x may be a non-contiguous view. */
static void test_views_and_lifetime(void)
{
    adt_tensor *x, *labels;
    make_dataset(&x, &labels);
    adt_tensor *xt = adt_transpose(x, 1, 2); /* sample i: [[i, 200 + i], [100 + i, 300 + i]] */
    adt_loader *ld = adt_loader_new(xt, labels, 4, 1, 7);
    adt_free(x);
    adt_free(xt);
    adt_free(labels);
    adt_tensor *xb, *lb;
    EXPECT(adt_loader_next(ld, &xb, &lb) == 1);
    adt_loader_free(ld);
    for (int64_t i = 0; i < 4; i++) {
        double s = adt_get(lb, (int64_t[]){i});
        EXPECT(adt_get(xb, (int64_t[]){i, 0, 1}) == s + 200);
        EXPECT(adt_get(xb, (int64_t[]){i, 1, 0}) == s + 100);
    }
    adt_free(xb);
    adt_free(lb);
}

/* Over many epochs of 4 samples, each sample comes first about 1/4 of the
 * time (1200 epochs: 300 expected, standard deviation 15). */
static void test_uniform(void)
{
    adt_tensor *x = adt_arange(ADT_F64, 0, 4, 1), *labels = adt_arange(ADT_F64, 0, 4, 1);
    adt_loader *ld = adt_loader_new(x, labels, 4, 1, 99);
    int first[4] = {0};
    for (int epoch = 0; epoch < 1200; epoch++) {
        adt_tensor *xb, *lb;
        EXPECT(adt_loader_next(ld, &xb, &lb) == 1);
        first[(int)adt_get(lb, (int64_t[]){0})]++;
        adt_free(xb);
        adt_free(lb);
        EXPECT(adt_loader_next(ld, &xb, &lb) == 0);
    }
    for (int i = 0; i < 4; i++)
        EXPECT(first[i] > 300 - 90 && first[i] < 300 + 90);
    adt_loader_free(ld);
    adt_free(x);
    adt_free(labels);
}

static void test_errors(void)
{
    adt_tensor *x = adt_zeros(ADT_F64, 2, (int64_t[]){5, 3});
    adt_tensor *l4 = adt_zeros(ADT_F64, 1, (int64_t[]){4});
    adt_tensor *l5 = adt_zeros(ADT_F64, 1, (int64_t[]){5});
    adt_tensor *s = adt_zeros(ADT_F64, 0, NULL);
    adt_loader *ld = NULL;
    FD_EXPECT_ERROR(failures, ld = adt_loader_new(x, l4, 2, 1, 0),
                    "adt: adt_loader_new: labels must have shape [5] (one per sample of x [5, 3]), got [4]");
    FD_EXPECT_ERROR(failures, ld = adt_loader_new(x, l5, 0, 1, 0), "adt_loader_new: batch must be at least 1, got 0");
    FD_EXPECT_ERROR(failures, ld = adt_loader_new(s, l5, 1, 1, 0), "adt_loader_new: x must have a sample dimension");
    FD_EXPECT_ERROR(failures, ld = adt_loader_new(NULL, l5, 1, 1, 0), "adt_loader_new");
    EXPECT(ld == NULL);
    ld = adt_loader_new(x, l5, 2, 1, 0);
    adt_tensor *xb = NULL;
    FD_EXPECT_ERROR(failures, adt_loader_next(ld, &xb, NULL), "adt_loader_next: argument labels is NULL");
    FD_EXPECT_ERROR(failures, adt_loader_next(NULL, &xb, &xb), "adt_loader_next: argument ld is NULL");
    adt_loader_free(ld);
    adt_loader_free(NULL);
    adt_free(x);
    adt_free(l4);
    adt_free(l5);
    adt_free(s);
}

int main(void)
{
    test_shuffled();
    test_in_order();
    test_views_and_lifetime();
    test_uniform();
    test_errors();
    if (failures)
        fprintf(stderr, "test_loader: %d failures\n", failures);
    else
        printf("test_loader: ok\n");
    return failures != 0;
}
