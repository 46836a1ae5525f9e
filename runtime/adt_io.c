/* adt_io.c: printing tensors exactly as PyTorch (1.13, default print
 * options) prints them, and the tensor file format of adt_save/adt_load.
 * The layout rules follow torch/_tensor_str.py; the code is adt's own. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* torch's default print options */
#define PRECISION 4
#define THRESHOLD 1000 /* more elements than this: summarise */
#define EDGEITEMS 3    /* elements kept at each end of a summarised dimension */
#define LINEWIDTH 80
#define PREFIX "tensor("

/* ---- a growable string ---- */

typedef struct {
    char *s;
    size_t len, cap;
} Buf;

static void buf_reserve(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = adti_try_alloc(cap, 0);
    if (!s) {
        adti_free(b->s);
        adt_error("adt_format: out of memory allocating %zu bytes", cap);
    }
    if (b->len)
        memcpy(s, b->s, b->len);
    adti_free(b->s);
    b->s = s;
    b->cap = cap;
}

static void buf_put(Buf *b, const char *s)
{
    size_t n = strlen(s);
    buf_reserve(b, n);
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static void buf_repeat(Buf *b, char c, int n)
{
    buf_reserve(b, (size_t)(n > 0 ? n : 0));
    for (int i = 0; i < n; i++)
        b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

/* ---- the formatter: one number style and width for the whole tensor ----
 * Decided from the nonzero finite values shown: integers print as "3.",
 * others with 4 decimals, and both switch to 4-digit scientific notation
 * when the magnitudes span more than 1000x, exceed 1e8 or (non-integers)
 * go below 1e-4. */
typedef struct {
    int int_mode, sci_mode, width;
    int seen;            /* any nonzero finite value */
    double min, max;     /* of their magnitudes */
    int summarize;
} Fmt;

/* The element at off as a double (an f32 value converts exactly). */
static double element(const adt_tensor *t, int64_t off)
{
    return adti_read(t, off);
}

/* Calls visit(fmt, value) for every element that will be shown. */
static void for_shown(Fmt *f, const adt_tensor *t, int dim, int64_t off, void (*visit)(Fmt *, double))
{
    if (dim == t->ndim) {
        visit(f, element(t, off));
        return;
    }
    int64_t n = t->shape[dim];
    int cut = f->summarize && n > 2 * EDGEITEMS;
    for (int64_t i = 0; i < n; i++) {
        if (cut && i == EDGEITEMS)
            i = n - EDGEITEMS;
        for_shown(f, t, dim + 1, off + i * t->stride[dim], visit);
    }
}

static void scan_value(Fmt *f, double v)
{
    if (!isfinite(v) || v == 0)
        return;
    double a = fabs(v);
    if (!f->seen || a < f->min)
        f->min = a;
    if (!f->seen || a > f->max)
        f->max = a;
    f->seen = 1;
    if (v != ceil(v))
        f->int_mode = 0;
}

/* The number alone, unpadded, into out (64 bytes). */
static void format_number(const Fmt *f, double v, char *out)
{
    if (isnan(v))
        snprintf(out, 64, "nan"); /* never "-nan" */
    else if (f->sci_mode)
        snprintf(out, 64, "%.*e", PRECISION, v);
    else if (f->int_mode)
        snprintf(out, 64, isfinite(v) ? "%.0f." : "%.0f", v);
    else
        snprintf(out, 64, "%.*f", PRECISION, v);
}

static void width_value(Fmt *f, double v)
{
    char s[64];
    if (!isfinite(v) || v == 0)
        return;
    format_number(f, v, s);
    int n = (int)strlen(s);
    if (n > f->width)
        f->width = n;
}

static void fmt_init(Fmt *f, const adt_tensor *t)
{
    memset(f, 0, sizeof *f);
    f->int_mode = 1;
    f->width = 1;
    f->summarize = adti_numel(t->ndim, t->shape) > THRESHOLD;
    for_shown(f, t, 0, 0, scan_value);
    if (!f->seen)
        return;
    double ratio = f->max / f->min;
    if (f->int_mode)
        f->sci_mode = ratio > 1000.0 || f->max > 1.0e8;
    else
        f->sci_mode = ratio > 1000.0 || f->max > 1.0e8 || f->min < 1.0e-4;
    for_shown(f, t, 0, 0, width_value);
}

/* The number right-aligned to the formatter's width. */
static void put_number(Buf *b, const Fmt *f, double v)
{
    char s[64];
    format_number(f, v, s);
    buf_repeat(b, ' ', f->width - (int)strlen(s));
    buf_put(b, s);
}

/* ---- layout ---- */

/* A 1-d slice: elements ", "-separated, wrapped to the line width. */
static void put_vector(Buf *b, const Fmt *f, const adt_tensor *t, int64_t off, int indent)
{
    int dim = t->ndim - 1;
    int64_t n = t->shape[dim];
    int per_line = (LINEWIDTH - indent) / (f->width + 2);
    int cut = f->summarize && n > 2 * EDGEITEMS;
    int64_t shown = cut ? 2 * EDGEITEMS + 1 : n; /* " ..." counts as one */
    if (per_line < 1)
        per_line = 1;
    buf_put(b, "[");
    for (int64_t k = 0; k < shown; k++) {
        if (k > 0 && k % per_line == 0) {
            buf_put(b, ",\n");
            buf_repeat(b, ' ', indent + 1);
        } else if (k > 0) {
            buf_put(b, ", ");
        }
        if (cut && k == EDGEITEMS) {
            buf_put(b, " ...");
            continue;
        }
        int64_t i = cut && k > EDGEITEMS ? n - (shown - k) : k;
        put_number(b, f, element(t, off + i * t->stride[dim]));
    }
    buf_put(b, "]");
}

/* Dimensions dim.. of t from off; slices separated by ",", one newline per
 * remaining dimension, and indentation. */
static void put_slices(Buf *b, const Fmt *f, const adt_tensor *t, int dim, int64_t off, int indent)
{
    if (dim == t->ndim - 1) {
        put_vector(b, f, t, off, indent);
        return;
    }
    int64_t n = t->shape[dim];
    int cut = f->summarize && n > 2 * EDGEITEMS;
    buf_put(b, "[");
    for (int64_t i = 0; i < n; i++) {
        if (i > 0) {
            buf_put(b, ",");
            buf_repeat(b, '\n', t->ndim - dim - 1);
            buf_repeat(b, ' ', indent + 1);
        }
        if (cut && i == EDGEITEMS) {
            buf_put(b, "...,");
            buf_repeat(b, '\n', t->ndim - dim - 1);
            buf_repeat(b, ' ', indent + 1);
            i = n - EDGEITEMS;
        }
        put_slices(b, f, t, dim + 1, off + i * t->stride[dim], indent + 1);
    }
    buf_put(b, "]");
}

/* ", suffix" or, past the line width, ",\n" and the prefix's indent. */
static void put_suffix(Buf *b, const char *suffix, int *line_len)
{
    int n = (int)strlen(suffix);
    if (*line_len + n + 2 > LINEWIDTH) {
        buf_put(b, ",\n");
        buf_repeat(b, ' ', (int)strlen(PREFIX));
        *line_len = (int)strlen(PREFIX) + n;
    } else {
        buf_put(b, ", ");
        *line_len += n + 2;
    }
    buf_put(b, suffix);
}

/* The length torch measures for the last line (one more than its characters). */
static int last_line_len(const Buf *b)
{
    const char *nl = strrchr(b->s, '\n');
    return nl ? (int)(b->len - (size_t)(nl - b->s)) + 1 : (int)b->len + 2;
}

/* "size=(0, 3)" as Python prints a tuple. */
static void size_suffix(const adt_tensor *t, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "size=(");
    for (int d = 0; d < t->ndim; d++)
        len += (size_t)snprintf(out + len, cap - len, "%s%lld", d ? ", " : "", (long long)t->shape[d]);
    snprintf(out + len, cap - len, t->ndim == 1 ? ",)" : ")");
}

/* t (on the host) as torch prints it; device, when not NULL, is the
 * "device='cuda:0'" suffix of a tensor that lives on a device. */
static char *format_host(const adt_tensor *t, const char *device)
{
    Buf b = {0};
    Fmt f;
    int empty;
    adti_check_tensor("adt_format", "t", t);
    empty = adti_numel(t->ndim, t->shape) == 0;
    buf_put(&b, PREFIX);
    if (empty) {
        buf_put(&b, "[]");
    } else {
        fmt_init(&f, t);
        if (t->ndim == 0)
            put_number(&b, &f, element(t, 0));
        else
            put_slices(&b, &f, t, 0, 0, (int)strlen(PREFIX));
    }
    int line_len = last_line_len(&b);
    if (device)
        put_suffix(&b, device, &line_len);
    if (empty && t->ndim != 1) {
        char size[ADTI_SHAPE_STR + 16];
        size_suffix(t, size, sizeof size);
        put_suffix(&b, size, &line_len);
    }
    if (t->dtype != ADT_F32) /* float32 is torch's default dtype */
        put_suffix(&b, "dtype=torch.float64", &line_len);
    buf_put(&b, ")");
    return b.s;
}

/* A tensor on the CUDA device is copied to the host and printed with
 * torch's device suffix. */
char *adt_format(const adt_tensor *t)
{
    adti_check_meta("adt_format", "t", t);
    if (adt_device_of(t) == ADT_CPU)
        return format_host(t, NULL);
    char device[32];
    snprintf(device, sizeof device, "device='cuda:%d'", adti_cuda_current_device());
    adt_tensor *h = adt_to(t, ADT_CPU);
    char *s = format_host(h, device);
    adt_free(h);
    return s;
}

void adt_print(const adt_tensor *t)
{
    char *s = adt_format(t);
    puts(s);
    adti_free(s);
}

/* ---- files: "ADT1", u32 dtype, u32 ndim, ndim x i64 sizes, elements;
 * all little-endian ---- */

static int host_is_little_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static void put_le(unsigned char *out, uint64_t v, int nbytes)
{
    for (int i = 0; i < nbytes; i++)
        out[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *in, int nbytes)
{
    uint64_t v = 0;
    for (int i = 0; i < nbytes; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

/* Reverses the bytes of each of n elements of size es (big-endian hosts). */
static void swap_elements(void *data, int64_t n, size_t es)
{
    unsigned char *p = data;
    for (int64_t i = 0; i < n; i++, p += es)
        for (size_t j = 0; j < es / 2; j++) {
            unsigned char c = p[j];
            p[j] = p[es - 1 - j];
            p[es - 1 - j] = c;
        }
}

static void save_fail(FILE *fp, adt_tensor *c, const char *path, const char *what)
{
    int err = errno;
    if (fp)
        fclose(fp);
    adt_free(c);
    adt_error("adt_save: %s %s: %s", what, path, strerror(err));
}

void adt_save(const adt_tensor *t, const char *path)
{
    unsigned char head[12 + 8 * ADT_MAX_DIMS];
    adti_check_meta("adt_save", "t", t);
    if (adt_device_of(t) != ADT_CPU) { /* the file holds the host copy's elements */
        adt_tensor *h = adt_to(t, ADT_CPU);
        adt_save(h, path);
        adt_free(h);
        return;
    }
    if (!path)
        adt_error("adt_save: path is NULL");
    memcpy(head, "ADT1", 4);
    put_le(head + 4, t->dtype == ADT_F64 ? 1 : 0, 4);
    put_le(head + 8, (uint64_t)t->ndim, 4);
    for (int d = 0; d < t->ndim; d++)
        put_le(head + 12 + 8 * d, (uint64_t)t->shape[d], 8);
    adt_tensor *c = adt_contiguous(t);
    size_t es = adti_dtype_size(t->dtype), n = (size_t)adti_numel(t->ndim, t->shape);
    if (!host_is_little_endian()) {
        adt_tensor *own = adt_clone(c);
        adt_free(c);
        c = own;
        swap_elements(adti_data(c), (int64_t)n, es);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp)
        save_fail(NULL, c, path, "cannot open");
    if (fwrite(head, 1, 12 + 8 * (size_t)t->ndim, fp) != 12 + 8 * (size_t)t->ndim ||
        fwrite(adti_data(c), es, n, fp) != n)
        save_fail(fp, c, path, "cannot write");
    adt_free(c);
    if (fclose(fp) != 0)
        save_fail(NULL, NULL, path, "cannot write");
}

/* Closes fp, frees t and reports a bad file. */
static void load_fail(FILE *fp, adt_tensor *t, const char *fmt, ...) __attribute__((format(printf, 3, 4), noreturn));

static void load_fail(FILE *fp, adt_tensor *t, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fclose(fp);
    adt_free(t);
    adt_error("adt_load: %s", msg);
}

/* Reads and checks the header: dtype and shape. */
static void load_header(FILE *fp, const char *path, adt_dtype *dt, int *ndim, int64_t *shape)
{
    unsigned char head[12], sizes[8 * ADT_MAX_DIMS];
    size_t got = fread(head, 1, sizeof head, fp);
    if (got >= 4 && memcmp(head, "ADT1", 4) != 0)
        load_fail(fp, NULL, "%s: not an adt tensor file (bad magic)", path);
    if (got < sizeof head)
        load_fail(fp, NULL, "%s: truncated header (%zu of 12 bytes)", path, got);
    uint64_t code = get_le(head + 4, 4), nd = get_le(head + 8, 4);
    if (code > 1)
        load_fail(fp, NULL, "%s: bad dtype %llu (expected 0 for f32 or 1 for f64)", path, (unsigned long long)code);
    if (nd > ADT_MAX_DIMS)
        load_fail(fp, NULL, "%s: bad ndim %llu (at most %d)", path, (unsigned long long)nd, ADT_MAX_DIMS);
    *dt = code ? ADT_F64 : ADT_F32;
    *ndim = (int)nd;
    got = fread(sizes, 8, nd, fp);
    if (got < nd)
        load_fail(fp, NULL, "%s: truncated header (%zu of %llu sizes)", path, got, (unsigned long long)nd);
    for (int d = 0; d < *ndim; d++) {
        shape[d] = (int64_t)get_le(sizes + 8 * d, 8);
        if (shape[d] < 0)
            load_fail(fp, NULL, "%s: bad size %lld of dimension %d", path, (long long)shape[d], d);
    }
}

/* Bytes of data a file of this header holds; UINT64_MAX if that overflows. */
static uint64_t data_bytes(adt_dtype dt, int ndim, const int64_t *shape)
{
    uint64_t n = adti_dtype_size(dt);
    for (int d = 0; d < ndim; d++)
        if (shape[d] == 0)
            return 0;
    for (int d = 0; d < ndim; d++)
        n = n <= UINT64_MAX / (uint64_t)shape[d] ? n * (uint64_t)shape[d] : UINT64_MAX;
    return n;
}

adt_tensor *adt_load(const char *path)
{
    adt_dtype dt;
    int ndim;
    int64_t shape[ADT_MAX_DIMS];
    if (!path)
        adt_error("adt_load: path is NULL");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        adt_error("adt_load: cannot open %s: %s", path, strerror(errno));
    load_header(fp, path, &dt, &ndim, shape);
    /* check the data's length before allocating for it */
    long here = ftell(fp);
    if (here < 0 || fseek(fp, 0, SEEK_END) != 0)
        load_fail(fp, NULL, "%s: cannot seek: %s", path, strerror(errno));
    long end = ftell(fp);
    fseek(fp, here, SEEK_SET);
    uint64_t have = (uint64_t)(end - here), want = data_bytes(dt, ndim, shape);
    if (have < want)
        load_fail(fp, NULL, "%s: truncated data (%llu of %llu bytes)", path, (unsigned long long)have,
                  (unsigned long long)want);
    if (have > want)
        load_fail(fp, NULL, "%s: %llu bytes of trailing data", path, (unsigned long long)(have - want));
    adt_tensor *t = adti_try_new(dt, ndim, shape);
    if (!t)
        load_fail(fp, NULL, "%s: out of memory allocating %llu bytes", path, (unsigned long long)want);
    if (fread(adti_data(t), 1, (size_t)want, fp) != (size_t)want)
        load_fail(fp, t, "%s: read error", path);
    fclose(fp);
    if (!host_is_little_endian())
        swap_elements(adti_data(t), adti_numel(ndim, shape), adti_dtype_size(dt));
    return t;
}
