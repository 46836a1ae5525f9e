/* gen.c: the random program generator's driver: `gen SEED [options]` prints
 * one self-contained model file in the tests/grad format (helpers, a model
 * annotated ADCC_GRAD/ADCC_JVP/ADCC_HVP, its checkpointed copy model_ck
 * annotated ADCC_GRAD, and a check main under #ifndef __ADCC__ using
 * gradcheck.h) to stdout. The same seed and options always give the same
 * program. Run by tests/random/run.sh. */
#include "gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sync: Feature */
const char *const feature_names[FE_COUNT] = {
    "loop",    "while", "active-while", "branch",      "call",   "recursion", "array-write", "pointer",
    "math",    "kink",  "int-state",    "active-int",  "local-array", "output", "break",
    "checkpoint",
};

/* ---- text ---------------------------------------------------------------------- */

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        b->s = realloc(b->s, cap);
        if (!b->s) {
            fprintf(stderr, "gen: out of memory\n");
            exit(2);
        }
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    if (!s) {
        fprintf(stderr, "gen: out of memory\n");
        exit(2);
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ---- random numbers -------------------------------------------------------------- */

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int rng_int(Rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

double rng_real(Rng *r, double lo, double hi)
{
    return lo + (hi - lo) * ((double)(rng_next(r) >> 11) * 0x1p-53);
}

int rng_chance(Rng *r, int percent)
{
    return rng_int(r, 0, 99) < percent;
}

/* ---- the program ------------------------------------------------------------------- */

static const char site_macros[] =
    "/* Branch sites: adcc sees plain comparisons and calls; the checked build\n"
    " * records each outcome, so that test points keep away from switches. */\n"
    "#ifdef __ADCC__\n"
    "#define RG_GT(a, b, site) ((a) > (b))\n"
    "#define RG_INT(e, site) ((int)(e))\n"
    "#define RG_FABS(e, site) fabs(e)\n"
    "#define RG_FMAX(a, b, site) fmax(a, b)\n"
    "#define RG_FMIN(a, b, site) fmin(a, b)\n"
    "#else\n";

static void site_decls(Gen *g, Buf *b)
{
    buf_printf(b, "%s", site_macros);
    if (g->used_gt)
        buf_printf(b, "static int rg_gt(double a, double b, int site);\n#define RG_GT(a, b, site) rg_gt(a, b, site)\n");
    if (g->used_int)
        buf_printf(b, "static int rg_int(double e, int site);\n#define RG_INT(e, site) rg_int(e, site)\n");
    if (g->used_fabs)
        buf_printf(b, "static double rg_fabs(double e, int site);\n#define RG_FABS(e, site) rg_fabs(e, site)\n");
    if (g->used_fmax)
        buf_printf(b, "static double rg_fmax(double a, double b, int site);\n"
                      "#define RG_FMAX(a, b, site) rg_fmax(a, b, site)\n");
    if (g->used_fmin)
        buf_printf(b, "static double rg_fmin(double a, double b, int site);\n"
                      "#define RG_FMIN(a, b, site) rg_fmin(a, b, site)\n");
    buf_printf(b, "#endif\n\n");
}

static void header(Gen *g, Buf *b, int argc, char **argv)
{
    buf_printf(b, "// RUN: %%gradcheck %%s %%t\n// Random program: tests/random/gen");
    for (int i = 1; i < argc; i++)
        buf_printf(b, " %s", argv[i]);
    buf_printf(b, "\n// Checks f_grad against finite differences, f_jvp against them and by the\n"
                  "// dot-product test, and f_hvp, at %d test points%s\n",
               g->opt.points, g->opt.enabled[FE_CHECKPOINT] ? "; and model_ck's f_grad\n"
                                                              "// (checkpointed loops and calls) against model's, to rounding."
                                                            : ".");
    buf_printf(b, "#include <adcc.h>\n#include <math.h>\n\n");
    buf_printf(b, "/* compilers other than adcc warn about the adcc pragma under -Wall */\n"
                  "#pragma GCC diagnostic ignored \"-Wunknown-pragmas\"\n\n");
    site_decls(g, b);
}

/* ---- options ------------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr, "usage: gen SEED [--size N] [--helpers N] [--points N] [--no-FEATURE]...\n"
                    "features:");
    for (int i = 0; i < FE_COUNT; i++)
        fprintf(stderr, " %s", feature_names[i]);
    fprintf(stderr, "\n");
    exit(2);
}

static int feature_of(const char *name)
{
    for (int i = 0; i < FE_COUNT; i++)
        if (strcmp(name, feature_names[i]) == 0)
            return i;
    return -1;
}

static Options parse_options(int argc, char **argv)
{
    Options o = {0};
    if (argc < 2)
        usage();
    o.seed = strtoull(argv[1], NULL, 10);
    o.helpers = -1;
    o.points = 3;
    for (int i = 0; i < FE_COUNT; i++)
        o.enabled[i] = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--no-", 5) == 0 && feature_of(a + 5) >= 0)
            o.enabled[feature_of(a + 5)] = 0;
        else if (strcmp(a, "--size") == 0 && i + 1 < argc)
            o.size = atoi(argv[++i]);
        else if (strcmp(a, "--helpers") == 0 && i + 1 < argc)
            o.helpers = atoi(argv[++i]);
        else if (strcmp(a, "--points") == 0 && i + 1 < argc)
            o.points = atoi(argv[++i]);
        else
            usage();
    }
    return o;
}

int main(int argc, char **argv)
{
    static Gen g;
    g.opt = parse_options(argc, argv);
    /* the seed mixed first: splitmix64's plain state s + k * gamma would make
     * seed s + k's stream seed s's shifted by k draws */
    g.rng.s = g.opt.seed * 0x9E3779B97F4A7C15ull + 0x5DEECE66Dull;
    g.rng.s = rng_next(&g.rng);
    Buf funcs = {0}, check = {0}, out = {0};
    buf_printf(&funcs, "%s", "");
    gen_functions(&g, &funcs);
    gen_check(&g, &check);
    header(&g, &out, argc, argv);
    fputs(out.s, stdout);
    fputs(funcs.s, stdout);
    fputs("\n", stdout);
    fputs(check.s, stdout);
    return 0;
}
