/* data.c: a small reader of the Fashion-MNIST files (gzip-compressed IDX,
 * as Debian's dataset-fashion-mnist installs them): images as bytes,
 * labels as ints. Each problem with a file is a message naming it. */
#include "quantize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define IDX_IMAGES_MAGIC 0x00000803u /* unsigned bytes, 3 dimensions */
#define IDX_LABELS_MAGIC 0x00000801u /* unsigned bytes, 1 dimension */

static int read_bytes(gzFile gz, const char *path, void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        int got = gzread(gz, (char *)buf + done, (unsigned)(n - done < (1u << 30) ? n - done : (1u << 30)));
        if (got <= 0) {
            fprintf(stderr, "quantize: %s: %s\n", path, got < 0 ? "not a valid gzip file" : "file too short");
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}

/* The header words after the magic number: dims[0] items, then the rest. */
static int read_header(gzFile gz, const char *path, uint32_t magic, uint32_t *dims, int ndim)
{
    unsigned char b[16];
    if (read_bytes(gz, path, b, 4 * (size_t)(ndim + 1)))
        return -1;
    for (int i = 0; i <= ndim; i++) {
        uint32_t v = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 |
                     b[4 * i + 3];
        if (i == 0 && v != magic) {
            fprintf(stderr, "quantize: %s: bad magic number 0x%08x (not an IDX file of this kind)\n", path,
                    v);
            return -1;
        }
        if (i > 0)
            dims[i - 1] = v;
    }
    return 0;
}

/* The first `keep` of the items of one IDX file, item_size bytes each. */
static uint8_t *read_idx(const char *path, uint32_t magic, int ndim, size_t item_size, int *keep)
{
    errno = 0;
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr,
                "quantize: cannot open %s: %s (Debian: apt-get install dataset-fashion-mnist, "
                "or pass --data DIR)\n",
                path, errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    uint32_t dims[3] = {0, 28, 28};
    uint8_t *data = NULL;
    if (read_header(gz, path, magic, dims, ndim) == 0) {
        if (ndim == 3 && dims[1] * dims[2] != PIXELS)
            fprintf(stderr, "quantize: %s: images are %ux%u, expected 28x28\n", path, dims[1], dims[2]);
        else {
            if (*keep <= 0 || (uint32_t)*keep > dims[0])
                *keep = (int)dims[0];
            data = malloc((size_t)*keep * item_size);
            if (!data)
                fprintf(stderr, "quantize: out of memory reading %s\n", path);
            else if (read_bytes(gz, path, data, (size_t)*keep * item_size))
                free(data), data = NULL;
        }
    }
    gzclose(gz);
    return data;
}

int dataset_load(Dataset *d, const char *dir, const char *split, int limit)
{
    char path[4096];
    int n_img = limit, n_lab = limit;
    memset(d, 0, sizeof *d);
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte.gz", dir, split);
    d->pixels = read_idx(path, IDX_IMAGES_MAGIC, 3, PIXELS, &n_img);
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte.gz", dir, split);
    uint8_t *lab = d->pixels ? read_idx(path, IDX_LABELS_MAGIC, 1, 1, &n_lab) : NULL;
    d->labels = lab ? malloc(sizeof(int) * (size_t)n_lab) : NULL;
    if (!d->labels || n_lab != n_img) {
        if (lab && d->labels)
            fprintf(stderr, "quantize: %s: %d labels for %d images\n", path, n_lab, n_img);
        free(lab);
        dataset_free(d);
        return -1;
    }
    for (int i = 0; i < n_lab; i++) {
        if (lab[i] >= CLASSES) {
            fprintf(stderr, "quantize: %s: label %u of item %d is not a class 0..9\n", path, lab[i], i);
            free(lab);
            dataset_free(d);
            return -1;
        }
        d->labels[i] = lab[i];
    }
    d->n = n_img;
    free(lab);
    return 0;
}

void dataset_free(Dataset *d)
{
    free(d->pixels);
    free(d->labels);
    memset(d, 0, sizeof *d);
}
