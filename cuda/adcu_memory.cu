/* adcu_memory.cu: the CUDA device as the tensor runtime sees it: whether
 * there is one, its memory through a caching allocator (freed blocks kept
 * by size class and reused, as runtime/adt_cache.c does for host memory,
 * since cudaMalloc and cudaFree are slow and cudaFree synchronises), and
 * the host<->device copies. No kernels here (adcu_kernels.cu). */
#include "adt_cuda.h"

#include <cuda_runtime.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- the device ---- */

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static int n_devices;
static const char *no_device_reason = "no CUDA device was found";

static void probe(void)
{
    int n = 0;
    cudaError_t err = cudaGetDeviceCount(&n);
    if (err != cudaSuccess) {
        no_device_reason = cudaGetErrorString(err);
        (void)cudaGetLastError(); /* clear it */
        n = 0;
    }
    n_devices = n;
}

extern "C" int adcu_device_count(void)
{
    pthread_once(&probe_once, probe);
    return n_devices;
}

extern "C" const char *adcu_no_device_reason(void)
{
    pthread_once(&probe_once, probe);
    return n_devices > 0 ? "a device was found" : no_device_reason;
}

extern "C" void adcu_check(const char *what, int err)
{
    if (err != cudaSuccess)
        adt_error("%s: %s", what, cudaGetErrorString((cudaError_t)err));
}

/* ---- size classes ----
 * Four classes per power of two from 512 bytes (512, 640, 768, 896, 1024,
 * 1280, ...), so a block is at most 25% larger than its request. Every
 * request is rounded up to its class and allocated at that size, so any
 * block of a class serves any request of it. Requests of 2^MAX_LOG bytes
 * and more bypass the cache. */
#define MIN_LOG 9
#define MAX_LOG 44
#define NCLASSES (4 * (MAX_LOG - MIN_LOG))

static size_t class_size(int c)
{
    return (size_t)(4 + c % 4) << (MIN_LOG - 2 + c / 4);
}

/* The smallest class of at least n bytes, or -1 when n is too large. */
static int ceil_class(size_t n)
{
    if (n <= ((size_t)1 << MIN_LOG))
        return 0;
    int k = 63 - __builtin_clzll((unsigned long long)n); /* 2^k <= n < 2^(k+1) */
    if (k >= MAX_LOG)
        return -1;
    int c = 4 * (k - MIN_LOG) + (int)(n >> (k - 2)) - 4;
    if (class_size(c) < n)
        c++;
    return c < NCLASSES ? c : -1;
}

/* ---- the cache: one list of free blocks per class, under `lock` ---- */
typedef struct Block {
    void *ptr;
    struct Block *next;
} Block;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
static Block *classes[NCLASSES];
static size_t held_bytes, held_blocks;
static uint64_t hits, misses;

/* At exit the cache gives its blocks back; errors are ignored (the CUDA
 * runtime may already be shutting down). */
static void at_exit(void)
{
    adcu_empty_cache();
}

static void register_exit(void)
{
    atexit(at_exit);
}

/* A cached block of class c, or NULL. */
static void *take(int c)
{
    void *p = NULL;
    pthread_mutex_lock(&lock);
    Block *b = classes[c];
    if (b) {
        classes[c] = b->next;
        held_bytes -= class_size(c);
        held_blocks--;
        hits++;
        p = b->ptr;
    } else {
        misses++;
    }
    pthread_mutex_unlock(&lock);
    free(b);
    return p;
}

extern "C" void *adcu_alloc(const char *fn, size_t nbytes)
{
    pthread_once(&exit_once, register_exit);
    int c = ceil_class(nbytes);
    size_t size = c >= 0 ? class_size(c) : nbytes;
    void *p = c >= 0 ? take(c) : NULL;
    if (p)
        return p;
    cudaError_t err = cudaMalloc(&p, size);
    if (err == cudaErrorMemoryAllocation) { /* give the cache back and try once more */
        (void)cudaGetLastError();
        adcu_empty_cache();
        err = cudaMalloc(&p, size);
    }
    if (err != cudaSuccess) {
        (void)cudaGetLastError();
        adt_error("%s: out of CUDA memory allocating %zu bytes (%s)", fn, nbytes, cudaGetErrorString(err));
    }
    return p;
}

extern "C" void adcu_free(void *p, size_t nbytes)
{
    if (!p)
        return;
    int c = ceil_class(nbytes);
    Block *b = c >= 0 ? (Block *)malloc(sizeof *b) : NULL;
    if (!b) { /* uncached size, or no host memory for the bookkeeping */
        (void)cudaFree(p);
        return;
    }
    b->ptr = p;
    pthread_mutex_lock(&lock);
    b->next = classes[c];
    classes[c] = b;
    held_bytes += class_size(c);
    held_blocks++;
    pthread_mutex_unlock(&lock);
}

extern "C" void adcu_empty_cache(void)
{
    Block *all = NULL;
    pthread_mutex_lock(&lock);
    for (int c = 0; c < NCLASSES; c++) {
        while (classes[c]) {
            Block *b = classes[c];
            classes[c] = b->next;
            b->next = all;
            all = b;
        }
    }
    held_bytes = held_blocks = 0;
    pthread_mutex_unlock(&lock);
    while (all) {
        Block *b = all;
        all = b->next;
        (void)cudaFree(b->ptr);
        free(b);
    }
    (void)cudaGetLastError();
}

/* The device cache has no byte limit: it is emptied when cudaMalloc fails. */
extern "C" void adcu_get_cache_stats(adt_cache_stats *out)
{
    pthread_mutex_lock(&lock);
    out->bytes = held_bytes;
    out->blocks = held_blocks;
    out->limit = SIZE_MAX;
    out->hits = hits;
    out->misses = misses;
    pthread_mutex_unlock(&lock);
}

/* ---- copies ---- */

extern "C" int adcu_current_device(void)
{
    int d = 0;
    adcu_check("cudaGetDevice", (int)cudaGetDevice(&d));
    return d;
}

extern "C" void adcu_synchronize(void)
{
    if (adcu_device_count() > 0)
        adcu_check("adt_cuda_synchronize", (int)cudaDeviceSynchronize());
}

extern "C" void adcu_copy_to_host(void *dst, const void *src, size_t nbytes)
{
    if (nbytes)
        adcu_check("adt_to: cudaMemcpy to the host", cudaMemcpy(dst, src, nbytes, cudaMemcpyDeviceToHost));
}

extern "C" void adcu_copy_to_device(void *dst, const void *src, size_t nbytes)
{
    if (nbytes)
        adcu_check("adt_to: cudaMemcpy to the device", cudaMemcpy(dst, src, nbytes, cudaMemcpyHostToDevice));
}
