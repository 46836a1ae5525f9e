#!/usr/bin/env bash
# scale.sh: how adcc's time and memory grow with the size of the model.
#
#   bench/scale.sh [build-dir] [reps]
#
# For models of 5,000, 10,000, 20,000 and 40,000 statements written by
# bench/scale_model.c (20 helpers with loops, branches, overlapping array
# updates and calls, and one function with ADCC_GRAD and ADCC_JVP), runs
# `adcc model.c -o model_grad.c` reps times (default 3) and prints the
# median wall time, the peak resident memory (getrusage, by GNU time) and
# both per 1,000 statements. Everything goes to build-dir/bench/scale.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${1:-build}
reps=${2:-3}
case $builddir in
/*) ;;
*) builddir=$root/$builddir ;;
esac
adcc=$builddir/adcc
if [ ! -x "$adcc" ]; then
    echo "scale.sh: $adcc not found; build adcc first" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "scale.sh: needs GNU time (/usr/bin/time, Debian package time)" >&2
    exit 1
fi
out=$builddir/bench/scale
mkdir -p "$out"
${CC:-cc} -O2 -std=c11 -Wall -Wextra -o "$out/scale_model" "$root/bench/scale_model.c"

printf '%-11s %-9s %-9s %-12s %-12s %s\n' statements "time s" "peak MiB" "s / 1k st" "MiB / 1k st" "output lines"
for n in 5000 10000 20000 40000; do
    "$out/scale_model" "$n" 20 > "$out/model_$n.c"
    times=()
    peak=0
    for ((r = 0; r < reps; r++)); do
        /usr/bin/time -f '%e %M' -o "$out/time_$n" "$adcc" "$out/model_$n.c" -o "$out/model_${n}_grad.c"
        read -r t kib < "$out/time_$n"
        times+=("$t")
        [ "$kib" -gt "$peak" ] && peak=$kib
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    lines=$(wc -l < "$out/model_${n}_grad.c")
    awk -v n="$n" -v t="$median" -v k="$peak" -v l="$lines" 'BEGIN {
        mib = k / 1024
        printf "%-11d %-9.2f %-9.0f %-12.3f %-12.1f %d\n", n, t, mib, t / (n / 1000), mib / (n / 1000), l
    }'
done
