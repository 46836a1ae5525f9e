#!/bin/sh
# test.sh: builds adcc and runs the whole test suite twice: first the plain
# build (build/), then adcc, its runtime and every test program built with
# ASan and UBSan (build-san/, ADCC_SANITIZE). Each pass runs the runtime unit
# tests and the random-program checks (ctest), the lit + FileCheck tests of
# the generated code and diagnostics, and the numeric gradient checks (the
# plain pass builds each model at -O0, -O2 and with ASan+UBSan). Ends with
# one summary line.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
xfail=$(sed -e 's/#.*//' -e '/^ *$/d' "$top/tests/known_failures.txt" | awk '{printf "%s%s", sep, $1; sep=";"}')

# run_pass NAME BUILD-DIR [cmake options]: configures, builds and tests one
# build; sets unit, lit and summary.
run_pass() {
    name=$1 build=$2
    shift 2
    echo "== $name build: $build"
    "$top/scripts/setup.sh" "$build" "$@" || return 1
    cd "$build" || return 1
    ctest --output-on-failure -j2 -E '^lit$' > ctest.log 2>&1
    unit=$?
    tail -3 ctest.log
    python3 /usr/lib/llvm-19/build/utils/lit/lit.py -j2 -sv --xfail "$xfail" "$build/tests" > lit.log 2>&1
    lit=$?
    cat lit.log
    summary=$(grep -E "^ *(Passed|Failed|Expectedly Failed|Unsupported|Unexpectedly Passed)" lit.log | tr -s ' ' | tr '\n' ';')
    return 0
}

run_pass plain "$top/build" || { echo "SUMMARY: FAIL (build failed)"; exit 1; }
plain_unit=$unit plain_lit=$lit plain_summary=$summary
run_pass sanitized "$top/build-san" -DADCC_SANITIZE=ON || { echo "SUMMARY: FAIL (sanitizer build failed)"; exit 1; }
if [ $plain_unit -eq 0 ] && [ $plain_lit -eq 0 ] && [ $unit -eq 0 ] && [ $lit -eq 0 ]; then
    echo "SUMMARY: PASS (unit tests ok; lit:$plain_summary ASan+UBSan pass: unit tests ok; lit:$summary)"
    exit 0
fi
echo "SUMMARY: FAIL (unit tests rc=$plain_unit; lit rc=$plain_lit:$plain_summary ASan+UBSan pass: unit tests rc=$unit; lit rc=$lit:$summary)"
exit 1
