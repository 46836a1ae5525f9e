#!/bin/sh
# tests/install/run.sh (ctest install.use): installs this build into a
# temporary prefix and builds examples/cmake_project (find_package(adcc),
# adcc_add_derivatives, Ninja) and examples/make_project (Makefile,
# pkg-config) against it, outside the source tree, as a user would. Each
# build must run adcc, and run it again after model.c or a header it
# includes changes, and never when nothing it reads changed. Each project
# also checks its derivatives with the program adcc --emit-check writes:
# ctest (adcc_add_derivatives CHECK) and make check-derivs, both passing.
# usage: run.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR [CFLAGS]
# CFLAGS (a sanitizer build's flags) go to both builds' compiling and linking.
set -eu
cmake=$1 build=$2 src=$3 work=$4 flags=${5:-}

fail() { echo "install.use: FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }
for tool in ninja make pkg-config; do
    command -v "$tool" >/dev/null || { echo "install.use: skipped: no $tool"; exit 77; }
done
if [ -n "$flags" ]; then
    CFLAGS=$flags LDFLAGS=$flags
    export CFLAGS LDFLAGS
fi

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log"
pc=$(find "$prefix" -name adcc.pc)
[ -n "$pc" ] || fail "no adcc.pc installed"
[ -f "$prefix/share/man/man1/adcc.1" ] || fail "no man page installed"

# Appends a line to a file a second later, so that its time stamp is newer
# than any output of the build before, however coarse the file system's.
edit() {
    sleep 1
    printf '%s\n' "$2" >> "$1"
}
# The derivative the models gain when edit() appends it.
square='ADCC_GRAD(x) double square(double x) { return x * x; }'

# --- CMake: find_package(adcc), adcc_add_derivatives, Ninja ----------
step "examples/cmake_project"
cp -R "$src/examples/cmake_project" "$work/cmake_project"
cd "$work/cmake_project"
rm -rf build   # a build someone made in the source tree
"$cmake" -S . -B build -G Ninja -DCMAKE_PREFIX_PATH="$prefix" > configure.log 2>&1 ||
    { cat configure.log; fail "cmake_project: configure"; }
# Builds, and says whether the log of the build ran the installed adcc.
ninja_ran_adcc() {
    ninja -C build -v > build.log 2>&1 || { cat build.log; fail "cmake_project: build"; }
    grep -q "$prefix/bin/adcc " build.log
}
ninja_up_to_date() {
    ninja -C build -n -d explain > explain.log 2>&1
    grep -q "no work to do" explain.log || { cat explain.log; fail "cmake_project: $1"; }
}
ninja_ran_adcc || fail "cmake_project: the first build did not run adcc"
./build/rosen > run.log || { cat run.log; fail "cmake_project: rosen"; }
grep -q "gradient check passed" run.log || fail "cmake_project: wrong output"
# ctest runs rosen_check_derivs (adcc_add_derivatives ... CHECK)
ctest=$(dirname "$cmake")/ctest
[ -x "$ctest" ] || ctest=ctest
check_derivs() {
    "$ctest" --test-dir build --output-on-failure > ctest.log 2>&1 || { cat ctest.log; fail "cmake_project: ctest: $1"; }
    grep -q "rosen_check_derivs .*Passed" ctest.log || { cat ctest.log; fail "cmake_project: ctest ran no rosen_check_derivs"; }
}
check_derivs "the derivative check failed"
ninja_up_to_date "a build with nothing changed has work to do"
edit include/model.h '/* edited */'
ninja_ran_adcc || fail "cmake_project: a change to include/model.h did not run adcc"
ninja_up_to_date "rebuilding after model.h left work to do"
edit model.c "$square"
ninja_ran_adcc || fail "cmake_project: a change to model.c did not run adcc"
grep -q square_grad build/model_grad.h || fail "cmake_project: model_grad.h was not regenerated"
grep -q square_grad build/model_check.c || fail "cmake_project: model_check.c was not regenerated"
check_derivs "the derivative check failed after model.c changed"
edit main.c '/* edited */'
! ninja_ran_adcc || fail "cmake_project: a change to main.c ran adcc"
ninja_up_to_date "rebuilding after main.c left work to do"

# --- make: the %_grad.c pattern rule, adcc -MD, pkg-config ------------
step "examples/make_project"
cp -R "$src/examples/make_project" "$work/make_project"
cd "$work/make_project"
PATH=$prefix/bin:$PATH
PKG_CONFIG_PATH=$(dirname "$pc")
export PATH PKG_CONFIG_PATH
make clean > /dev/null   # a build someone made in the source tree
make_ran_adcc() {
    make "$@" > build.log 2>&1 || { cat build.log; fail "make_project: make $*"; }
    grep -q "^adcc " build.log
}
make_ran_adcc run || fail "make_project: the first build did not run adcc"
grep -q "gradient check passed" build.log || { cat build.log; fail "make_project: wrong output"; }
make -q || fail "make_project: a build with nothing changed has work to do (make -q)"
edit include/model.h '/* edited */'
! make -q || fail "make_project: make -q sees nothing to do after model.h changed"
make_ran_adcc || fail "make_project: a change to include/model.h did not run adcc"
make -q || fail "make_project: rebuilding after model.h left work to do"
edit model.c "$square"
make_ran_adcc || fail "make_project: a change to model.c did not run adcc"
grep -q square_grad model_grad.h || fail "make_project: model_grad.h was not regenerated"
edit main.c '/* edited */'
! make_ran_adcc || fail "make_project: a change to main.c ran adcc"
make -q || fail "make_project: rebuilding after main.c left work to do"
make check-derivs > check.log 2>&1 || { cat check.log; fail "make_project: make check-derivs"; }
grep -q "square *grad *d_x .*PASS" check.log || { cat check.log; fail "make_project: check-derivs did not check square"; }
grep -q "^[1-9][0-9]* passed, 0 failed, 0 skipped" check.log || { cat check.log; fail "make_project: check-derivs output"; }

echo "install.use: OK: both projects build against $prefix, rerun adcc only when the model changes and pass their derivative checks"
