#!/usr/bin/env bash
# run.sh: the MLP training-step benchmark (see bench/README.md): adcc's
# generated gradient on the tensor runtime vs a hand-written pass in C vs
# PyTorch, on the same OpenBLAS with the same number of threads.
#
#   bench/mlp/run.sh [build-dir] [--reps N] [--steps K] [--batches 64,256]
#
# build-dir (default: build) holds a built adcc and libadcc.a; the
# generated gradient, the program and the check files go to
# build-dir/bench/mlp. Every C file is compiled with the same flags
# (cflags below): the generated code, the hand-written pass and, by
# default, the tensor runtime too, rebuilt from the project's CMake in
# build-dir/bench/mlp/runtime (RUNTIME=lib links build-dir/libadcc.a as
# that build configured it instead). THREADS (default: all cores) sets
# OpenBLAS's threads and torch.set_num_threads; PYTHON (default
# /usr/bin/python3, the one Debian's python3-torch is installed for) runs
# mlp_torch.py.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
builddir=${1:-build}
[ $# -gt 0 ] && shift
case $builddir in
/*) ;;
*) if [ -d "$builddir" ]; then builddir=$(cd "$builddir" && pwd); else builddir=$root/$builddir; fi ;;
esac

cc=${CC:-cc}
python=${PYTHON:-/usr/bin/python3}
threads=${THREADS:-$(nproc)}
cflags=(-O3 -march=native -std=c11 -Wall -Wextra)
src=$root/bench/mlp
out=$builddir/bench/mlp

for f in "$builddir/adcc" "$builddir/libadcc.a"; do
    if [ ! -e "$f" ]; then
        echo "bench/mlp/run.sh: $f not found; build adcc first:" >&2
        echo "  cmake -S $root -B $builddir -G Ninja && ninja -C $builddir" >&2
        exit 1
    fi
done
# Options for bench_mlp; the same --reps/--steps/--batches go to mlp_torch.py.
torch_opts=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
    --reps | --steps | --batches) torch_opts+=("${args[i]}" "${args[i + 1]:-}") ;;
    esac
done

mkdir -p "$out/check"
case ${RUNTIME:-bench} in
bench)
    lib=$out/runtime/libadcc.a
    echo "== runtime (adcc_rt) rebuilt with ${cflags[*]} in $out/runtime"
    cmake -S "$root" -B "$out/runtime" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        "-DCMAKE_C_FLAGS_RELEASE=${cflags[*]} -DNDEBUG" >/dev/null
    cmake --build "$out/runtime" --target adcc_rt >/dev/null
    ;;
lib)
    lib=$builddir/libadcc.a
    echo "== runtime: $lib as configured in $builddir"
    ;;
*) echo "bench/mlp/run.sh: RUNTIME must be bench or lib" >&2; exit 2 ;;
esac
# A runtime built with its CUDA backend comes with a GNU ld script naming
# libadcc and the CUDA libraries (tests/CMakeLists.txt): link that.
libdir=$(dirname "$lib")
[ -f "$libdir/tests/libadcc_cuda.ld" ] && lib=$libdir/tests/libadcc_cuda.ld
echo "== adcc bench/mlp/mlp.c -o $out/mlp_grad.c"
"$builddir/adcc" -std=c11 "$src/mlp.c" -o "$out/mlp_grad.c" --header "$out/mlp_grad.h"
echo "== $cc ${cflags[*]} -> $out/bench_mlp"
"$cc" "${cflags[@]}" -I "$root/runtime" -I "$src" -I "$out" \
    "$src/bench_mlp.c" "$src/hand_mlp.c" "$src/mlp.c" "$out/mlp_grad.c" \
    "$lib" -lopenblas -lm -o "$out/bench_mlp"

export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads
echo "== machine"
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)
echo "cpu:      ${model:-unknown}, $(nproc) cores available"
echo "compiler: $("$cc" --version | head -n1), ${cflags[*]}"
echo "openblas: $(dpkg-query -W -f '${Version}' libopenblas0-pthread 2>/dev/null || echo '?'), $threads threads"

log=$out/results.txt
echo "== bench_mlp $*"
"$out/bench_mlp" --dump "$out/check" "$@" | tee "$log"

echo "== OMP_WAIT_POLICY=${TORCH_OMP_WAIT:-PASSIVE} $python bench/mlp/mlp_torch.py --threads $threads ${torch_opts[*]}"
if "$python" -c 'import torch' 2>/dev/null; then
    # Passive OpenMP waiting: torch's OpenMP workers otherwise spin after
    # each parallel op and starve OpenBLAS's threads when threads = cores
    # (measured: 2 to 5 times slower and erratic on 2 cores). TORCH_OMP_WAIT
    # overrides it (e.g. ACTIVE for OpenMP's default behaviour).
    OMP_WAIT_POLICY=${TORCH_OMP_WAIT:-PASSIVE} \
        "$python" "$src/mlp_torch.py" --check "$out/check" --threads "$threads" "${torch_opts[@]}" | tee -a "$log"
else
    echo "torch: not importable by $python (Debian: apt-get install python3-torch); no PyTorch column"
fi

echo
echo "MLP 784-256-128-10 training step (zero grads, loss + gradient, SGD update), ms per step, median"
awk '
$1 == "time" { t[$2 "," $3] = $4; if (!($3 in seen)) { seen[$3] = 1; order[n++] = $3 } }
END {
    printf "%-6s %10s %10s %10s %10s %11s\n", "batch", "adcc", "hand", "torch", "adcc/hand", "adcc/torch"
    for (i = 0; i < n; i++) {
        b = order[i]; a = t["adcc," b]; h = t["hand," b]; p = t["torch," b]
        printf "%-6s %10.3f %10.3f %10s %10.2f %11s\n", b, a, h, p == "" ? "-" : sprintf("%.3f", p), a / h,
               p == "" ? "-" : sprintf("%.2f", a / p)
    }
}' "$log"
