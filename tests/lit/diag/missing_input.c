// A missing input file: status 1 (tools/adcc.c: the input cannot be read),
// no output, and one error naming the file and saying it cannot be opened
// (not an internal libclang error code).
// RUN: rm -f %t.c
// RUN: %not %adcc %t.does-not-exist.c -o %t.c 2>%t.err
// RUN: test ! -e %t.c
// RUN: %FileCheck %s < %t.err
// CHECK: {{^}}adcc: error: cannot open '{{.*}}does-not-exist.c': No such file or directory{{$}}
// CHECK-NOT: libclang error
#include <adcc.h>
