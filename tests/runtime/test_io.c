/* test_io.c: unit test of adt_format against strings PyTorch 1.13 printed
 * for the same tensors, and of adt_save/adt_load: the bytes of the
 * documented format and round trips in both dtypes and layouts. */
#include "adt.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

/* adt_format(t) == want, printing both on a mismatch; frees t. */
static void expect_format(adt_tensor *t, const char *want, int line)
{
    char *got = adt_format(t);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s:%d: adt_format gave\n%s\nexpected\n%s\n", __FILE__, line, got, want);
        failures++;
    }
    free(got);
    adt_free(t);
}

#define EXPECT_FORMAT(t, want) expect_format((t), (want), __LINE__)

static adt_tensor *from(adt_dtype dt, int ndim, const int64_t *shape, const double *v)
{
    adt_tensor *t = adt_empty(dt, ndim, shape);
    int64_t n = adt_numel(t);
    for (int64_t k = 0; k < n; k++) {
        if (dt == ADT_F64)
            adt_f64(t)[k] = v[k];
        else
            adt_f32(t)[k] = (float)v[k];
    }
    return t;
}

/* arange(start, stop) * scale, reshaped. */
static adt_tensor *ramp(adt_dtype dt, double stop, double scale, int ndim, const int64_t *shape)
{
    adt_tensor *a = adt_arange(dt, 0, stop, 1);
    adt_tensor *s = adt_mul_scalar(a, scale);
    adt_tensor *r = adt_reshape(s, ndim, shape);
    adt_free(a), adt_free(s);
    return r;
}

static void test_format(void)
{
    EXPECT_FORMAT(from(ADT_F64, 2, (int64_t[]){2, 2}, (double[]){0.1, -1.2, 3, 4}),
                  "tensor([[ 0.1000, -1.2000],\n        [ 3.0000,  4.0000]], dtype=torch.float64)");
    adt_tensor *m = from(ADT_F32, 2, (int64_t[]){2, 3}, (double[]){1, 2, 3, 4, 5, 6});
    EXPECT_FORMAT(adt_transpose(m, 0, 1), "tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])");
    adt_free(m);
    EXPECT_FORMAT(from(ADT_F32, 1, (int64_t[]){3}, (double[]){1e-5, 1, -250}),
                  "tensor([ 1.0000e-05,  1.0000e+00, -2.5000e+02])");
    EXPECT_FORMAT(from(ADT_F32, 1, (int64_t[]){3}, (double[]){NAN, INFINITY, -2}), "tensor([nan, inf, -2.])");
    EXPECT_FORMAT(adt_full(ADT_F64, 0, NULL, 2.5), "tensor(2.5000, dtype=torch.float64)");
    EXPECT_FORMAT(adt_zeros(ADT_F32, 2, (int64_t[]){0, 3}), "tensor([], size=(0, 3))");
    EXPECT_FORMAT(adt_zeros(ADT_F64, 1, (int64_t[]){0}), "tensor([], dtype=torch.float64)");
    EXPECT_FORMAT(adt_arange(ADT_F32, 0, 1200, 1),
                  "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.1970e+03, 1.1980e+03,\n"
                  "        1.1990e+03])");
    EXPECT_FORMAT(ramp(ADT_F32, 24, 0.125, 3, (int64_t[]){2, 3, 4}),
                  "tensor([[[0.0000, 0.1250, 0.2500, 0.3750],\n"
                  "         [0.5000, 0.6250, 0.7500, 0.8750],\n"
                  "         [1.0000, 1.1250, 1.2500, 1.3750]],\n\n"
                  "        [[1.5000, 1.6250, 1.7500, 1.8750],\n"
                  "         [2.0000, 2.1250, 2.2500, 2.3750],\n"
                  "         [2.5000, 2.6250, 2.7500, 2.8750]]])");
    EXPECT_FORMAT(adt_arange(ADT_F64, 0, 12, 1),
                  "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11.],\n"
                  "       dtype=torch.float64)");
    EXPECT_FORMAT(ramp(ADT_F32, 20, 1.0 / 7, 1, (int64_t[]){20}),
                  "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
                  "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n"
                  "        2.5714, 2.7143])");
    EXPECT_FORMAT(ramp(ADT_F64, 2002, 0.5, 2, (int64_t[]){2, 1001}),
                  "tensor([[0.0000e+00, 5.0000e-01, 1.0000e+00,  ..., 4.9900e+02, 4.9950e+02,\n"
                  "         5.0000e+02],\n"
                  "        [5.0050e+02, 5.0100e+02, 5.0150e+02,  ..., 9.9950e+02, 1.0000e+03,\n"
                  "         1.0005e+03]], dtype=torch.float64)");
    EXPECT_FORMAT(ramp(ADT_F32, 1400, 1, 2, (int64_t[]){14, 100}),
                  "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.7000e+01, 9.8000e+01,\n"
                  "         9.9000e+01],\n"
                  "        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.9700e+02, 1.9800e+02,\n"
                  "         1.9900e+02],\n"
                  "        [2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.9700e+02, 2.9800e+02,\n"
                  "         2.9900e+02],\n"
                  "        ...,\n"
                  "        [1.1000e+03, 1.1010e+03, 1.1020e+03,  ..., 1.1970e+03, 1.1980e+03,\n"
                  "         1.1990e+03],\n"
                  "        [1.2000e+03, 1.2010e+03, 1.2020e+03,  ..., 1.2970e+03, 1.2980e+03,\n"
                  "         1.2990e+03],\n"
                  "        [1.3000e+03, 1.3010e+03, 1.3020e+03,  ..., 1.3970e+03, 1.3980e+03,\n"
                  "         1.3990e+03]])");
    EXPECT_FORMAT(from(ADT_F32, 1, (int64_t[]){2}, (double[]){-0.0, 1}), "tensor([-0., 1.])");
    EXPECT_FORMAT(from(ADT_F32, 1, (int64_t[]){2}, (double[]){NAN, 1.5}), "tensor([   nan, 1.5000])");
    EXPECT_FORMAT(from(ADT_F32, 1, (int64_t[]){2}, (double[]){123456789., 1}),
                  "tensor([1.2346e+08, 1.0000e+00])");
}

/* Files go to the working directory (ctest runs each test in its build folder). */
#define FILE_A "test_io_a.adt"

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* The bytes on disk are the documented format. */
static void test_file_bytes(void)
{
    adt_tensor *t = from(ADT_F32, 2, (int64_t[]){2, 3}, (double[]){1, 2, 3, 4, 5, 6});
    adt_tensor *tt = adt_transpose(t, 0, 1); /* [3, 2]: saved row-major as 1 4 2 5 3 6 */
    adt_save(tt, FILE_A);
    unsigned char b[64];
    FILE *f = fopen(FILE_A, "rb");
    size_t n = f ? fread(b, 1, sizeof b, f) : 0;
    if (f)
        fclose(f);
    EXPECT(n == 4 + 4 + 4 + 2 * 8 + 6 * 4);
    EXPECT(memcmp(b, "ADT1", 4) == 0);
    EXPECT(b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0);   /* f32 */
    EXPECT(b[8] == 2 && b[9] == 0 && b[10] == 0 && b[11] == 0); /* ndim */
    EXPECT(b[12] == 3 && b[13] == 0 && b[19] == 0 && b[20] == 2 && b[27] == 0);
    const float want[6] = {1, 4, 2, 5, 3, 6};
    for (int i = 0; i < 6; i++) {
        float v;
        unsigned char le[4] = {b[28 + 4 * i], b[29 + 4 * i], b[30 + 4 * i], b[31 + 4 * i]};
        uint32_t u = (uint32_t)le[0] | (uint32_t)le[1] << 8 | (uint32_t)le[2] << 16 | (uint32_t)le[3] << 24;
        memcpy(&v, &u, 4);
        EXPECT(v == want[i]);
    }
    adt_free(t), adt_free(tt);
    remove(FILE_A);
}

/* save then load gives the same dtype, shape and values. */
static void round_trip(adt_tensor *t, int line)
{
    adt_save(t, FILE_A);
    adt_tensor *r = adt_load(FILE_A);
    int same = r->dtype == t->dtype && adt_same_shape(r, t) && adt_is_contiguous(r);
    int64_t idx[ADT_MAX_DIMS] = {0}, n = adt_numel(t);
    for (int64_t k = 0; same && k < n; k++) {
        int64_t rem = k;
        for (int d = t->ndim - 1; d >= 0; d--) {
            idx[d] = rem % t->shape[d];
            rem /= t->shape[d];
        }
        double a = adt_get(t, idx), b = adt_get(r, idx);
        same = a == b || (a != a && b != b);
    }
    if (!same) {
        fprintf(stderr, "%s:%d: round trip through %s changed the tensor\n", __FILE__, line, FILE_A);
        failures++;
    }
    adt_free(r);
    adt_free(t);
    remove(FILE_A);
}

static void test_round_trips(void)
{
    adt_rng rng;
    adt_rng_seed(&rng, 5);
    round_trip(adt_randn(&rng, ADT_F64, 3, (int64_t[]){2, 3, 4}), __LINE__);
    round_trip(adt_randn(&rng, ADT_F32, 2, (int64_t[]){5, 7}), __LINE__);
    round_trip(adt_full(ADT_F64, 0, NULL, -3.25), __LINE__);
    round_trip(adt_zeros(ADT_F32, 3, (int64_t[]){2, 0, 4}), __LINE__);
    round_trip(from(ADT_F64, 1, (int64_t[]){3}, (double[]){NAN, INFINITY, -0.0}), __LINE__);
    adt_tensor *big = adt_randn(&rng, ADT_F64, 3, (int64_t[]){4, 5, 6});
    round_trip(adt_permute(big, (int[]){2, 0, 1}), __LINE__);
    round_trip(adt_narrow(big, 2, 1, 3), __LINE__);
    adt_free(big);
    adt_tensor *t = adt_ones(ADT_F64, 2, (int64_t[]){3, 3});
    adt_save(t, FILE_A);
    EXPECT(file_size(FILE_A) == 12 + 16 + 72);
    adt_free(t);
    remove(FILE_A);
}

int main(void)
{
    test_format();
    test_file_bytes();
    test_round_trips();
    if (failures)
        fprintf(stderr, "test_io: %d failures\n", failures);
    else
        printf("test_io: ok\n");
    return failures != 0;
}
