#!/bin/sh
# test.sh: builds adcc and runs the whole test suite: runtime unit tests
# (ctest), lit + FileCheck tests of the generated code and diagnostics, and
# the numeric gradient checks (each model at -O0, -O2 and with ASan+UBSan).
# Ends with one summary line.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
"$top/scripts/setup.sh" "$build" || { echo "SUMMARY: FAIL (build failed)"; exit 1; }
cd "$build"
ctest --output-on-failure -j2 -E '^lit$' > ctest.log 2>&1
unit=$?
cat ctest.log | tail -3
xfail=$(sed -e 's/#.*//' -e '/^ *$/d' "$top/tests/known_failures.txt" | awk '{printf "%s%s", sep, $1; sep=";"}')
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -j2 -sv --xfail "$xfail" "$build/tests" > lit.log 2>&1
lit=$?
cat lit.log
summary=$(grep -E "^ *(Passed|Failed|Expectedly Failed|Unsupported|Unexpectedly Passed)" lit.log | tr -s ' ' | tr '\n' ';')
if [ $unit -eq 0 ] && [ $lit -eq 0 ]; then
    echo "SUMMARY: PASS (unit tests ok; lit:$summary)"
    exit 0
fi
echo "SUMMARY: FAIL (unit tests rc=$unit; lit rc=$lit:$summary)"
exit 1
