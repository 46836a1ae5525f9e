/* bench.h: prototypes shared by the benchmark driver and the hand-written
 * adjoints. The model files (rosenbrock.c, gmm.c) do not include it: they
 * are what adcc reads, and stay plain C with only <adcc.h>.
 *
 * Gradient contract (adcc's, see DESIGN.md "User interface contract"):
 * each active pointer parameter a is followed by its adjoint d_a of the
 * same extent; the function returns the primal value and ACCUMULATES into
 * the adjoints, which the caller zeroes. */
#ifndef ADCC_BENCH_H
#define ADCC_BENCH_H

/* The primal models. */
double rosenbrock(const double *x, int n);
double gmm_objective(int d, int k, int n, const double *alphas,
                     const double *means, const double *icf, const double *x,
                     double wishart_gamma, int wishart_m);

/* Hand-written adjoints (hand_rosenbrock.c, hand_gmm.c). */
double rosenbrock_hand_grad(const double *x, double *d_x, int n);
double gmm_objective_hand_grad(int d, int k, int n, const double *alphas,
                               double *d_alphas, const double *means,
                               double *d_means, const double *icf,
                               double *d_icf, const double *x,
                               double wishart_gamma, int wishart_m);

/* adcc-generated gradients (from bench/run.sh; absent with -DNO_ADCC). */
#ifndef NO_ADCC
double rosenbrock_grad(const double *x, double *d_x, int n);
double gmm_objective_grad(int d, int k, int n, const double *alphas,
                          double *d_alphas, const double *means,
                          double *d_means, const double *icf, double *d_icf,
                          const double *x, double wishart_gamma,
                          int wishart_m);
/* forward mode (f_jvp) and Hessian-vector products (f_hvp) */
double rosenbrock_jvp(const double *x, const double *t_x, int n, double *t_ret);
double rosenbrock_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
double gmm_objective_jvp(int d, int k, int n, const double *alphas, const double *t_alphas,
                         const double *means, const double *t_means, const double *icf,
                         const double *t_icf, const double *x, double wishart_gamma,
                         int wishart_m, double *t_ret);
double gmm_objective_hvp(int d, int k, int n, const double *alphas, const double *v_alphas,
                         double *d_alphas, double *hv_alphas, const double *means,
                         const double *v_means, double *d_means, double *hv_means,
                         const double *icf, const double *v_icf, double *d_icf, double *hv_icf,
                         const double *x, double wishart_gamma, int wishart_m);
#endif

/* gmm.c keeps the per-point temporaries in fixed arrays of this size; the
 * driver checks d <= GMM_MAX_D. */
#define GMM_MAX_D 64

#endif
