/* adcc.c: the command-line driver. One readable pipeline:
 *   parse -> check annotations -> lower -> inline -> reverse -> clean up
 *   -> forward (f_jvp, and f_hvp over f_grad) -> clean up -> prune -> emit
 * Exit status: 0 success, 1 errors in the input, 2 usage errors. Output
 * (the C, --header, the -MD rule) goes to a temporary file renamed over
 * the target only on success. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ad/ad.h"
#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "tools/depfile.h"

typedef struct Options {
    const char *input, *output, *header, *dump_after;
    const char *compdb;    /* -p BUILD_DIR */
    bool line_directives;
    bool report_memory;
    bool explain;
    bool emit_check;       /* -o gets the derivative-check driver */
    bool cuda;             /* -o gets the CUDA kernels of the ADCC_KERNEL functions */
    DepFile dep;
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
          "  --emit-check          write to -o, instead of the derivatives, a C program that\n"
          "                        checks them against finite differences of the model and\n"
          "                        prints a table; build it with the model and its\n"
          "                        derivatives: cc model.c model_grad.c model_check.c -ladcc\n"
          "  --cuda                write to -o (model_grad.cu) the ADCC_KERNEL functions and\n"
          "                        their adjoints as CUDA kernels with C launchers\n"
          "  --line-directives     emit #line directives pointing at model.c\n"
          "  --report-memory       each f_grad prints its peak tape and snapshot bytes to stderr\n"
          "  --explain             list what each gradient tapes and why, bytes per loop\n"
          "                        iteration, where checkpointing would pay off (no -o needed)\n"
          "  --dump-after=lower    print the IR after normalisation and stop\n"
          "  -I DIR, -D NAME[=V], -U NAME, -std=STD, -isystem DIR, -include FILE\n"
          "                        passed to the C parser as a compiler would take them\n"
          "  -p BUILD_DIR          also take model.c's -I -D -U -std= -isystem -include from\n"
          "                        BUILD_DIR/compile_commands.json\n"
          "  -MD                   also write a make rule: the output depends on model.c and\n"
          "                        every file it includes (to the -o name with .d for .c)\n"
          "  -MF FILE              write that rule to FILE (implies -MD)\n"
          "  -MT TARGET            name TARGET in the rule instead of the -o file (repeatable)\n"
          "  -MMD                  as -MD, leaving out system headers\n"
          "  -MP                   add an empty rule for each included file, so that make\n"
          "                        copes with a header that was deleted\n"
          "  --help, --version\n"
          "\n"
          "exit status: 0 success, 1 errors in the input, 2 usage errors\n",
          out);
}

static const char *runtime_include(const char *argv0)
{
    /* installed: <prefix>/bin/adcc and <prefix>/include/adcc.h, named
     * canonically (the name -MD writes into dependency files) */
    static char buf[4096], canon[PATH_MAX];
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        snprintf(buf, sizeof buf, "%s/../%s", dirname(self), ADCC_INSTALL_INCLUDE_REL);
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/adcc.h", buf);
        if (access(probe, R_OK) == 0)
            return realpath(buf, canon) ? canon : buf;
    }
    (void)argv0;
    return ADCC_SOURCE_RUNTIME_DIR;
}

/* The options that take the next argument as their value. */
static bool takes_value(const char *a)
{
    static const char *const valued[] = {"-o", "--header", "-p", "-MF", "-MT",
                                         "-I", "-D", "-U", "-isystem", "-include"};
    for (size_t i = 0; i < sizeof valued / sizeof valued[0]; i++)
        if (strcmp(a, valued[i]) == 0)
            return true;
    return false;
}

static void take_value(Options *o, const char *a, const char *v)
{
    if (strcmp(a, "-o") == 0) {
        o->output = v;
    } else if (strcmp(a, "--header") == 0) {
        o->header = v;
    } else if (strcmp(a, "-p") == 0) {
        o->compdb = v;
    } else if (strcmp(a, "-MF") == 0) {
        o->dep.wanted = true;
        o->dep.path = v;
    } else if (strcmp(a, "-MT") == 0) {
        vec_push(&o->dep.targets, (void *)v);
    } else {
        vec_push(&o->clang_args, (void *)a);
        vec_push(&o->clang_args, (void *)v);
    }
}

/* Options with no value; false: `a` is not one. */
static bool take_flag(Options *o, const char *a)
{
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        usage(stdout);
        exit(0);
    } else if (strcmp(a, "--version") == 0) {
        printf("adcc %s (libclang 19)\n", ADCC_VERSION);
        exit(0);
    } else if (strcmp(a, "--explain") == 0) {
        o->explain = true;
    } else if (strcmp(a, "--emit-check") == 0) {
        o->emit_check = true;
    } else if (strcmp(a, "--cuda") == 0) {
        o->cuda = true;
    } else if (strcmp(a, "--report-memory") == 0) {
        o->report_memory = true;
    } else if (strcmp(a, "--line-directives") == 0) {
        o->line_directives = true;
    } else if (strncmp(a, "--dump-after=", 13) == 0) {
        o->dump_after = a + 13;
    } else if (strcmp(a, "-MD") == 0) {
        o->dep.wanted = true;
    } else if (strcmp(a, "-MMD") == 0) {
        o->dep.wanted = o->dep.user_only = true;
    } else if (strcmp(a, "-MP") == 0) {
        o->dep.phony = true;
    } else if (strncmp(a, "-I", 2) == 0 || strncmp(a, "-D", 2) == 0 || strncmp(a, "-U", 2) == 0 ||
               strncmp(a, "-std=", 5) == 0) {
        vec_push(&o->clang_args, (void *)a);
    } else {
        return false;
    }
    return true;
}

/* What the options ask of each other, once all are read. */
static int check_options(Options *o)
{
    if (!o->input) {
        fprintf(stderr, "adcc: error: no input file; give the model file to differentiate\n");
        usage(stderr);
        return 2;
    }
    if (!o->output && !o->dump_after && !o->explain) {
        fprintf(stderr, "adcc: error: no output file; use -o model_grad.c\n");
        return 2;
    }
    if (o->dep.wanted && !o->output) {
        fprintf(stderr, "adcc: error: -MD and -MF describe the -o file; add -o model_grad.c\n");
        return 2;
    }
    if (o->dep.wanted && strcmp(o->output, "-") == 0 && (!o->dep.path || !o->dep.targets.len)) {
        fprintf(stderr, "adcc: error: with -o -, -MD needs -MF FILE and -MT TARGET\n");
        return 2;
    }
    if (o->dep.wanted && !o->dep.targets.len)
        vec_push(&o->dep.targets, (void *)o->output);
    if (o->dep.wanted && !o->dep.path)
        o->dep.path = dep_default_path(o->output);
    return 0;
}

static int parse_args(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (takes_value(a)) {
            if (i + 1 == argc) {
                fprintf(stderr, "adcc: error: option '%s' needs an argument (see adcc --help)\n", a);
                return 2;
            }
            take_value(o, a, argv[++i]);
        } else if (take_flag(o, a)) {
            continue;
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
    return check_options(o);
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
    const CgCheck *check;   /* --emit-check: the driver's plan */
} EmitCtx;

static void write_check(FILE *out, void *p)
{
    EmitCtx *e = p;
    cg_emit_check(out, e->check, e->m, e->gen);
}

static void write_c(FILE *out, void *p)
{
    EmitCtx *e = p;
    cg_emit(out, e->m, e->gen, &e->cg);
}

static void write_cuda(FILE *out, void *p)
{
    EmitCtx *e = p;
    cg_emit_cuda(out, e->m, e->gen);
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

typedef struct DepCtx {
    const DepFile *dep;
    const Vec *files;
} DepCtx;

static void write_d(FILE *out, void *p)
{
    DepCtx *d = p;
    dep_write(out, d->dep, d->files);
}

/* The parser's flags: a compilation database's (-p) first, so that the
 * command line's own -D and -U come after them and win. */
static bool parser_args(Options *o, Vec *args)
{
    if (o->compdb && !fe_compile_flags(o->compdb, o->input, args))
        return false;
    for (int i = 0; i < o->clang_args.len; i++)
        vec_push(args, o->clang_args.items[i]);
    vec_push(args, "-D__ADCC__=1");
    vec_push(args, ir_format("-I%s", runtime_include(NULL)));
    vec_push(args, "-xc");
    return true;
}

static int run(Options *o)
{
    Vec args = {0};
    FeFiles files = {0};
    if (!parser_args(o, &args))
        return 1;
    Module *m = fe_parse(o->input, args.len, (const char *const *)args.items, o->dep.wanted ? &files : NULL);
    if (!m)
        return 1;
    m->report_memory = o->report_memory;
    ad_check_annotations(m);
    /* the driver's sizes come from the bodies as written, before lowering */
    const CgCheck *check = o->emit_check ? cg_check_plan(m) : NULL;
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
    EmitCtx ctx = {.m = m, .gen = &gen, .cg = {.line_directives = o->line_directives}, .check = check};
    if (o->header) {
        const char *slash = strrchr(o->header, '/');
        ctx.cg.header_name = slash ? slash + 1 : o->header;
        ctx.guard = header_guard(o->header);
    }
    /* render into memory first: errors found while emitting leave no file */
    char *buf = NULL;
    size_t len = 0;
    FILE *probe = open_memstream(&buf, &len);
    (o->cuda ? write_cuda : write_c)(probe, &ctx);
    fclose(probe);
    free(buf);
    if (diag_error_count())
        return 1;
    if (o->header && write_output(o->header, write_h, &ctx))
        return 1;
    if (write_output(o->output, check ? write_check : o->cuda ? write_cuda : write_c, &ctx))
        return 1;
    Vec listed = files.user;   /* the model and its headers, then (without -MMD) the system's */
    for (int i = 0; !o->dep.user_only && i < files.system.len; i++)
        vec_push(&listed, files.system.items[i]);
    DepCtx dep = {.dep = &o->dep, .files = &listed};
    return o->dep.wanted ? write_output(o->dep.path, write_d, &dep) : 0;
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
