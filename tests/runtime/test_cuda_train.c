/* test_cuda_train.c (ctest gpu.cuda_train, label gpu): training on the
 * CUDA device against the CPU: SGD (with and without momentum and weight
 * decay) and Adam over several steps on parameters of either dtype, a
 * non-contiguous parameter, the loader's shuffled batches of a dataset on
 * the device (the same batches as on the CPU for the same seed), dropout
 * masks drawn for a device tensor, adt_cuda_synchronize, and the errors
 * for mixed devices. Exits 77 (skipped) without a device (cuda_check.h). */
#include "cuda_check.h"

/* ---- optimisers: the same steps on copies of the same parameters ---- */

typedef adt_optim *(*MakeOptim)(adt_tensor *const *params, adt_tensor *const *grads, int n);

static adt_optim *sgd_plain(adt_tensor *const *p, adt_tensor *const *g, int n) { return adt_sgd(p, g, n, 0.1, 0, 0); }
static adt_optim *sgd_momentum(adt_tensor *const *p, adt_tensor *const *g, int n) { return adt_sgd(p, g, n, 0.05, 0.9, 0.01); }
static adt_optim *adam(adt_tensor *const *p, adt_tensor *const *g, int n) { return adt_adam(p, g, n, 1e-2, 0.9, 0.999, 1e-8, 0.001); }
static adt_optim *adam_no_wd(adt_tensor *const *p, adt_tensor *const *g, int n) { return adt_adam(p, g, n, 3e-3, 0.8, 0.99, 1e-6, 0); }

/* Four steps with fresh gradients each; the parameters are compared after
 * each. One parameter is a transposed view of a larger tensor. */
static void check_optim(const char *name, MakeOptim make, adt_dtype dt)
{
    char what[96];
    adt_tensor *base = randn(dt, 2, (int64_t[]){5, 7});
    adt_tensor *p_cpu[2] = {randn(dt, 1, (int64_t[]){300}), adt_transpose(base, 0, 1)};
    adt_tensor *base_dev = dev(base);
    adt_tensor *p_dev[2] = {dev(p_cpu[0]), adt_transpose(base_dev, 0, 1)};
    adt_tensor *g_cpu[2], *g_dev[2];
    for (int i = 0; i < 2; i++) {
        g_cpu[i] = adt_zeros_like(p_cpu[i]);
        g_dev[i] = adt_zeros_like(p_dev[i]);
    }
    adt_optim *o_cpu = make(p_cpu, g_cpu, 2), *o_dev = make(p_dev, g_dev, 2);
    for (int step = 0; step < 4; step++) {
        for (int i = 0; i < 2; i++) {
            adt_tensor *g = randn(dt, p_cpu[i]->ndim, p_cpu[i]->shape), *gd = dev(g);
            adt_copy_(g_cpu[i], g);
            adt_copy_(g_dev[i], gd);
            adt_free(g);
            adt_free(gd);
        }
        adt_optim_set_lr(o_cpu, 0.9 * (step + 1) * 1e-2);
        adt_optim_set_lr(o_dev, 0.9 * (step + 1) * 1e-2);
        adt_optim_step(o_cpu);
        adt_optim_step(o_dev);
        for (int i = 0; i < 2; i++) {
            snprintf(what, sizeof what, "%s step %d param %d", name, step + 1, i);
            check_close(what, p_cpu[i], p_dev[i]);
        }
    }
    adt_optim_zero_grad(o_dev);
    adt_tensor *zero = adt_zeros_like(g_cpu[0]);
    check_close("adt_optim_zero_grad", zero, g_dev[0]);
    adt_free(zero);
    adt_optim_free(o_cpu);
    adt_optim_free(o_dev);
    for (int i = 0; i < 2; i++) {
        adt_free(p_cpu[i]);
        adt_free(p_dev[i]);
        adt_free(g_cpu[i]);
        adt_free(g_dev[i]);
    }
    adt_free(base);
    adt_free(base_dev);
}

/* ---- the loader ---- */

/* Two epochs of batches of 7 from 40 samples [40, 3, 2] (the last batch
 * short), with and without shuffling, on both devices. */
static void check_loader(adt_dtype dt, int shuffle)
{
    adt_tensor *x = randn(dt, 3, (int64_t[]){40, 3, 2}), *labels = adt_arange(dt, 0, 40, 1);
    adt_tensor *x_dev = dev(x), *labels_dev = dev(labels);
    adt_loader *l_cpu = adt_loader_new(x, labels, 7, shuffle, 99);
    adt_loader *l_dev = adt_loader_new(x_dev, labels_dev, 7, shuffle, 99);
    checks++;
    EXPECT(adt_loader_batches(l_dev) == 6);
    for (int epoch = 0; epoch < 2; epoch++) {
        adt_tensor *bx, *bl, *bx_dev, *bl_dev;
        int batches = 0;
        for (;;) {
            int more = adt_loader_next(l_cpu, &bx, &bl), more_dev = adt_loader_next(l_dev, &bx_dev, &bl_dev);
            EXPECT(more == more_dev);
            if (!more || !more_dev)
                break;
            check_close("adt_loader_next x", bx, bx_dev);
            check_close("adt_loader_next labels", bl, bl_dev);
            adt_free(bx);
            adt_free(bl);
            adt_free(bx_dev);
            adt_free(bl_dev);
            batches++;
        }
        EXPECT(batches == 6);
    }
    adt_loader_free(l_cpu);
    adt_loader_free(l_dev);
    adt_tensor *all[] = {x, labels, x_dev, labels_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

/* ---- dropout: the same mask from the same generator state ---- */

static void check_dropout(adt_dtype dt)
{
    adt_tensor *like = randn(dt, 2, (int64_t[]){33, 17}), *like_dev = dev(like);
    adt_rng r_cpu, r_dev;
    adt_rng_seed(&r_cpu, 5);
    adt_rng_seed(&r_dev, 5);
    adt_tensor *m = adt_dropout_mask(&r_cpu, like, 0.3), *m_dev = adt_dropout_mask(&r_dev, like_dev, 0.3);
    check_close("adt_dropout_mask", m, m_dev);
    adt_tensor *t, *t_dev;
    adt_tensor *m2 = adt_dropout_mask_pf(&r_cpu, like, NULL, 0.3, 0.5, &t);
    adt_tensor *m2_dev = adt_dropout_mask_pf(&r_dev, like_dev, NULL, 0.3, 0.5, &t_dev);
    check_close("adt_dropout_mask_pf mask", m2, m2_dev);
    check_close("adt_dropout_mask_pf tangent", t, t_dev);
    adt_dropout_mask_pb(&r_dev, like_dev, NULL, 0.3, NULL, m_dev); /* checks only */
    adt_tensor *all[] = {like, like_dev, m, m_dev, t, t_dev, m2, m2_dev};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        adt_free(all[i]);
}

/* ---- errors ---- */

static adt_optim *osink;
static adt_loader *lsink;

static void check_errors(void)
{
    adt_tensor *p = randn(ADT_F32, 1, (int64_t[]){4}), *p_dev = dev(p);
    adt_tensor *labels = adt_zeros(ADT_F32, 1, (int64_t[]){4});
    adt_tensor *x_dev = dev(p);
    EXPECT_ERROR(osink = adt_sgd(&p_dev, &p, 1, 0.1, 0, 0), "adt: adt_sgd: tensors on different devices");
    EXPECT_ERROR(osink = adt_adam(&p, &p_dev, 1, 0.1, 0.9, 0.999, 1e-8, 0),
                 "adt: adt_adam: tensors on different devices");
    EXPECT_ERROR(lsink = adt_loader_new(x_dev, labels, 2, 1, 1), "adt: adt_loader_new: tensors on different devices");
    adt_cuda_synchronize();
    adt_free(p);
    adt_free(p_dev);
    adt_free(labels);
    adt_free(x_dev);
}

static void run_tests(void)
{
    for (int k = 0; k < 2; k++) {
        adt_dtype dt = k ? ADT_F64 : ADT_F32;
        check_optim("sgd", sgd_plain, dt);
        check_optim("sgd momentum", sgd_momentum, dt);
        check_optim("adam", adam, dt);
        check_optim("adam without weight decay", adam_no_wd, dt);
        check_loader(dt, 1);
        check_loader(dt, 0);
        check_dropout(dt);
    }
    check_errors();
}

int main(void)
{
    return run_main("test_cuda_train");
}
