#!/bin/sh
# demo.sh: builds adcc, differentiates examples/demo/model.c, compiles the
# model with its generated gradient, and prints the gradient beside a
# finite-difference check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
"$top/scripts/setup.sh" "$build"
out=$build/demo
mkdir -p "$out"
"$build/adcc" "$top/examples/demo/model.c" -o "$out/model_grad.c" --header "$out/model_grad.h"
echo "== adcc examples/demo/model.c -o $out/model_grad.c"
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$top/runtime" -I"$out" \
    "$top/examples/demo/model.c" "$out/model_grad.c" "$top/examples/demo/main.c" \
    "$build/libadcc.a" -lm -o "$out/demo"
"$out/demo"
