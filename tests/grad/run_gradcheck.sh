#!/bin/sh
# run_gradcheck.sh ADCC CC RUNTIME_INCLUDE LIBADCC MODEL.c TMP [SHARED_MODEL.c]
# Differentiates MODEL.c with adcc, then compiles the model, its generated
# derivatives and the model's own check main (under #ifndef __ADCC__) at
# -O0, at -O2, and at -O1 with ASan+UBSan (unless ADCC_GRADCHECK_SANITIZE=0),
# all with -Werror (and ADCC_GRADCHECK_CFLAGS, e.g. a sanitizer build's),
# and runs each build: the check main compares every gradient component
# with central finite differences.
# With SHARED_MODEL.c (a model kept elsewhere, e.g. a benchmark's), that
# file is differentiated and MODEL.c holds only the check main.
set -eu
adcc=$1 cc=$2 inc=$3 lib=$4 model=$5 tmp=$6 shared=${7:-}
dir=$(dirname "$model")
sources=$shared
"$adcc" "${shared:-$model}" -o "$tmp.grad.c"
flags="-std=c11 -Wall -Wextra -Werror ${ADCC_GRADCHECK_CFLAGS:-} -I$inc -I$dir"
run() {
    tag=$1; shift
    "$cc" $flags "$@" "$model" $sources "$tmp.grad.c" "$lib" -lopenblas -lm -o "$tmp.$tag"
    "$tmp.$tag"
}
run O0 -O0
run O2 -O2
if [ "${ADCC_GRADCHECK_SANITIZE:-1}" != 0 ]; then
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
    run san -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
fi
