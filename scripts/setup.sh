#!/bin/sh
# setup.sh [build-dir [cmake options]]: installs the Debian 12 packages adcc
# needs (only the missing ones), then configures and builds adcc into
# build-dir (default build) with the given cmake options. Safe to run
# again: it only does what is not done yet.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ $# -gt 0 ] && shift
pkgs="libclang-19-dev llvm-19-tools clang-19 libopenblas-dev zlib1g-dev cmake ninja-build make pkgconf gcc python3 dataset-fashion-mnist"
missing=""
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build"
