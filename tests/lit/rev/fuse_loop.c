// Loop fusion in f_grad (ad/rev_fuse.c), on the numeric model
// tests/grad/fused_loops.c: when a function-level loop's reverse iterations
// only accumulate into adjoints, restore nothing and call no helper, and the
// adjoints they read get values the code after the loop fixes in advance
// (d_s = 2.5 for `r = 2.5 * s - 3.0; return r + w * w;`), each reverse
// iteration runs inside the forward iteration: one pass over x, nothing
// taped, no reversed loop. Otherwise the loop is reversed as usual.
// RUN: %adcc %S/../../grad/fused_loops.c -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o

// CHECK-LABEL: {{^}}double linear_tail_grad(const double *x, double *d_x, double w, double *d_w, int n){{$}}
// CHECK-NOT:   adcc_push
// CHECK:       double [[SEED:adcc_seed[0-9]+]] = 2.5;
// CHECK-NEXT:  for (int i = 0; i < n; i++) {
// CHECK-NEXT:  s += w * sin(x[i]) * x[i];
// CHECK-NEXT:  double [[A:adcc_a[0-9]+]] = [[SEED]] * x[i];
// CHECK-NEXT:  *d_w += [[A]] * sin(x[i]);
// CHECK:       d_x[i] +=
// CHECK-NEXT:  }
// CHECK:       /* reverse sweep */
// CHECK-NOT:   for (
// CHECK:       return adcc_result;

// Only the last loop qualifies: the first one's seed d_a is what the second
// loop accumulates, declared before it. The first loop's exp results are
// saved and read back instead of evaluating exp again.
// CHECK-LABEL: {{^}}double two_loops_grad(
// CHECK:       double d_a = 0.0;
// CHECK-NEXT:  double [[SEED:adcc_seed[0-9]+]] = 0.5;
// CHECK-NEXT:  for (int i = 1; i < n; i++) {
// CHECK:       d_a += {{.*}}x[i];
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
// CHECK:       [[E:adcc_e[0-9]+]] = adcc_pop_d();
// CHECK-NEXT:  d_[[E]] += d_a;
// CHECK-NEXT:  double [[A:adcc_a[0-9]+]] = d_[[E]] * [[E]];

// Not fused: the seed depends on the loop's result (s * s), the loop must
// restore p, the code after the loop reads d_a.
// CHECK-LABEL: {{^}}double nonlinear_tail_grad(
// CHECK-NOT:   adcc_seed
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
// CHECK-LABEL: {{^}}double product_grad(
// CHECK-NOT:   adcc_seed
// CHECK:       adcc_push_d(p);
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
// CHECK-LABEL: {{^}}double tail_increment_grad(
// CHECK-NOT:   adcc_seed
// CHECK:       /* reverse sweep */
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
