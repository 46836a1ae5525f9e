/* test_cuda_io.c (ctest gpu.cuda_io, label gpu): what crosses between a
 * device tensor and the host besides adt_to: dtype conversion on the
 * device (adt_to_dtype, adt_copy_ between dtypes, non-contiguous sources),
 * printing (torch's format with its device suffix) and saving (the file of
 * the host copy). Exits 77 (skipped) without a device (cuda_check.h). */
#define _POSIX_C_SOURCE 200809L
#include "cuda_check.h"

#include <unistd.h>

static void test_convert(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype from = k ? ADT_F64 : ADT_F32, to = k ? ADT_F32 : ADT_F64;
        adt_tensor *a = randn(from, 2, (int64_t[]){13, 7}), *a_dev = dev(a);
        adt_tensor *c = adt_to_dtype(a, to), *c_dev = adt_to_dtype(a_dev, to);
        check_close("adt_to_dtype", c, c_dev);
        checks++;
        EXPECT(c_dev->dtype == to);
        /* into a transposed destination, from a transposed source */
        adt_tensor *t = adt_transpose(a, 0, 1), *t_dev = adt_transpose(a_dev, 0, 1);
        adt_tensor *d = adt_zeros(to, 2, (int64_t[]){7, 13}), *d_dev = dev(d);
        adt_copy_(d, t);
        adt_copy_(d_dev, t_dev);
        check_close("adt_copy_ between dtypes", d, d_dev);
        adt_tensor *all[] = {a, a_dev, c, c_dev, t, t_dev, d, d_dev};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            adt_free(all[i]);
    }
}

/* torch prints a device tensor as the host's with device='cuda:N' first
 * among the suffixes. */
static void test_format(void)
{
    adt_tensor *a = adt_arange(ADT_F64, 0, 4, 1), *a_dev = dev(a);
    char *s = adt_format(a_dev);
    checks++;
    EXPECT(strcmp(s, "tensor([0., 1., 2., 3.], device='cuda:0', dtype=torch.float64)") == 0);
    if (strcmp(s, "tensor([0., 1., 2., 3.], device='cuda:0', dtype=torch.float64)") != 0)
        fprintf(stderr, "adt_format gave %s\n", s);
    free(s);
    adt_tensor *f = adt_zeros(ADT_F32, 2, (int64_t[]){0, 3}), *f_dev = dev(f);
    s = adt_format(f_dev);
    checks++;
    EXPECT(strcmp(s, "tensor([], device='cuda:0', size=(0, 3))") == 0);
    free(s);
    adt_tensor *all[] = {a, a_dev, f, f_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void test_save(void)
{
    char path[] = "/tmp/adcc_test_cuda_io_XXXXXX";
    int fd = mkstemp(path);
    checks++;
    EXPECT(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    adt_tensor *a = randn(ADT_F32, 3, (int64_t[]){2, 3, 4}), *a_dev = dev(a);
    adt_tensor *t_dev = adt_transpose(a_dev, 0, 2), *t = adt_transpose(a, 0, 2);
    adt_save(t_dev, path);
    adt_tensor *back = adt_load(path);
    unlink(path);
    adt_tensor *back_dev = dev(back);
    check_close("adt_save of a device tensor, then adt_load", t, back_dev);
    adt_tensor *all[] = {a, a_dev, t_dev, t, back, back_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

static void run_tests(void)
{
    test_convert();
    test_format();
    test_save();
}

int main(void)
{
    return run_main("test_cuda_io");
}
