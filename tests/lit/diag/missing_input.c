// A missing input file: status 1 (tools/adcc.c: the input cannot be read),
// no output, and one error naming the file and saying it cannot be opened
// (not an internal libclang error code).
// RUN: rm -f %t.c
// RUN: %not %adcc %t.does-not-exist.c -o %t.c 2>%t.err
// RUN: test ! -e %t.c
// RUN: %FileCheck %s < %t.err
// CHECK: error: {{.*}}does-not-exist.c
// CHECK-SAME: {{[Nn]o such file|cannot open|cannot read|not found|does not exist}}
// CHECK-NOT: libclang error
#include <adcc.h>
