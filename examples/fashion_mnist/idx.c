/* idx.c: reads the Fashion-MNIST files (gzip-compressed IDX, as Debian's
 * dataset-fashion-mnist installs them) into tensors: images [n, 784] f32
 * scaled to [0, 1], labels [n] f32 class indices. Every problem with a file
 * (missing, wrong magic number or sizes, truncated, trailing bytes, a label
 * out of range) is a message naming the file; nothing here aborts. */
#include "fmnist.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* IDX magic numbers: two zero bytes, the element type (0x08: unsigned
 * byte) and the number of dimensions. */
#define IDX_IMAGES_MAGIC 0x00000803u
#define IDX_LABELS_MAGIC 0x00000801u

/* The largest sample count accepted: more than any MNIST-style split, and
 * small enough that n * 784 floats cannot overflow. */
#define IDX_MAX_ITEMS 10000000u

static const char *const class_names[FM_CLASSES] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};

const char *fm_class_name(int c)
{
    return c >= 0 && c < FM_CLASSES ? class_names[c] : "?";
}

/* An open IDX file: its path (for messages) and the gzip stream. */
typedef struct IdxFile {
    const char *path;
    gzFile gz;
} IdxFile;

static void idx_fail(const IdxFile *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void idx_fail(const IdxFile *f, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fashion_mnist: %s: ", f->path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int idx_open(IdxFile *f, const char *path)
{
    f->path = path;
    errno = 0;
    f->gz = gzopen(path, "rb");
    if (!f->gz) {
        idx_fail(f, "cannot open: %s (Debian: apt-get install dataset-fashion-mnist, or pass --data DIR)",
                 errno ? strerror(errno) : "out of memory");
        return -1;
    }
    gzbuffer(f->gz, 1 << 17);
    return 0;
}

static void idx_close(IdxFile *f)
{
    if (f->gz)
        gzclose(f->gz);
    f->gz = NULL;
}

/* Reads exactly n bytes; `what` names them in the message when the file
 * ends early or is not valid gzip. */
static int idx_read(IdxFile *f, void *buf, size_t n, const char *what)
{
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < (size_t)INT_MAX ? n - done : (size_t)INT_MAX;
        int got = gzread(f->gz, (char *)buf + done, (unsigned)want);
        if (got < 0) {
            int err;
            const char *msg = gzerror(f->gz, &err);
            idx_fail(f, "read error in %s: %s", what, err == Z_ERRNO ? strerror(errno) : msg);
            return -1;
        }
        if (got == 0) {
            idx_fail(f, "truncated: the file ends after %zu of the %zu bytes of %s", done, n, what);
            return -1;
        }
        done += (size_t)got;
    }
    return 0;
}

/* Reads a big-endian 32-bit header word. */
static int idx_u32(IdxFile *f, uint32_t *v, const char *what)
{
    unsigned char b[4];
    if (idx_read(f, b, 4, what))
        return -1;
    *v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
    return 0;
}

/* The data must end where the header says. */
static int idx_expect_end(IdxFile *f)
{
    char extra;
    int got = gzread(f->gz, &extra, 1);
    if (got < 0) {
        int err;
        idx_fail(f, "read error at the end of the data: %s", gzerror(f->gz, &err));
        return -1;
    }
    if (got > 0) {
        idx_fail(f, "unexpected bytes after the last item (a corrupt file, or not an IDX file of this kind)");
        return -1;
    }
    return 0;
}

/* Magic number and item count; an IDX header with any other magic is the
 * wrong file (e.g. images given where labels are expected). */
static int idx_header(IdxFile *f, uint32_t magic, uint32_t *count)
{
    uint32_t m;
    if (idx_u32(f, &m, "the magic number"))
        return -1;
    if (m != magic) {
        idx_fail(f, "bad magic number 0x%08x, expected 0x%08x (an IDX %s file of unsigned bytes)", m, magic,
                 magic == IDX_IMAGES_MAGIC ? "3-dimensional image" : "1-dimensional label");
        return -1;
    }
    if (idx_u32(f, count, "the item count"))
        return -1;
    if (*count == 0 || *count > IDX_MAX_ITEMS) {
        idx_fail(f, "implausible item count %u (expected 1 .. %u)", *count, IDX_MAX_ITEMS);
        return -1;
    }
    return 0;
}

/* images [n, 784] f32 = bytes / 255. */
static adt_tensor *read_images(const char *path, uint32_t *count)
{
    IdxFile f;
    uint32_t rows, cols;
    if (idx_open(&f, path))
        return NULL;
    adt_tensor *t = NULL;
    unsigned char *bytes = NULL;
    if (idx_header(&f, IDX_IMAGES_MAGIC, count) || idx_u32(&f, &rows, "the row count") ||
        idx_u32(&f, &cols, "the column count"))
        goto done;
    if (rows != FM_ROWS || cols != FM_COLS) {
        idx_fail(&f, "images are %ux%u, expected %dx%d", rows, cols, FM_ROWS, FM_COLS);
        goto done;
    }
    size_t n = (size_t)*count * FM_PIXELS;
    bytes = malloc(n);
    if (!bytes) {
        idx_fail(&f, "out of memory for %zu bytes of pixels", n);
        goto done;
    }
    if (idx_read(&f, bytes, n, "the pixels") || idx_expect_end(&f))
        goto done;
    t = adt_empty(ADT_F32, 2, (int64_t[]){*count, FM_PIXELS});
    float *p = adt_f32(t);
    for (size_t i = 0; i < n; i++)
        p[i] = bytes[i] * (1.0f / 255.0f);
done:
    free(bytes);
    idx_close(&f);
    return t;
}

/* labels [n] f32, each checked to be a class index. */
static adt_tensor *read_labels(const char *path, uint32_t *count)
{
    IdxFile f;
    if (idx_open(&f, path))
        return NULL;
    adt_tensor *t = NULL;
    unsigned char *bytes = NULL;
    if (idx_header(&f, IDX_LABELS_MAGIC, count))
        goto done;
    bytes = malloc(*count);
    if (!bytes) {
        idx_fail(&f, "out of memory for %u labels", *count);
        goto done;
    }
    if (idx_read(&f, bytes, *count, "the labels") || idx_expect_end(&f))
        goto done;
    for (uint32_t i = 0; i < *count; i++) {
        if (bytes[i] >= FM_CLASSES) {
            idx_fail(&f, "label %u of item %u is not a class index 0..%d", bytes[i], i, FM_CLASSES - 1);
            goto done;
        }
    }
    t = adt_empty(ADT_F32, 1, (int64_t[]){*count});
    float *p = adt_f32(t);
    for (uint32_t i = 0; i < *count; i++)
        p[i] = bytes[i];
done:
    free(bytes);
    idx_close(&f);
    return t;
}

int fm_load(const char *dir, const char *split, FmData *out)
{
    char ipath[4096], lpath[4096];
    uint32_t ni = 0, nl = 0;
    if (snprintf(ipath, sizeof ipath, "%s/%s-images-idx3-ubyte.gz", dir, split) >= (int)sizeof ipath ||
        snprintf(lpath, sizeof lpath, "%s/%s-labels-idx1-ubyte.gz", dir, split) >= (int)sizeof lpath) {
        fprintf(stderr, "fashion_mnist: data directory name too long: %s\n", dir);
        return -1;
    }
    adt_tensor *images = read_images(ipath, &ni);
    if (!images)
        return -1;
    adt_tensor *labels = read_labels(lpath, &nl);
    if (!labels) {
        adt_free(images);
        return -1;
    }
    if (ni != nl) {
        fprintf(stderr, "fashion_mnist: %s holds %u images but %s holds %u labels\n", ipath, ni, lpath, nl);
        adt_free(images);
        adt_free(labels);
        return -1;
    }
    out->images = images;
    out->labels = labels;
    return 0;
}

FmData fm_head(const FmData *d, int64_t n)
{
    FmData h;
    h.images = adt_narrow(d->images, 0, 0, n);
    h.labels = adt_narrow(d->labels, 0, 0, n);
    return h;
}

void fm_to(FmData *d, adt_device device)
{
    adt_tensor *images = adt_to(d->images, device), *labels = adt_to(d->labels, device);
    fm_free(d);
    d->images = images;
    d->labels = labels;
}

void fm_free(FmData *d)
{
    adt_free(d->images);
    adt_free(d->labels);
    d->images = d->labels = NULL;
}
