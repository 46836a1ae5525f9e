#!/bin/sh
# reduce.sh ADCC CC INC LIB SEED [TMPDIR]
# Shrinks a failing random program: starting from `gen SEED`, turns the
# generator's features off one at a time (--no-FEATURE), then lowers
# --helpers and --size, keeping each change that still fails the same way
# (same stage and same message, numbers aside). Prints the options it kept
# and leaves the reduced program in TMPDIR/fail_SEED.c for minimising by hand.
# Environment: RANDOM_GEN as for run.sh.
set -u
if [ $# -lt 5 ]; then
    echo "usage: reduce.sh ADCC CC INC LIB SEED [TMPDIR]" >&2
    exit 2
fi
adcc=$1 cc=$2 inc=$3 lib=$4 seed=$5
here=$(cd "$(dirname "$0")" && pwd)
tmp=${6:-${TMPDIR:-/tmp}/adcc-reduce.$$}
mkdir -p "$tmp" || exit 2

# the failure's signature under options $1: stage and message, digits and paths dropped
signature() {
    RANDOM_GEN_ARGS=$1 sh "$here/run.sh" "$adcc" "$cc" "$inc" "$lib" "$seed" "$seed" "$tmp" |
        grep -m1 '^FAIL' | sed -e 's/^FAIL seed [0-9]*: //' -e 's|[^ ]*/||g' -e 's/-*[0-9][0-9.e+-]*//g' \
        -e "s/[‘’'][^‘’']*[‘’']/ID/g"
}

want=$(signature "")
if [ -z "$want" ]; then
    echo "seed $seed does not fail"
    exit 1
fi
echo "failure: $want"
opts=""
try() {
    if [ "$(signature "$1")" = "$want" ]; then
        opts=$1
        return 0
    fi
    return 1
}
for f in loop while active-while branch call recursion array-write pointer math kink int-state \
    active-int local-array output break; do
    try "$opts --no-$f" && echo "kept --no-$f"
done
for h in 0 1 2; do
    try "$opts --helpers $h" && break
done
for s in 1 2 3 4 5 6 8 10 12; do
    try "$opts --size $s" && break
done
signature "$opts" > /dev/null
echo "options:$opts"
echo "program: $tmp/fail_$seed.c"
