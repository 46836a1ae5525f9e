#!/bin/sh
# run.sh ADCC CC INC LIB FIRST LAST [TMPDIR]
# Random differentiable programs: for each seed FIRST..LAST, generates a
# model file with tests/random/gen (its check main compares f_grad, f_jvp
# and f_hvp with finite differences, and the f_grad of model_ck, the model
# with checkpointed loops and calls, with model's), differentiates it with
# adcc, compiles it at -O0 with -Wall -Wextra -Werror as
# tests/grad/run_gradcheck.sh does, and runs it. Prints one line per failure (seed, stage, first message) and
# a final summary line; exits 1 on any failure. A long run is a larger range.
# Environment: RANDOM_GEN the generator binary (default: built here with CC);
# RANDOM_GEN_ARGS extra generator options (e.g. --no-recursion, or
# --no-checkpoint: no model_ck);
# RANDOM_SANITIZE=1 builds with ASan+UBSan at -O1 instead; RANDOM_JOBS=N
# runs N seeds at once (default 1); RANDOM_KNOWN a list of seeds that fail
# on known bugs (default: known_failures.txt here; see that file): they are
# reported as known, and one that passes fails the run until it is removed.
# Failing programs are kept in TMPDIR as fail_SEED.c.
set -u
if [ $# -lt 6 ]; then
    echo "usage: run.sh ADCC CC INC LIB FIRST LAST [TMPDIR]" >&2
    exit 2
fi
adcc=$1 cc=$2 inc=$3 lib=$4 first=$5 last=$6
here=$(cd "$(dirname "$0")" && pwd)
tmp=${7:-${TMPDIR:-/tmp}/adcc-random.$$}
mkdir -p "$tmp" || exit 2
gen=${RANDOM_GEN:-}
if [ -z "$gen" ]; then
    gen=$tmp/gen
    "$cc" -std=c11 -O1 -o "$gen" "$here"/gen.c "$here"/gen_expr.c "$here"/gen_stmt.c \
        "$here"/gen_func.c "$here"/gen_check.c || exit 2
fi
flags="-std=c11 -Wall -Wextra -Werror -O0 -I$inc -I$here/../grad"
if [ "${RANDOM_SANITIZE:-0}" != 0 ]; then
    flags="-std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -I$inc -I$here/../grad"
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
fi

# first line of a log, for the failure line
first_msg() {
    grep -m1 -E 'error|FAILED|gradient|dot-product|symmetry|H v|expected|only|Sanitizer|runtime error' "$1" ||
        head -n1 "$1"
}

# one seed: prints "ok" or "FAIL seed N: stage: message"; keeps failing files
one() {
    s=$1 d=$tmp/s$1
    mkdir -p "$d"
    # shellcheck disable=SC2086
    if ! "$gen" "$s" ${RANDOM_GEN_ARGS:-} > "$d/model.c" 2> "$d/log"; then
        echo "FAIL seed $s: gen: $(first_msg "$d/log")"
        return
    fi
    if ! timeout 60 "$adcc" "$d/model.c" -o "$d/model_grad.c" > "$d/log" 2>&1; then
        cp "$d/model.c" "$tmp/fail_$s.c"
        echo "FAIL seed $s: adcc: $(first_msg "$d/log")"
        return
    fi
    # shellcheck disable=SC2086
    if ! "$cc" $flags "$d/model.c" "$d/model_grad.c" "$lib" -lm -o "$d/check" > "$d/log" 2>&1; then
        cp "$d/model.c" "$tmp/fail_$s.c"
        echo "FAIL seed $s: compile: $(first_msg "$d/log")"
        return
    fi
    if ! timeout 60 "$d/check" > "$d/log" 2>&1; then
        cp "$d/model.c" "$tmp/fail_$s.c"
        echo "FAIL seed $s: check: $(first_msg "$d/log")"
        return
    fi
    rm -rf "$d"
    echo ok
}

known=${RANDOM_KNOWN:-$here/known_failures.txt}
# with RANDOM_SANITIZE, seeds whose programs only the sanitizers catch
# (undefined behaviour the plain build runs through) are known too
if [ "${RANDOM_SANITIZE:-0}" != 0 ] && [ -z "${RANDOM_KNOWN:-}" ]; then
    sed -e 's/#.*//' "$known" "$here/known_failures_san.txt" > "$tmp/known"
    known=$tmp/known
fi
# whether seed $1 is listed as a known failure
is_known() {
    [ -f "$known" ] && sed -e 's/#.*//' "$known" | grep -qx " *$1 *"
}

jobs=${RANDOM_JOBS:-1}
results=$tmp/results
: > "$results"
s=$first
while [ "$s" -le "$last" ]; do
    j=0
    while [ $j -lt "$jobs" ] && [ "$s" -le "$last" ]; do
        one "$s" > "$tmp/r$j" &
        s=$((s + 1)) j=$((j + 1))
    done
    wait
    k=0
    while [ $k -lt $j ]; do
        sk=$((s - j + k))
        if is_known "$sk"; then
            line=$(sed -e 's/^FAIL/KNOWN/' -e "s|^ok$|XPASS seed $sk: passes now: remove it from $known|" \
                "$tmp/r$k")
        else
            line=$(cat "$tmp/r$k")
        fi
        echo "$line" >> "$results"
        case $line in
        FAIL* | XPASS*) echo "$line" ;;
        esac
        k=$((k + 1))
    done
done
total=$((last - first + 1))
failed=$(grep -c -E '^(FAIL|XPASS)' "$results")
nknown=$(grep -c '^KNOWN' "$results")
passed=$(grep -c '^ok' "$results")
echo "random: $total programs, $passed passed, $failed failed, $nknown known failures"
[ "$failed" -eq 0 ]
