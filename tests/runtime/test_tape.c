/* test_tape.c: unit test of the tape: LIFO order across types, growth past
 * the first block, byte counts, and release. */
#include "adcc_rt.h"

#include <stdio.h>

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

int main(void)
{
    int n = 100000;
    for (int i = 0; i < n; i++) {
        adcc_push_d(i * 0.5);
        adcc_push_i(i);
        adcc_push_f((float)i);
        adcc_push_p(&failures);
        adcc_push_l((long long)i << 33);
    }
    EXPECT(adcc_tape_bytes() == (size_t)n * 5 * sizeof(adcc_slot));
    for (int i = n - 1; i >= 0; i--) {
        EXPECT(adcc_pop_l() == (long long)i << 33);
        EXPECT(adcc_pop_p() == &failures);
        EXPECT(adcc_pop_f() == (float)i);
        EXPECT(adcc_pop_i() == i);
        EXPECT(adcc_pop_d() == i * 0.5);
    }
    EXPECT(adcc_tape_bytes() == 0);
    EXPECT(adcc_tape_peak_bytes() >= (size_t)n * 5 * sizeof(adcc_slot));
    adcc_tape_release();
    adcc_push_d(1.0);
    EXPECT(adcc_pop_d() == 1.0);
    if (failures)
        fprintf(stderr, "test_tape: %d failures\n", failures);
    else
        printf("test_tape: ok\n");
    return failures != 0;
}
