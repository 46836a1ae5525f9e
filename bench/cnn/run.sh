#!/usr/bin/env bash
# run.sh: the CNN training-step benchmark (see bench/README.md): adcc's
# generated gradient of bench/cnn/cnn.c on the tensor runtime against
# PyTorch, on the same device.
#
#   bench/cnn/run.sh [build-dir] [--device cpu|cuda] [--reps N] [--steps K] [--batches 32,256]
#
# build-dir (default: build) holds a built adcc and libadcc.a (with its
# CUDA backend for --device cuda: configure with the CUDA toolkit present,
# e.g. -DCMAKE_CUDA_ARCHITECTURES=90 for an H100). The generated gradient,
# the program and the check files go to build-dir/bench/cnn. PYTHON
# (default /usr/bin/python3) runs cnn_torch.py; the PyTorch column is left
# out when that python has no torch able to use the device.
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
cflags=(-O3 -march=native -std=c11 -Wall -Wextra)
src=$root/bench/cnn
out=$builddir/bench/cnn

for f in "$builddir/adcc" "$builddir/libadcc.a"; do
    if [ ! -e "$f" ]; then
        echo "bench/cnn/run.sh: $f not found; build adcc first:" >&2
        echo "  cmake -S $root -B $builddir -G Ninja && ninja -C $builddir" >&2
        exit 1
    fi
done
device=cpu
args=("$@")
torch_opts=()
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
    --device) device=${args[i + 1]:-cpu}; torch_opts+=("${args[i]}" "${args[i + 1]:-}") ;;
    --reps | --steps | --batches) torch_opts+=("${args[i]}" "${args[i + 1]:-}") ;;
    esac
done

# libadcc with its CUDA libraries when it was built with them (a GNU ld
# script written by tests/CMakeLists.txt, as bench/mlp/run.sh links), else
# libadcc.a alone.
lib=$builddir/libadcc.a
[ -f "$builddir/tests/libadcc_cuda.ld" ] && lib=$builddir/tests/libadcc_cuda.ld

mkdir -p "$out/check"
echo "== adcc bench/cnn/cnn.c -o $out/cnn_grad.c"
"$builddir/adcc" -std=c11 -I "$root/runtime" "$src/cnn.c" -o "$out/cnn_grad.c" --header "$out/cnn_grad.h"
echo "== $cc ${cflags[*]} -> $out/bench_cnn"
"$cc" "${cflags[@]}" -I "$root/runtime" -I "$src" -I "$out" \
    "$src/bench_cnn.c" "$src/cnn.c" "$out/cnn_grad.c" "$lib" -lopenblas -lm -lpthread -o "$out/bench_cnn"

echo "== machine"
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)
echo "cpu:      ${model:-unknown}, $(nproc) cores available"
if [ "$device" = cuda ]; then
    echo "gpu:      $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'nvidia-smi not found')"
fi

log=$out/results.txt
echo "== bench_cnn $*"
"$out/bench_cnn" --dump "$out/check" "$@" | tee "$log"

echo "== $python bench/cnn/cnn_torch.py ${torch_opts[*]}"
if "$python" -c 'import torch' 2>/dev/null; then
    "$python" "$src/cnn_torch.py" --check "$out/check" "${torch_opts[@]}" | tee -a "$log" ||
        echo "torch: cnn_torch.py failed (above); no PyTorch column"
else
    echo "torch: not importable by $python; no PyTorch column"
fi

echo
echo "CNN training step on the $device (zero grads, loss + gradient, SGD update), ms per step, median"
awk '
$1 == "time" { t[$2 "," $3] = $4; if (!($3 in seen)) { seen[$3] = 1; order[n++] = $3 } }
END {
    printf "%-6s %10s %10s %11s\n", "batch", "adcc", "torch", "adcc/torch"
    for (i = 0; i < n; i++) {
        b = order[i]; a = t["adcc," b]; p = t["torch," b]
        printf "%-6s %10.3f %10s %11s\n", b, a, p == "" ? "-" : sprintf("%.3f", p), p == "" ? "-" : sprintf("%.2f", a / p)
    }
}' "$log"
