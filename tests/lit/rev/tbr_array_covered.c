// To-be-recorded analysis on arrays, covered writes, on the numeric model
// tests/grad/array_rewrites.c: lower_times's forward sweep saves the
// caller's values of out[] where it first writes them (the caller's reverse
// sweep reads them), but the later `out[i] += ...` only overwrites values
// the helper wrote itself: every index it reaches (j+1 <= i < d) lies in the
// covering loop's range (0 <= i < d) and no reverse part in between reads
// out, so it saves nothing. square_scale's `out[i] *= v[i]` needs its own
// old value in the reverse sweep, so that write still saves it. A covering
// loop whose reversed loop never reads out saves the whole range at once
// (one push before the loop, one pop after the reversed loop).
// RUN: %adcc %S/../../grad/array_rewrites.c -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o

// CHECK-LABEL: {{^}}static void lower_times_fwd({{.*}}){{$}}
// CHECK:       adcc_push_array_d(out, d > 0 ? d : 0);
// CHECK-NEXT:  for (int i = 0; i < d; i++) {
// CHECK-NEXT:  out[i] = diag[i] * v[i];
// CHECK:       for (int i = j + 1; i < d; i++) {
// CHECK-NEXT:  out[i] += l[li] * v[j];
// CHECK-LABEL: {{^}}static void lower_times_rev({{.*}}){{$}}
// CHECK:       for (int i = {{.*}}; i >= j + 1; i--) {
// CHECK-NOT:   adcc_pop_d
// CHECK:       d_l[li] +=
// CHECK:       for (int i = {{.*}}; i >= 0; i--) {
// CHECK-NOT:   adcc_pop_d
// CHECK:       adcc_pop_array_d(out, d > 0 ? d : 0);
// CHECK-NEXT:  }

// CHECK-LABEL: {{^}}static void square_scale_fwd({{.*}}){{$}}
// CHECK:       adcc_push_array_d(out, d > 0 ? d : 0);
// CHECK-NEXT:  for (int i = 0; i < d; i++) {
// CHECK-NEXT:  out[i] = v[i] * v[i];
// CHECK:       adcc_push_d(out[i]);
// CHECK-NEXT:  out[i] *= v[i];
