/* test_optim.c: SGD (plain, momentum, weight decay) and Adam (bias
 * correction, weight decay) against hand-computed steps, in f64 and f32,
 * over several parameters including a non-contiguous one; zero_grad,
 * set_lr, and argument errors. */
#include "fdcheck.h"

#include <math.h>
#include <stdio.h>

static int failures;

#define EXPECT(cond)                                                                \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                                             \
        }                                                                           \
    } while (0)

#define EXPECT_NEAR(a, b, tol)                                                                    \
    do {                                                                                          \
        double a_ = (a), b_ = (b);                                                                \
        if (!(fabs(a_ - b_) <= (tol))) {                                                          \
            fprintf(stderr, "%s:%d: expected %s = %.15g near %s = %.15g\n", __FILE__, __LINE__, #a, \
                    a_, #b, b_);                                                                  \
            failures++;                                                                           \
        }                                                                                         \
    } while (0)

/* p = [1, -2], grad = [0.5, 1] before every step. Expected parameters after
 * steps 1, 2, 3, worked out by hand from PyTorch's formulas:
 *   SGD lr 0.1, momentum 0.9, weight decay 0.01:
 *     step 1: g = [0.51, 0.98], buf = g, p = [0.949, -2.098]
 *     step 2: g = [0.50949, 0.97902], buf = 0.9 buf + g = [0.96849, 1.86102],
 *             p = [0.852151, -2.284102]
 *     step 3: g = [0.50852151, 0.97715898], buf = [1.38016251, 2.65207698],
 *             p = [0.714134749, -2.549309698]
 *   SGD lr 0.1, no momentum, weight decay 0.01: p = [0.949, -2.098], then
 *             g = [0.50949, 0.97902], p = [0.898051, -2.195902]
 *   Adam lr 0.1, betas 0.9, 0.999, eps 1e-8, no decay: with a constant
 *     gradient the corrected moments are g and g^2, each step moves
 *     lr g / (|g| + eps): p_t = [1 - 0.1 t (0.5 / (0.5 + 1e-8)), -2 - 0.1 t / (1 + 1e-8)]
 *   Adam lr 0.01, betas 0.8, 0.99, eps 1e-3, weight decay 0.1:
 *     step 1: g = [0.6, 0.8]; m^ = g, v^ = g^2; p = [1 - 0.006 / 0.601, -2 - 0.008 / 0.801]
 *     steps 2, 3: as printed below (m = 0.8 m + 0.2 g, v = 0.99 v + 0.01 g^2,
 *     p -= 0.01 (m / (1 - 0.8^t)) / (sqrt(v / (1 - 0.99^t)) + 1e-3)). */
static const double sgd_momentum[3][2] = {{0.949, -2.098}, {0.852151, -2.284102}, {0.714134749, -2.549309698}};
static const double sgd_plain[2][2] = {{0.949, -2.098}, {0.898051, -2.195902}};
static const double adam_decay[3][2] = {{0.99001663893510816, -2.0099875156054932},
                                        {0.98003417707198814, -2.0199743596404618},
                                        {0.97005319645456967, -2.0299600960983626}};

static void set2(adt_tensor *t, double a, double b)
{
    fd_put(t, 0, a);
    fd_put(t, 1, b);
}

/* Runs `steps` steps of opt over p (with grad g reset to [0.5, 1] each
 * time) and checks p against want after each. */
static void run_steps(adt_optim *opt, adt_tensor *p, adt_tensor *g, const double (*want)[2], int steps, double tol,
                      int line)
{
    for (int t = 0; t < steps; t++) {
        set2(g, 0.5, 1.0);
        adt_optim_step(opt);
        for (int i = 0; i < 2; i++) {
            if (!(fabs(fd_at(p, i) - want[t][i]) <= tol)) {
                fprintf(stderr, "%s:%d: step %d: p[%d] = %.15g, expected %.15g\n", __FILE__, line, t + 1, i,
                        fd_at(p, i), want[t][i]);
                failures++;
            }
        }
    }
}

static void test_sgd(adt_dtype dt, double tol)
{
    adt_tensor *p = adt_zeros(dt, 1, (int64_t[]){2}), *g = adt_zeros(dt, 1, (int64_t[]){2});
    set2(p, 1, -2);
    adt_optim *opt = adt_sgd(&p, &g, 1, 0.1, 0.9, 0.01);
    run_steps(opt, p, g, sgd_momentum, 3, tol, __LINE__);
    adt_optim_free(opt);

    set2(p, 1, -2);
    opt = adt_sgd(&p, &g, 1, 0.1, 0, 0.01);
    run_steps(opt, p, g, sgd_plain, 2, tol, __LINE__);
    /* set_lr: lr 0 stops the parameters; zero_grad clears the gradients */
    adt_optim_set_lr(opt, 0);
    adt_optim_step(opt);
    EXPECT_NEAR(fd_at(p, 0), sgd_plain[1][0], tol);
    adt_optim_zero_grad(opt);
    EXPECT(fd_at(g, 0) == 0 && fd_at(g, 1) == 0);
    adt_optim_set_lr(opt, 1);
    adt_optim_step(opt); /* p -= 1 (0 + 0.01 p) */
    EXPECT_NEAR(fd_at(p, 0), sgd_plain[1][0] * 0.99, tol);
    adt_optim_free(opt);
    adt_free(p);
    adt_free(g);
}

static void test_adam(adt_dtype dt, double tol)
{
    adt_tensor *p = adt_zeros(dt, 1, (int64_t[]){2}), *g = adt_zeros(dt, 1, (int64_t[]){2});
    double constant[3][2];
    for (int t = 0; t < 3; t++) {
        constant[t][0] = 1 - 0.1 * (t + 1) * (0.5 / (0.5 + 1e-8));
        constant[t][1] = -2 - 0.1 * (t + 1) * (1 / (1 + 1e-8));
    }
    set2(p, 1, -2);
    adt_optim *opt = adt_adam(&p, &g, 1, 0.1, 0.9, 0.999, 1e-8, 0);
    run_steps(opt, p, g, (const double(*)[2])constant, 3, tol, __LINE__);
    adt_optim_free(opt);

    set2(p, 1, -2);
    opt = adt_adam(&p, &g, 1, 0.01, 0.8, 0.99, 1e-3, 0.1);
    run_steps(opt, p, g, adam_decay, 3, tol, __LINE__);
    adt_optim_free(opt);
    adt_free(p);
    adt_free(g);
}

/* Several parameters at once, one of them a transposed view: each follows
 * the single-parameter formula elementwise. */
static void test_many_params(void)
{
    adt_tensor *base = adt_arange(ADT_F64, 0, 6, 1);
    adt_tensor *m = adt_reshape(base, 2, (int64_t[]){2, 3});
    adt_tensor *pt = adt_transpose(m, 0, 1); /* [3, 2], a view of base */
    adt_tensor *gt = adt_full(ADT_F64, 2, (int64_t[]){3, 2}, 1);
    adt_tensor *q = adt_full(ADT_F32, 1, (int64_t[]){4}, 2), *gq = adt_full(ADT_F32, 1, (int64_t[]){4}, -1);
    adt_tensor *params[] = {pt, q}, *grads[] = {gt, gq};
    adt_optim *opt = adt_sgd(params, grads, 2, 0.5, 0.5, 0);
    adt_optim_step(opt); /* buf = g, p -= 0.5 g */
    adt_optim_step(opt); /* buf = 0.5 g + g, p -= 0.75 g */
    for (int64_t k = 0; k < 6; k++)
        EXPECT_NEAR(fd_at(base, k), (double)k - 1.25, 1e-15);
    for (int64_t k = 0; k < 4; k++)
        EXPECT_NEAR(fd_at(q, k), 2 + 1.25, 1e-6);
    adt_optim_free(opt);
    /* the optimiser keeps its own references: freeing it leaves these alive */
    adt_tensor *all[] = {base, m, pt, gt, q, gq};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
    adt_optim_free(NULL);
}

static void test_errors(void)
{
    adt_tensor *p = adt_zeros(ADT_F64, 1, (int64_t[]){2}), *g3 = adt_zeros(ADT_F64, 1, (int64_t[]){3});
    adt_tensor *g32 = adt_zeros(ADT_F32, 1, (int64_t[]){2}), *g = adt_zeros(ADT_F64, 1, (int64_t[]){2});
    adt_tensor *ps[] = {p, p}, *gs[] = {g, g3};
    adt_optim *opt = NULL;
    FD_EXPECT_ERROR(failures, opt = adt_sgd(ps, gs, 2, 0.1, 0, 0), "adt: adt_sgd: grads[1]");
    FD_EXPECT_ERROR(failures, opt = adt_sgd(&p, &g32, 1, 0.1, 0, 0), "adt_sgd: grads[0]");
    FD_EXPECT_ERROR(failures, opt = adt_sgd(&p, &g, 1, -1, 0, 0), "adt_sgd: lr must be finite and >= 0, got -1");
    FD_EXPECT_ERROR(failures, opt = adt_sgd(&p, &g, 1, 0.1, NAN, 0), "adt_sgd: momentum must be finite and >= 0");
    FD_EXPECT_ERROR(failures, opt = adt_sgd(&p, NULL, 1, 0.1, 0, 0), "adt_sgd: argument grads is NULL");
    FD_EXPECT_ERROR(failures, opt = adt_adam(&p, &g, 1, 0.1, 1, 0.999, 1e-8, 0),
                    "adt_adam: beta1 must be in [0, 1), got 1");
    FD_EXPECT_ERROR(failures, opt = adt_adam(&p, &g, 1, 0.1, 0.9, -0.5, 1e-8, 0),
                    "adt_adam: beta2 must be in [0, 1), got -0.5");
    FD_EXPECT_ERROR(failures, opt = adt_adam(&p, &g, 1, 0.1, 0.9, 0.999, 1e-8, INFINITY),
                    "adt_adam: weight_decay must be finite and >= 0, got inf");
    FD_EXPECT_ERROR(failures, opt = adt_adam(&p, &g, -1, 0.1, 0.9, 0.999, 1e-8, 0), "adt_adam: n must not be negative");
    FD_EXPECT_ERROR(failures, adt_optim_step(NULL), "adt_optim_step: argument opt is NULL");
    EXPECT(opt == NULL);
    opt = adt_sgd(&p, &g, 1, 0.1, 0, 0);
    FD_EXPECT_ERROR(failures, adt_optim_set_lr(opt, -0.5), "adt_optim_set_lr: lr must be finite and >= 0, got -0.5");
    adt_optim_free(opt);
    adt_tensor *all[] = {p, g3, g32, g};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        adt_free(all[i]);
}

int main(void)
{
    test_sgd(ADT_F64, 1e-15);
    test_sgd(ADT_F32, 1e-6);
    test_adam(ADT_F64, 1e-15);
    test_adam(ADT_F32, 1e-6);
    test_many_params();
    test_errors();
    if (failures)
        fprintf(stderr, "test_optim: %d failures\n", failures);
    else
        printf("test_optim: ok\n");
    return failures != 0;
}
