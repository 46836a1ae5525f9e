/* test_cache.c: unit test of the runtime's buffer cache (adt_cache.c): reuse
 * by size class, zeroed reuse, small blocks left to malloc, the byte limit
 * and its eviction order, emptying, the bypass for adt_set_allocator
 * allocators, the out-of-memory retry, concurrent use from threads, and
 * fork.
 * Not a timing test. */
#define _POSIX_C_SOURCE 200809L
#include "adt.h"
#include "fdcheck.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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

static adt_cache_stats stats(void)
{
    adt_cache_stats s;
    adt_get_cache_stats(&s);
    return s;
}

/* A contiguous f64 vector of n elements (its block: a 64-byte storage
 * header and 8n bytes). */
static adt_tensor *vec(int64_t n)
{
    return adt_empty(ADT_F64, 1, &n);
}

static void test_reuse(void)
{
    adt_empty_cache();
    adt_cache_stats s0 = stats();
    EXPECT(s0.bytes == 0 && s0.blocks == 0 && s0.limit == ADT_CACHE_DEFAULT_LIMIT);
    adt_tensor *t = vec(1000); /* 8064 bytes: the 8 KiB class */
    adt_storage *block = t->storage;
    adt_free(t);
    adt_cache_stats s1 = stats();
    EXPECT(s1.blocks == 1 && s1.bytes >= 8192);
    EXPECT(s1.misses == s0.misses + 1 && s1.hits == s0.hits);
    adt_tensor *u = vec(950); /* 7664 bytes: the same class */
    adt_cache_stats s2 = stats();
    EXPECT(u->storage == block);
    EXPECT(s2.blocks == 0 && s2.bytes == 0 && s2.hits == s1.hits + 1);
    adt_free(u);
    adt_tensor *w = vec(2000); /* 16064 bytes: the 16 KiB class, a miss */
    adt_cache_stats s3 = stats();
    EXPECT(w->storage != block && s3.blocks == 1 && s3.misses == s2.misses + 1);
    adt_free(w);
    EXPECT(stats().blocks == 2);
    adt_empty_cache();
}

static void test_small_blocks(void)
{
    adt_empty_cache();
    adt_cache_stats s0 = stats();
    adt_tensor *t = vec(10);
    adt_tensor *v = adt_narrow(t, 0, 2, 3); /* one more tensor header */
    adt_free(t), adt_free(v);
    adt_cache_stats s1 = stats();
    EXPECT(s1.blocks == 0 && s1.hits == s0.hits && s1.misses == s0.misses);
}

static void test_zeroed(void)
{
    adt_empty_cache();
    adt_tensor *t = adt_full(ADT_F64, 1, (int64_t[]){1000}, 7.0);
    adt_storage *block = t->storage;
    adt_free(t);
    uint64_t hits = stats().hits;
    adt_tensor *z = adt_zeros(ADT_F64, 2, (int64_t[]){10, 100});
    EXPECT(z->storage == block && stats().hits == hits + 1);
    int nonzero = 0;
    for (int64_t k = 0; k < 1000; k++)
        nonzero += adt_f64(z)[k] != 0;
    EXPECT(nonzero == 0);
    adt_tensor *like = adt_ones(ADT_F64, 1, (int64_t[]){1000});
    adt_free(z);
    adt_tensor *zl = adt_zeros_like(like);
    EXPECT(adt_sum_all(zl) == 0 && stats().hits == hits + 2);
    adt_free(like), adt_free(zl);
    adt_empty_cache();
}

static void test_views_keep_storage(void)
{
    adt_empty_cache();
    adt_tensor *base = vec(1000);
    adt_tensor *view = adt_narrow(base, 0, 10, 500);
    adt_free(base);
    EXPECT(stats().blocks == 0); /* the view still holds the storage */
    adt_free(view);
    EXPECT(stats().blocks == 1);
    adt_empty_cache();
}

static void test_limit(void)
{
    adt_empty_cache();
    /* Three blocks of the 8 KiB class fit in 3 x 8 KiB plus slack, not in 20000 bytes. */
    EXPECT(adt_set_cache_limit(20000) == ADT_CACHE_DEFAULT_LIMIT);
    adt_tensor *a = vec(1000), *b = vec(1000), *c = vec(1000);
    adt_storage *sb = b->storage, *sc = c->storage;
    adt_free(a), adt_free(b), adt_free(c);
    adt_cache_stats s = stats();
    EXPECT(s.blocks == 2 && s.bytes <= 20000 && s.limit == 20000);
    /* a, the oldest, was evicted; the newest comes back first */
    uint64_t hits = s.hits;
    adt_tensor *x = vec(1000), *y = vec(1000);
    EXPECT(x->storage == sc && y->storage == sb && stats().hits == hits + 2);
    adt_free(x);
    /* a block larger than the limit is freed, the held ones stay */
    adt_tensor *big = vec(4000);
    adt_free(big);
    EXPECT(stats().blocks == 1);
    /* lowering the limit evicts; 0 turns the cache off */
    EXPECT(adt_set_cache_limit(0) == 20000);
    EXPECT(stats().blocks == 0 && stats().bytes == 0);
    adt_free(y);
    EXPECT(stats().blocks == 0);
    adt_tensor *z = vec(1000);
    EXPECT(stats().hits == hits + 2);
    adt_free(z);
    adt_set_cache_limit(ADT_CACHE_DEFAULT_LIMIT);
    EXPECT(stats().limit == ADT_CACHE_DEFAULT_LIMIT);
}

static void test_empty_cache(void)
{
    adt_tensor *t[6];
    for (int i = 0; i < 6; i++)
        t[i] = vec(1000 * (i + 1));
    for (int i = 0; i < 6; i++)
        adt_free(t[i]);
    EXPECT(stats().blocks == 6);
    adt_empty_cache();
    EXPECT(stats().blocks == 0 && stats().bytes == 0);
}

/* A counting allocator: with it installed, the cache must be bypassed. */
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

static void test_user_allocator(void)
{
    adt_free(vec(1000));
    EXPECT(stats().blocks == 1);
    adt_allocator counting = {count_alloc, count_alloc_zeroed, count_release, NULL};
    adt_set_allocator(&counting);
    EXPECT(stats().blocks == 0); /* installing it emptied the cache */
    adt_cache_stats s0 = stats();
    for (int i = 0; i < 5; i++) {
        adt_tensor *t = i % 2 ? adt_zeros(ADT_F64, 1, (int64_t[]){1000}) : vec(1000);
        EXPECT(live_blocks == 2); /* header and storage */
        adt_free(t);
        EXPECT(live_blocks == 0); /* every release seen at once */
    }
    adt_cache_stats s1 = stats();
    EXPECT(total_blocks == 10);
    EXPECT(s1.blocks == 0 && s1.hits == s0.hits && s1.misses == s0.misses);
    adt_set_allocator(NULL);
    adt_free(vec(1000));
    EXPECT(total_blocks == 10 && stats().blocks == 1);
    adt_empty_cache();
}

/* A failing allocation empties the cache before it gives up. */
static void test_out_of_memory(void)
{
    adt_free(vec(1000));
    adt_free(vec(3000));
    EXPECT(stats().blocks == 2);
    /* 200 TiB: a cached size class, more than any address space */
    int64_t n = INT64_C(25) << 40;
    char want[128];
    snprintf(want, sizeof want, "adt: adt_empty: out of memory allocating %lld bytes", (long long)(n * 8));
    FD_EXPECT_ERROR(failures, vec(n), want);
    EXPECT(stats().blocks == 0 && stats().bytes == 0);
    /* the cache still works afterwards */
    adt_free(vec(1000));
    EXPECT(stats().blocks == 1);
    adt_empty_cache();
}

/* ---- threads: each allocates, fills, checks and frees its own tensors ---- */

#define NTHREADS 4
#define ROUNDS 400

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg, *bad = malloc(sizeof *bad);
    static const int64_t sizes[] = {10, 600, 1000, 2500, 7000, 20000};
    adt_tensor *held[4] = {0};
    *bad = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int slot = r % 4;
        if (held[slot]) {
            int64_t n = adt_numel(held[slot]);
            *bad += adt_sum_all(held[slot]) != (double)(n * (id + slot));
            adt_free(held[slot]);
        }
        int64_t n = sizes[(r * 7 + id) % 6];
        held[slot] = (r + id) % 3 ? adt_full(ADT_F64, 1, &n, id + slot) : adt_zeros(ADT_F64, 1, &n);
        if (!((r + id) % 3))
            adt_fill_(held[slot], id + slot);
    }
    for (int slot = 0; slot < 4; slot++)
        adt_free(held[slot]);
    if (id == 0)
        adt_set_cache_limit(64 * 1024); /* while the others run */
    return bad;
}

static void test_threads(void)
{
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        EXPECT(pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i) == 0);
    for (int i = 0; i < NTHREADS; i++) {
        void *bad = NULL;
        pthread_join(th[i], &bad);
        EXPECT(bad && *(int *)bad == 0);
        free(bad);
    }
    adt_cache_stats s = stats();
    EXPECT(s.limit == 64 * 1024 && s.bytes <= s.limit);
    adt_set_cache_limit(ADT_CACHE_DEFAULT_LIMIT);
}

/* A child of fork uses the cache it inherited and exits through the atexit
 * hook that empties it. */
static void test_fork(void)
{
    adt_empty_cache();
    adt_free(vec(1000));
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        adt_tensor *t = vec(1000);
        int ok = stats().hits > 0 && stats().blocks == 0;
        adt_free(t);
        exit(ok && stats().blocks == 1 ? 0 : 1);
    }
    int status = 1;
    EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT(stats().blocks == 1); /* the parent's cache is its own */
}

int main(void)
{
    test_reuse();
    test_small_blocks();
    test_zeroed();
    test_views_keep_storage();
    test_limit();
    test_empty_cache();
    test_user_allocator();
    test_out_of_memory();
    test_threads();
    test_fork();
    /* what the cache holds now is freed at exit (valgrind, LSan: no leak) */
    adt_free(vec(1000));
    if (failures)
        fprintf(stderr, "test_cache: %d failures\n", failures);
    else
        printf("test_cache: ok\n");
    return failures != 0;
}
