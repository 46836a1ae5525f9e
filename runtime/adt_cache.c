/* adt_cache.c: the cache of freed data buffers in front of malloc. Blocks
 * of 4 KiB and more that the runtime releases are kept by size class, up to
 * a byte limit, and handed to the next allocation of their class, so a
 * training loop stops giving its buffers back to the system and faulting
 * them in again every step. Only the default allocator goes through it
 * (adt_error.c routes an adt_set_allocator allocator around it). */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

#if defined(__linux__) || defined(__GLIBC__)
#include <malloc.h>
#define HAVE_USABLE_SIZE 1
#elif defined(__APPLE__)
#include <malloc/malloc.h>
#define HAVE_USABLE_SIZE 1
#else
#define HAVE_USABLE_SIZE 0
#endif

/* ---- size classes ----
 * Four classes per power of two from 4 KiB (4, 5, 6, 7 KiB, 8, 10, 12,
 * 14 KiB, ...), so a block is at most 25% larger than the request it
 * serves. Smaller blocks (tensor headers, small tensors) go straight to
 * free: malloc's own bins keep and reuse those without page faults.
 * Blocks of 2^MAX_LOG bytes and more are never cached. */
#define MIN_LOG 12
#define MAX_LOG 48
#define NCLASSES (4 * (MAX_LOG - MIN_LOG))

static size_t class_size(int c)
{
    return (size_t)(4 + c % 4) << (MIN_LOG - 2 + c / 4);
}

/* The largest class no larger than n, or -1 when n is outside the cached
 * range. A block of n usable bytes is kept in this class. */
static int floor_class(size_t n)
{
    if (n < ((size_t)1 << MIN_LOG))
        return -1;
    int k = 63 - __builtin_clzll((unsigned long long)n);
    if (k >= MAX_LOG)
        return -1;
    return 4 * (k - MIN_LOG) + (int)(n >> (k - 2)) - 4;
}

/* The smallest class of at least n bytes, or -1: where a request of n
 * bytes looks, since every block kept there has at least that many. */
static int ceil_class(size_t n)
{
    int c = floor_class(n);
    if (c >= 0 && class_size(c) < n)
        c++;
    return c < NCLASSES ? c : -1;
}

/* Bytes malloc really gave p (at least what was asked for), or 0 where the
 * C library cannot tell: then nothing is cached. adti_free has only the
 * pointer; asking malloc for the size keeps every block a plain malloc
 * block with no header of ours (adt_format's string is freed by its
 * caller with free). */
static size_t usable_size(void *p)
{
#if defined(__linux__) || defined(__GLIBC__)
    return malloc_usable_size(p);
#elif defined(__APPLE__)
    return malloc_size(p);
#else
    (void)p;
    return 0;
#endif
}

/* ---- the cache ----
 * A cached block holds its own bookkeeping in its first bytes: it is on the
 * list of its class (taken newest first, while it is still in the CPU's
 * caches) and on the age list of the whole cache (evicted oldest first).
 * Everything below is guarded by `lock`; the blocks leave the lock before
 * they are freed or cleared. */
typedef struct Block Block;
struct Block {
    Block *next, *prev;   /* in its class's list, newest first */
    Block *newer, *older; /* in the age list */
    size_t size;          /* usable bytes */
    int cls;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;
static Block *classes[NCLASSES];
static Block *newest, *oldest;
static size_t held_bytes, held_blocks;
static size_t limit = HAVE_USABLE_SIZE ? ADT_CACHE_DEFAULT_LIMIT : 0;
static uint64_t hits, misses;

/* ---- the lock and its hooks ----
 * At exit the cache frees what it holds and turns itself off (so valgrind
 * and LeakSanitizer see nothing left). Around fork() the forking thread
 * holds the lock, so a child never inherits it taken by a thread it does
 * not have (as glibc's malloc does for its own locks). */

static void at_exit(void)
{
    adt_set_cache_limit(0);
}

static void lock_for_fork(void)
{
    pthread_mutex_lock(&lock);
}

static void unlock_after_fork(void)
{
    pthread_mutex_unlock(&lock);
}

static void set_hooks(void)
{
    atexit(at_exit);
    pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
}

static void cache_lock(void)
{
    pthread_once(&hooks_once, set_hooks);
    pthread_mutex_lock(&lock);
}

static void cache_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

static void unlink_block(Block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        classes[b->cls] = b->next;
    if (b->next)
        b->next->prev = b->prev;
    if (b->newer)
        b->newer->older = b->older;
    else
        newest = b->older;
    if (b->older)
        b->older->newer = b->newer;
    else
        oldest = b->newer;
    held_bytes -= b->size;
    held_blocks--;
}

static void link_block(Block *b, size_t size, int cls)
{
    b->size = size;
    b->cls = cls;
    b->prev = NULL;
    b->next = classes[cls];
    if (b->next)
        b->next->prev = b;
    classes[cls] = b;
    b->newer = NULL;
    b->older = newest;
    if (newest)
        newest->newer = b;
    newest = b;
    if (!oldest)
        oldest = b;
    held_bytes += size;
    held_blocks++;
}

/* Takes the oldest blocks out until at most `keep` bytes are held; returns
 * them chained through next, for free_chain once the lock is released. */
static Block *evict(size_t keep)
{
    Block *chain = NULL;
    while (oldest && held_bytes > keep) {
        Block *b = oldest;
        unlink_block(b);
        b->next = chain;
        chain = b;
    }
    return chain;
}

static void free_chain(Block *b)
{
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
}

/* A block of class c from the cache, or NULL (a miss, counted when the
 * cache is on); *on says whether it is (a nonzero limit). */
static Block *take(int c, int *on)
{
    cache_lock();
    Block *b = classes[c];
    if (b) {
        unlink_block(b);
        hits++;
    } else if (limit > 0) {
        misses++;
    }
    *on = limit > 0;
    cache_unlock();
    return b;
}

/* malloc or calloc of n bytes; when that fails, the cache is emptied and
 * the request tried again at `fallback` bytes. */
static void *fresh(size_t n, size_t fallback, int zeroed)
{
    void *p = zeroed ? calloc(1, n) : malloc(n);
    if (!p) {
        adt_empty_cache();
        p = zeroed ? calloc(1, fallback) : malloc(fallback);
    }
    return p;
}

void *adti_cache_alloc(size_t nbytes, int zeroed)
{
    int c = ceil_class(nbytes), on;
    if (c < 0)
        return fresh(nbytes, nbytes, zeroed);
    Block *b = take(c, &on);
    if (b) {
        if (zeroed)
            memset(b, 0, nbytes);
        return b;
    }
    /* a miss: rounded up to the class, so the block can serve it again */
    return fresh(on ? class_size(c) : nbytes, nbytes, zeroed);
}

void adti_cache_release(void *p)
{
    if (!p)
        return;
    size_t size = usable_size(p);
    int c = floor_class(size);
    if (c < 0) {
        free(p);
        return;
    }
    Block *chain = NULL;
    int kept = 0;
    cache_lock();
    if (size <= limit) {
        chain = evict(limit - size);
        link_block(p, size, c);
        kept = 1;
    }
    cache_unlock();
    free_chain(chain);
    if (!kept)
        free(p);
}

/* ---- the public controls ---- */

size_t adt_set_cache_limit(size_t nbytes)
{
    cache_lock();
    size_t old = limit;
    limit = HAVE_USABLE_SIZE ? nbytes : 0;
    Block *chain = evict(limit);
    cache_unlock();
    free_chain(chain);
    return old;
}

void adt_empty_cache(void)
{
    cache_lock();
    Block *chain = evict(0);
    cache_unlock();
    free_chain(chain);
}

void adt_get_cache_stats(adt_cache_stats *out)
{
    cache_lock();
    out->bytes = held_bytes;
    out->blocks = held_blocks;
    out->limit = limit;
    out->hits = hits;
    out->misses = misses;
    cache_unlock();
}
