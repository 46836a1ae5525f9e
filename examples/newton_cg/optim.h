/* optim.h: the interface of the newton_cg example: an objective given by
 * adcc's generated functions, and the two minimisers that use them. */
#ifndef NEWTON_CG_OPTIM_H
#define NEWTON_CG_OPTIM_H

/* An objective on R^n, by the signatures adcc generates: f; its gradient
 * (returns f, ADDS the gradient into d_x); its directional derivative
 * (returns f, *t_ret = grad f . t_x); its Hessian-vector product (returns
 * f, ADDS the gradient into d_x and H v into hv_x). */
typedef struct Objective {
    int n;
    double (*f)(const double *x, int n);
    double (*grad)(const double *x, double *d_x, int n);
    double (*jvp)(const double *x, const double *t_x, int n, double *t_ret);
    double (*hvp)(const double *x, const double *v_x, double *d_x, double *hv_x, int n);
} Objective;

/* Stopping rules: converged when ||g||_inf <= tol; otherwise stop after
 * max_iter iterations or max_seconds of wall time (0: no time limit). */
typedef struct Limits {
    double tol;
    long max_iter;
    double max_seconds;
    int max_cg; /* Newton-CG only: CG iterations per Newton step */
} Limits;

/* What a run did; `stop` says why it ended. */
typedef struct Result {
    long iters, cg_iters;
    long neg_curv, boundary, rejected; /* Newton-CG: CG exits, steps not taken */
    long n_f, n_grad, n_hvp;
    double f, gnorm, seconds;
    int converged;
    const char *stop;
} Result;

/* Truncated Newton in a trust region: each step minimises the quadratic
 * model g.p + p.Hp/2 over ||p|| <= delta by Steihaug-Toint conjugate
 * gradients on Hessian-vector products, stopped by the Eisenstat-Walker
 * forcing term, at negative curvature or at the boundary. x is updated in
 * place. Returns -1 if out of memory. */
int newton_cg(const Objective *obj, double *x, const Limits *lim, Result *res);

/* Gradient descent with a backtracking Armijo line search; x in place. */
int gradient_descent(const Objective *obj, double *x, const Limits *lim, Result *res);

/* Helpers shared by the solvers and main.c. */
double vec_dot(const double *a, const double *b, int n);
double vec_norm_inf(const double *a, int n);
double wall_seconds(void);

#endif
