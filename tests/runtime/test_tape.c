/* test_tape.c: unit test of the tape: LIFO order across types, growth past
 * the first block, byte counts, release, and whole ranges (the same slots
 * as single pushes; NULL pushes zeros and drops on pop). */
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

    /* ranges: interchangeable with single pushes and pops, across growth */
    enum { R = 3000 };
    static double d[R], d2[R];
    static float f[R], f2[R];
    for (int i = 0; i < R; i++) {
        d[i] = i + 0.25;
        f[i] = (float)i - 0.5f;
    }
    adcc_tape_release();
    adcc_push_array_d(d, R);
    adcc_push_array_f(f, R);
    adcc_push_array_d(NULL, 2);
    adcc_push_array_d(d, 0);
    adcc_push_array_f(f, -1);
    EXPECT(adcc_tape_bytes() == (size_t)(2 * R + 2) * sizeof(adcc_slot));
    EXPECT(adcc_pop_d() == 0.0 && adcc_pop_d() == 0.0);
    for (int i = R - 1; i >= R / 2; i--)
        EXPECT(adcc_pop_f() == f[i]);
    adcc_pop_array_f(f2, R / 2);
    for (int i = 0; i < R / 2; i++)
        EXPECT(f2[i] == f[i]);
    adcc_pop_array_d(NULL, 10); /* drops d[R-10..R-1], the top */
    adcc_pop_array_d(d2 + 10, R - 10);
    for (int i = 0; i < R - 10; i++)
        EXPECT(d2[i + 10] == d[i]);
    EXPECT(adcc_tape_bytes() == 0);
    for (int i = 0; i < R; i++)
        adcc_push_d(d[i]);
    adcc_pop_array_d(d2, R);
    for (int i = 0; i < R; i++)
        EXPECT(d2[i] == d[i]);
    if (failures)
        fprintf(stderr, "test_tape: %d failures\n", failures);
    else
        printf("test_tape: ok\n");
    return failures != 0;
}
