// Inlining functions on tensors into each other can grow a body
// exponentially (here each calls the next four times: 4^8 copies); past
// 20000 copied IR nodes it is an error at the call being inlined, for each
// function it would make too large, instead of a hang.
// RUN: rm -f %t.c
// RUN: %not timeout 60 %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adt.h>

static double h8(const adt_tensor *t) { return adt_sum_all(t); }
static double h7(const adt_tensor *t) { return h8(t) + h8(t) + h8(t) + h8(t); }
static double h6(const adt_tensor *t) { return h7(t) + h7(t) + h7(t) + h7(t); }
static double h5(const adt_tensor *t) { return h6(t) + h6(t) + h6(t) + h6(t); }
static double h4(const adt_tensor *t) { return h5(t) + h5(t) + h5(t) + h5(t); }
static double h3(const adt_tensor *t) { return h4(t) + h4(t) + h4(t) + h4(t); }
// CHECK: {{^}}[[FILE]]:[[@LINE+7]]:56: error: inlining the functions that take or return tensors makes 'h2' too large (over 20000 IR nodes); give 'h3' a rule with ADCC_PULLBACK{{$}}
// CHECK-NEXT: {{^static double h2.*$}}
// CHECK-NEXT: {{^ {55}\^$}}
// CHECK: [[FILE]]:[[@LINE+4]]:56: error: {{.*}} makes 'h1' too large {{.*}} give 'h3' a rule
// CHECK: [[FILE]]:[[@LINE+3]]:56: error: {{.*}} makes 'h0' too large {{.*}} give 'h3' a rule
// CHECK: [[FILE]]:[[@LINE+2]]:56: error: {{.*}} makes 'f' too large {{.*}} give 'h3' a rule
// CHECK-NOT: error:
static double h2(const adt_tensor *t) { return h3(t) + h3(t) + h3(t) + h3(t); }
static double h1(const adt_tensor *t) { return h2(t) + h2(t) + h2(t) + h2(t); }
static double h0(const adt_tensor *t) { return h1(t) + h1(t) + h1(t) + h1(t); }

ADCC_GRAD(w)
double f(adt_tensor *w)
{
    return h0(w);
}
