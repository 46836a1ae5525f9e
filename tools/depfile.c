/* depfile.c: writes make-style dependency files for adcc -MD: one rule
 * naming the generated file's dependencies, escaped as GNU make reads
 * them. Which files those are comes from the frontend (fe_parse). */
#include <string.h>

#include "tools/depfile.h"

const char *dep_default_path(const char *output)
{
    const char *slash = strrchr(output, '/');
    const char *base = slash ? slash + 1 : output;
    const char *dot = strrchr(base, '.');
    int keep = dot && dot != base ? (int)(dot - output) : (int)strlen(output);
    return ir_format("%.*s.d", keep, output);
}

/* One name as make reads it: a space or '#' escaped with a backslash
 * (with the backslashes before it doubled), '$' as "$$". */
static void put_name(FILE *out, const char *name)
{
    for (const char *c = name; *c; c++) {
        if (*c == ' ' || *c == '\t' || *c == '#') {
            for (const char *b = c; b > name && b[-1] == '\\'; b--)
                fputc('\\', out);
            fputc('\\', out);
        } else if (*c == '$') {
            fputc('$', out);
        }
        fputc(*c, out);
    }
}

/* Writes " name", first continuing the line with a backslash-newline
 * when the line holds a file already and would pass 80 columns; `col`
 * tracks the line's width. */
static void put_item(FILE *out, const char *name, bool first, int *col)
{
    int len = (int)strlen(name);
    if (!first && *col + 1 + len > 80) {
        fputs(" \\\n ", out);
        *col = 1;
    }
    fputc(' ', out);
    put_name(out, name);
    *col += 1 + len;
}

void dep_write(FILE *out, const DepFile *d, const Vec *files)
{
    int col = 0;
    for (int i = 0; i < d->targets.len; i++) {
        if (i)
            fputc(' ', out);
        put_name(out, d->targets.items[i]);
        col += (i ? 1 : 0) + (int)strlen(d->targets.items[i]);
    }
    fputc(':', out);
    col++;
    for (int i = 0; i < files->len; i++)
        put_item(out, files->items[i], i == 0, &col);
    fputc('\n', out);
    if (!d->phony)
        return;
    for (int i = 1; i < files->len; i++) {
        fputc('\n', out);
        put_name(out, files->items[i]);
        fputs(":\n", out);
    }
}
