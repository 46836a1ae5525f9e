/* diag.c: the one module that formats user-facing messages, as a C compiler
 * prints them: "file:line:col: error: msg", the source line, a caret. It
 * counts errors; only the driver decides the exit status. */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

typedef struct SourceFile {
    const char *name;
    char *text;      /* NULL when unreadable */
    long size;
} SourceFile;

static Vec files;
static int errors;
static FILE *stream;

void diag_set_stream(FILE *out) { stream = out; }
int diag_error_count(void) { return errors; }

static SourceFile *source(const char *name)
{
    for (int i = 0; i < files.len; i++) {
        SourceFile *f = files.items[i];
        if (strcmp(f->name, name) == 0)
            return f;
    }
    SourceFile *f = ir_alloc(sizeof(SourceFile));
    f->name = ir_strdup(name);
    FILE *in = fopen(name, "rb");
    if (in) {
        if (fseek(in, 0, SEEK_END) == 0 && (f->size = ftell(in)) >= 0 && fseek(in, 0, SEEK_SET) == 0) {
            f->text = ir_alloc((size_t)f->size + 1);
            f->size = (long)fread(f->text, 1, (size_t)f->size, in);
            f->text[f->size] = '\0';
        }
        fclose(in);
    }
    vec_push(&files, f);
    return f;
}

/* The source line `line` of `file`, without its newline, or NULL. */
static const char *source_line(const char *file, int line, int *len)
{
    SourceFile *f = source(file);
    if (!f->text || line < 1)
        return NULL;
    const char *p = f->text;
    for (int l = 1; l < line; l++) {
        p = strchr(p, '\n');
        if (!p)
            return NULL;
        p++;
    }
    const char *end = strchr(p, '\n');
    *len = end ? (int)(end - p) : (int)strlen(p);
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

static void show_caret(Loc loc)
{
    int len;
    const char *text = loc.file ? source_line(loc.file, loc.line, &len) : NULL;
    if (!text)
        return;
    fprintf(stream, "%.*s\n", len, text);
    for (int i = 0; i < loc.col - 1 && i < len; i++)
        fputc(text[i] == '\t' ? '\t' : ' ', stream);
    fputs("^\n", stream);
}

/* A pass that runs twice (reverse mode scans, then transforms) may find
 * the same problem twice: each diagnostic is shown once, and the notes of
 * a repeated one are dropped with it. */
static Vec shown;
static bool repeating;

void diag_reset(void)
{
    files = (Vec){0};
    shown = (Vec){0};
    repeating = false;
    errors = 0;
}

static bool seen_before(Loc loc, const char *severity, const char *fmt, va_list ap)
{
    if (strcmp(severity, "note") == 0)
        return repeating;
    va_list copy;
    va_copy(copy, ap);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, copy);
    va_end(copy);
    char *key = ir_format("%s:%d:%d:%s:%s", loc.file ? loc.file : "", loc.line, loc.col, severity, msg);
    for (int i = 0; i < shown.len; i++)
        if (strcmp(shown.items[i], key) == 0)
            return repeating = true;
    vec_push(&shown, key);
    return repeating = false;
}

static void report(Loc loc, const char *severity, const char *fmt, va_list ap)
{
    if (!stream)
        stream = stderr;
    if (seen_before(loc, severity, fmt, ap))
        return;
    if (loc.file)
        fprintf(stream, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, severity);
    else
        fprintf(stream, "adcc: %s: ", severity);
    vfprintf(stream, fmt, ap);
    fputc('\n', stream);
    show_caret(loc);
}

void diag_error(Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(loc, "error", fmt, ap);
    va_end(ap);
    errors++;
}

void diag_warning(Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(loc, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(loc, "note", fmt, ap);
    va_end(ap);
}

void diag_plain(const char *severity, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report((Loc){0}, severity, fmt, ap);
    va_end(ap);
    if (strcmp(severity, "error") == 0)
        errors++;
}
