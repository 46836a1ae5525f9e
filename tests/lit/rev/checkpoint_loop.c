// ADCC_CHECKPOINT_LOOP(K): the loop's steps are not taped. The forward
// sweep runs them as primal steps between the schedule's snapshots; the
// reverse sweep follows the schedule (advance, store, restore), and a turn
// runs one step's forward sweep (taping) and then its reverse. The state
// is inferred: what the body writes that outlives a step (s and the int
// flips; a, declared in the body, is not state).
// RUN: %adcc %s -o %t.c
// RUN: %FileCheck %s < %t.c
// RUN: %cc -c %t.c -o %t.o
#include <adcc.h>
#include <math.h>

ADCC_GRAD(s0, r)
double orbit(double s0, double r, int steps)
{
    double s = s0;
    int flips = 0;
    ADCC_CHECKPOINT_LOOP(16)
    for (int t = 0; t < steps; t++) {
        double a = r * cos(s);
        s = s + a / (1.0 + t);
        if (s > 1.0)
            flips++;
    }
    return s * (1.0 + 0.01 * flips);
}

// CHECK-LABEL: double orbit_grad(double s0, double *d_s0, double r, double *d_r, int steps)
// CHECK:         void *[[CK:adcc_ck[0-9]+]] = adcc_ckpt_begin(steps > 0 ? steps : 0, 16);
// CHECK-NEXT:    while (adcc_ckpt_next([[CK]])) {
// CHECK-NEXT:        if (adcc_ckpt_advancing([[CK]])) {
// CHECK-NEXT:            for (int t = (int)adcc_ckpt_from([[CK]]); t < (int)adcc_ckpt_to([[CK]]); t++) {
// CHECK-NEXT:                double a = r * cos(s);
// CHECK-NOT:     adcc_push
// CHECK:             } else {
// CHECK-NEXT:            adcc_ckpt_put([[CK]], &s, sizeof s);
// CHECK-NEXT:            adcc_ckpt_put([[CK]], &flips, sizeof flips);
// CHECK-NEXT:        }
// CHECK-NEXT:    }
// CHECK-NEXT:    adcc_push_p([[CK]]);
// CHECK:         /* reverse sweep */
// CHECK:         void *[[CK2:adcc_ck[0-9]+]] = (void *)adcc_pop_p();
// CHECK-NEXT:    while (adcc_ckpt_next([[CK2]])) {
// CHECK-NEXT:        if (adcc_ckpt_advancing([[CK2]])) {
// CHECK:                 if (adcc_ckpt_storing([[CK2]])) {
// CHECK-NEXT:                adcc_ckpt_put([[CK2]], &s, sizeof s);
// CHECK-NEXT:                adcc_ckpt_put([[CK2]], &flips, sizeof flips);
// CHECK:                     if (adcc_ckpt_restoring([[CK2]])) {
// CHECK-NEXT:                    adcc_ckpt_get([[CK2]], &s, sizeof s);
// CHECK-NEXT:                    adcc_ckpt_get([[CK2]], &flips, sizeof flips);
// CHECK-NEXT:                } else {
// CHECK-NEXT:                    int t = (int)adcc_ckpt_from([[CK2]]);
// CHECK:                         double a = r * cos(s);
// CHECK:                         adcc_push_d(s);
// CHECK:                         adcc_pop_d();
// CHECK:                         *d_r +=
// CHECK:         adcc_ckpt_end([[CK2]]);
