// An input that exists but that libclang cannot parse (a directory here) is
// an error naming it, with status 1 and no output.
// RUN: rm -f %t.c
// RUN: %not %adcc %S -o %t.c 2>&1 | %FileCheck %s --implicit-check-not=error:
// RUN: test ! -e %t.c
// CHECK: {{^}}adcc: error: cannot parse '{{.*}}diag' (libclang error {{[0-9]+}}); give adcc a readable C source file{{$}}
