/* adcc.c: the command-line driver. One readable pipeline:
 *   parse -> check annotations -> lower -> inline -> reverse -> clean up
 *   -> forward (f_jvp, and f_hvp over f_grad) -> clean up -> prune -> emit
 * Exit status: 0 success, 1 errors in the input, 2 usage errors. Output
 * goes to a temporary file renamed over the target only on success. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ad/ad.h"
#include "codegen/codegen.h"
#include "frontend/frontend.h"

typedef struct Options {
    const char *input, *output, *header, *dump_after;
    bool line_directives;
    bool report_memory;
    bool explain;
    Vec clang_args;
} Options;

static void usage(FILE *out)
{
    fputs("usage: adcc [options] model.c -o model_grad.c\n"
          "\n"
          "Differentiates the functions of model.c marked with ADCC_GRAD, ADCC_JVP or\n"
          "ADCC_HVP (see adcc.h) and writes C code for their derivatives.\n"
          "\n"
          "options:\n"
          "  -o FILE               write the generated C to FILE ('-' for stdout)\n"
          "  --header FILE         also write the prototypes of the generated functions\n"
          "  --line-directives     emit #line directives pointing at model.c\n"
          "  --report-memory       each f_grad prints its peak tape and snapshot bytes to stderr\n"
          "  --explain             list what each gradient tapes and why, bytes per loop\n"
          "                        iteration, where checkpointing would pay off (no -o needed)\n"
          "  --dump-after=lower    print the IR after normalisation and stop\n"
          "  -I DIR, -D NAME[=V], -U NAME, -std=STD, -isystem DIR\n"
          "                        passed to the C parser as a compiler would take them\n"
          "  --help, --version\n",
          out);
}

static const char *runtime_include(const char *argv0)
{
    /* installed: <prefix>/bin/adcc and <prefix>/include/adcc.h */
    static char buf[4096];
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        snprintf(buf, sizeof buf, "%s/../%s", dirname(self), ADCC_INSTALL_INCLUDE_REL);
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/adcc.h", buf);
        if (access(probe, R_OK) == 0)
            return buf;
    }
    (void)argv0;
    return ADCC_SOURCE_RUNTIME_DIR;
}

static int parse_args(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_next = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("adcc %s (libclang 19)\n", ADCC_VERSION);
            exit(0);
        } else if (strcmp(a, "-o") == 0 && has_next) {
            o->output = argv[++i];
        } else if (strcmp(a, "--header") == 0 && has_next) {
            o->header = argv[++i];
        } else if (strcmp(a, "--explain") == 0) {
            o->explain = true;
        } else if (strcmp(a, "--report-memory") == 0) {
            o->report_memory = true;
        } else if (strcmp(a, "--line-directives") == 0) {
            o->line_directives = true;
        } else if (strncmp(a, "--dump-after=", 13) == 0) {
            o->dump_after = a + 13;
        } else if ((strcmp(a, "-I") == 0 || strcmp(a, "-D") == 0 || strcmp(a, "-U") == 0 ||
                    strcmp(a, "-isystem") == 0) && has_next) {
            vec_push(&o->clang_args, (void *)a);
            vec_push(&o->clang_args, argv[++i]);
        } else if (strncmp(a, "-I", 2) == 0 || strncmp(a, "-D", 2) == 0 || strncmp(a, "-U", 2) == 0 ||
                   strncmp(a, "-std=", 5) == 0) {
            vec_push(&o->clang_args, (void *)a);
        } else if (!has_next && (strcmp(a, "-o") == 0 || strcmp(a, "--header") == 0 || strcmp(a, "-I") == 0 ||
                                 strcmp(a, "-D") == 0 || strcmp(a, "-U") == 0 || strcmp(a, "-isystem") == 0)) {
            fprintf(stderr, "adcc: error: option '%s' needs an argument (see adcc --help)\n", a);
            return 2;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "adcc: error: unknown option '%s' (see adcc --help)\n", a);
            return 2;
        } else if (o->input) {
            fprintf(stderr, "adcc: error: more than one input file ('%s' and '%s'); give adcc one model file per run\n", o->input, a);
            return 2;
        } else {
            o->input = a;
        }
    }
    if (!o->input) {
        fprintf(stderr, "adcc: error: no input file; give the model file to differentiate\n");
        usage(stderr);
        return 2;
    }
    if (!o->output && !o->dump_after && !o->explain) {
        fprintf(stderr, "adcc: error: no output file; use -o model_grad.c\n");
        return 2;
    }
    return 0;
}

/* Reports that `what` (a path, or stdout) could not be written; returns 1. */
static int cannot_write(const char *what, int err)
{
    fprintf(stderr, "adcc: error: cannot write '%s': %s\n", what, strerror(err));
    return 1;
}

/* "-o -": a full disk or a closed pipe shows only once the buffer is flushed. */
static int write_stdout(void (*write)(FILE *, void *), void *ctx)
{
    errno = 0;
    write(stdout, ctx);
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    return cannot_write("stdout", errno ? errno : EIO);
}

/* Writes through a temporary in the target's directory, renamed on success. */
static int write_output(const char *path, void (*write)(FILE *, void *), void *ctx)
{
    if (strcmp(path, "-") == 0)
        return write_stdout(write, ctx);
    char *tmp = ir_format("%s.adcc-tmp-%d", path, (int)getpid());
    FILE *out = fopen(tmp, "w");
    if (!out)
        return cannot_write(path, errno);
    write(out, ctx);
    bool ok = !ferror(out);
    ok &= fclose(out) == 0;
    if (!ok || diag_error_count() || rename(tmp, path) != 0) {
        if (ok && !diag_error_count())
            cannot_write(path, errno);
        remove(tmp);
        return 1;
    }
    return 0;
}

typedef struct EmitCtx {
    Module *m;
    Vec *gen;
    CgOptions cg;
    const char *guard;
} EmitCtx;

static void write_c(FILE *out, void *p)
{
    EmitCtx *e = p;
    cg_emit(out, e->m, e->gen, &e->cg);
}

static void write_h(FILE *out, void *p)
{
    EmitCtx *e = p;
    cg_emit_header(out, e->m, e->gen, e->guard);
}

static const char *header_guard(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *g = ir_format("ADCC_%s", base);
    for (char *c = g; *c; c++)
        *c = (*c >= 'a' && *c <= 'z') ? (char)(*c - 32) : ((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ? *c : '_');
    return g;
}

/* Clean-up passes over the generated functions from index `from` on. */
static void tidy(Module *m, Vec *gen, int from)
{
    for (int i = from; i < gen->len; i++) {
        ad_cleanup(gen->items[i], m->nvars);
        ad_coalesce(m, gen->items[i]);
        ir_verify_func(gen->items[i]);
    }
}

static int run(Options *o)
{
    vec_push(&o->clang_args, "-D__ADCC__=1");
    vec_push(&o->clang_args, ir_format("-I%s", runtime_include(NULL)));
    vec_push(&o->clang_args, "-xc");
    Module *m = fe_parse(o->input, o->clang_args.len, (const char *const *)o->clang_args.items);
    if (!m)
        return 1;
    m->report_memory = o->report_memory;
    ad_check_annotations(m);
    if (diag_error_count())
        return 1;
    ad_lower(m);
    ad_inline(m);
    if (diag_error_count())
        return 1;
    if (o->dump_after) {
        if (strcmp(o->dump_after, "lower") != 0) {
            fprintf(stderr, "adcc: error: --dump-after knows only 'lower'; use --dump-after=lower\n");
            return 2;
        }
        ir_print_module(stdout, m);
        return 0;
    }
    Vec gen = {0}, hvp_grads = {0};
    ad_reverse(m, &gen, &hvp_grads);
    if (diag_error_count())
        return 1;
    tidy(m, &gen, 0);
    if (o->explain) {
        cg_explain(stdout, m, &gen);
        return 0;
    }
    tidy(m, &hvp_grads, 0);
    int nrev = gen.len;
    ad_forward(m, &hvp_grads, &gen);
    if (diag_error_count())
        return 1;
    tidy(m, &gen, nrev);
    ad_prune(&gen);
    /* the file's static functions are copied as lowered: their flags (a
     * trailing continue's) may be set but never read */
    for (int i = 0; i < m->funcs.len; i++) {
        Func *f = m->funcs.items[i];
        if (f->is_static && f->body && !f->in_header)
            ad_cleanup(f, m->nvars);
    }
    EmitCtx ctx = {.m = m, .gen = &gen, .cg = {.line_directives = o->line_directives}};
    if (o->header) {
        const char *slash = strrchr(o->header, '/');
        ctx.cg.header_name = slash ? slash + 1 : o->header;
        ctx.guard = header_guard(o->header);
    }
    /* render into memory first: errors found while emitting leave no file */
    char *buf = NULL;
    size_t len = 0;
    FILE *probe = open_memstream(&buf, &len);
    cg_emit(probe, m, &gen, &ctx.cg);
    fclose(probe);
    free(buf);
    if (diag_error_count())
        return 1;
    if (o->header && write_output(o->header, write_h, &ctx))
        return 1;
    return write_output(o->output, write_c, &ctx);
}

/* One whole command line; returns the exit status. The fuzzer
 * (tools/fuzz/adcc_fuzz.c) calls it once per input, built with
 * ADCC_NO_MAIN. */
int adcc_main(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc == 0)
        rc = run(&o);
    ir_arena_free();
    return rc;
}

#ifndef ADCC_NO_MAIN
int main(int argc, char **argv)
{
    return adcc_main(argc, argv);
}
#endif
