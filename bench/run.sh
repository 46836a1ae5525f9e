#!/usr/bin/env bash
# run.sh: build and run the adcc benchmarks (see bench/README.md): the
# scalar models below, then the MLP training step (bench/mlp/run.sh).
#
#   bench/run.sh [build-dir] [bench_main options, e.g. --reps 21]
#
# build-dir (default: build, relative to the repository root) holds a built
# adcc and libadcc.a. The generated gradients and the benchmark program go
# to build-dir/bench; nothing is written to the source tree.
# NO_ADCC=1 bench/run.sh builds and runs the harness without adcc (hand
# gradients and primal only). CC overrides the compiler (default cc).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${1:-build}
[ $# -gt 0 ] && shift
case $builddir in
/*) ;;
*) if [ -d "$builddir" ]; then builddir=$(cd "$builddir" && pwd); else builddir=$root/$builddir; fi ;;
esac

cc=${CC:-cc}
cflags=(-O3 -march=native -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra)
out=$builddir/bench
gen=$out/gen

sources=("$root/bench/bench_main.c" "$root/bench/rosenbrock.c" "$root/bench/gmm.c"
         "$root/bench/hand_rosenbrock.c" "$root/bench/hand_gmm.c")
extra=()

if [ "${NO_ADCC:-0}" != 0 ]; then
    echo "== NO_ADCC: building without adcc-generated code"
    extra+=(-DNO_ADCC)
else
    adcc=$builddir/adcc
    lib=$builddir/libadcc.a
    for f in "$adcc" "$lib"; do
        if [ ! -e "$f" ]; then
            echo "run.sh: $f not found; build adcc first:" >&2
            echo "  cmake -S $root -B $builddir -G Ninja && ninja -C $builddir" >&2
            echo "  (or NO_ADCC=1 $0 to run the harness without adcc)" >&2
            exit 1
        fi
    done
    mkdir -p "$gen"
    for model in rosenbrock gmm; do
        echo "== adcc bench/$model.c -o $gen/${model}_grad.c"
        rm -f "$gen/${model}_grad.c" "$gen/${model}_grad.h"
        if ! "$adcc" -std=c11 -I "$root/runtime" "$root/bench/$model.c" \
                -o "$gen/${model}_grad.c" --header "$gen/${model}_grad.h"; then
            echo "run.sh: adcc failed on bench/$model.c (diagnostics above)" >&2
            exit 1
        fi
        sources+=("$gen/${model}_grad.c")
        # The generated prototypes must agree with bench.h's.
        extra+=(-include "$gen/${model}_grad.h")
    done
fi

mkdir -p "$out"
echo "== $cc ${cflags[*]} -> $out/bench_main"
libs=()
[ "${NO_ADCC:-0}" != 0 ] || libs+=("$builddir/libadcc.a")
"$cc" "${cflags[@]}" -I "$root/runtime" -I "$root/bench" "${extra[@]}" \
    "${sources[@]}" "${libs[@]}" -lm -o "$out/bench_main"

echo "== machine"
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)
echo "cpu:      ${model:-unknown}"
echo "cores:    $(nproc) available ($(lscpu 2>/dev/null | sed -n 's/^CPU(s):[[:space:]]*//p' | head -n1) CPUs)"
echo "compiler: $("$cc" --version | head -n1)"
echo "flags:    ${cflags[*]}"
echo
"$out/bench_main" "$@"

# The MLP training step: adcc vs hand-written C vs PyTorch (bench/mlp).
if [ "${NO_ADCC:-0}" = 0 ]; then
    echo
    "$root/bench/mlp/run.sh" "$builddir" "$@"
fi
