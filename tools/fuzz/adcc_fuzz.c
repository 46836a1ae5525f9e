/* adcc_fuzz.c: a libFuzzer harness over the whole adcc pipeline. Each input
 * is the text of a model.c, compiled as `adcc model.c -o - --header -` (parse
 * to emit, output and diagnostics to /dev/null). Errors in the input are
 * fine; a crash, hang, sanitizer report or exit (internal error) is a bug.
 * Built with -DADCC_FUZZ=ON and CC=clang-19; see the README paragraph. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir/ir.h"

int adcc_main(int argc, char **argv);   /* tools/adcc.c, built with ADCC_NO_MAIN */

static char model_path[4096];

/* Writes the input to this process's model.c; false if it cannot. */
static bool write_model(const uint8_t *data, size_t size)
{
    FILE *f = fopen(model_path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

static void remove_tmpdir(void)
{
    remove(model_path);
    char *slash = strrchr(model_path, '/');
    *slash = '\0';
    rmdir(model_path);
}

/* A per-process directory for model.c; generated code and diagnostics go
 * to /dev/null. libclang runs without its crash recovery, so a crash in a
 * cursor visitor reaches the sanitizers. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(model_path, sizeof model_path, "%s/adcc-fuzz-XXXXXX", tmp);
    if (!mkdtemp(model_path)) {
        perror("adcc_fuzz: mkdtemp");
        exit(1);
    }
    strcat(model_path, "/model.c");
    atexit(remove_tmpdir);
    setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1", 1);
    FILE *null = fopen("/dev/null", "w");
    if (!null || !freopen("/dev/null", "w", stdout)) {
        perror("adcc_fuzz: /dev/null");
        exit(1);
    }
    diag_set_stream(null);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!write_model(data, size))
        return 0;
    /* odd sizes also take the --line-directives path of the emitter */
    char *argv[] = {"adcc", model_path, "-o", "-", "--header", "-", "--line-directives", NULL};
    int argc = size % 2 ? 7 : 6;
    adcc_main(argc, argv);
    return 0;
}
