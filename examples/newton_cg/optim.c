/* optim.c: Newton-CG (truncated Newton, trust region) and gradient descent
 * (backtracking Armijo line search) on an Objective whose gradient and
 * Hessian-vector product come from adcc. Nothing here knows the function. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARMIJO_C1      1e-4 /* sufficient decrease: f(x + t p) <= f + c1 t g.p */
#define MAX_BACKTRACKS 60   /* t = 2^-60: the step has vanished */
#define EW_GAMMA       0.9  /* Eisenstat-Walker choice 2: eta = gamma (|g_k|/|g_k-1|)^alpha */
#define EW_ALPHA       2.0
#define EW_ETA0        0.5 /* forcing term of the first step */
#define EW_ETA_MAX     0.9
#define TR_DELTA0      1.0 /* trust-region radius (2-norm) of the first step */
#define TR_DELTA_MAX   1e10
#define TR_ACCEPT      1e-4 /* a step is taken when rho = actual / predicted decrease > this */

double vec_dot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

double vec_norm_inf(const double *a, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(a[i]));
    return m;
}

double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* f and g = grad f at x (g overwritten). */
static double eval_grad(const Objective *obj, const double *x, double *g, Result *res)
{
    memset(g, 0, sizeof(double) * (size_t)obj->n);
    res->n_grad++;
    return obj->grad(x, g, obj->n);
}

/* Backtracking from step t: the first t / 2^k with f(x + t p) <= f0 +
 * c1 t slope; x + t p goes to xt. Returns t, or 0 if none was found. */
static double armijo(const Objective *obj, const double *x, double f0, const double *p, double slope,
                     double t, double *xt, Result *res)
{
    int n = obj->n;
    for (int k = 0; k < MAX_BACKTRACKS; k++, t *= 0.5) {
        for (int i = 0; i < n; i++)
            xt[i] = x[i] + t * p[i];
        res->n_f++;
        if (obj->f(xt, n) <= f0 + ARMIJO_C1 * t * slope)
            return t;
    }
    return 0.0;
}

/* The checks every iteration starts with; sets res->stop and returns 1 to stop. */
static int should_stop(const Limits *lim, Result *res, double gnorm, long k, double t_start)
{
    if (gnorm <= lim->tol) {
        res->converged = 1;
        res->stop = "converged";
        return 1;
    }
    if (k >= lim->max_iter) {
        res->stop = "iteration cap";
        return 1;
    }
    if (lim->max_seconds > 0 && wall_seconds() - t_start >= lim->max_seconds) {
        res->stop = "time cap";
        return 1;
    }
    return 0;
}

/* Scratch vectors of a Newton-CG run. */
typedef struct CgWork {
    double *p, *r, *d, *hd, *gs;
} CgWork;

/* Hd = H(x) d; the gradient the HVP also returns goes to the scratch gs. */
static void hess_times(const Objective *obj, const double *x, const double *d, CgWork *w, Result *res)
{
    size_t bytes = sizeof(double) * (size_t)obj->n;
    memset(w->gs, 0, bytes);
    memset(w->hd, 0, bytes);
    obj->hvp(x, d, w->gs, w->hd, obj->n);
    res->n_hvp++;
}

/* The tau >= 0 with ||p + tau d|| = delta, for ||p|| <= delta. */
static double to_boundary(const double *p, const double *d, double delta, int n)
{
    double pp = vec_dot(p, p, n), pd = vec_dot(p, d, n), dd = vec_dot(d, d, n);
    double c = pp - delta * delta; /* <= 0 */
    return (-pd + sqrt(fmax(pd * pd - dd * c, 0.0))) / dd;
}

/* p += tau d, and the model m(p) = g.p + p.Hp/2 with it (r = -g - Hp). */
static double cg_step(CgWork *w, double tau, double dhd, double m, int n)
{
    for (int i = 0; i < n; i++)
        w->p[i] += tau * w->d[i];
    return m - tau * vec_dot(w->r, w->d, n) + 0.5 * tau * tau * dhd;
}

/* Steihaug-Toint CG on the model m(p) = g.p + p.Hp/2 inside ||p|| <= delta,
 * from p = 0: stops when the residual -g - Hp falls to `target` (the
 * forcing term), at negative curvature or at the boundary (both then go to
 * the boundary), or after max_cg iterations. Leaves p in w->p and returns
 * m(p); *boundary says whether p reached the trust-region boundary. */
static double steihaug_cg(const Objective *obj, const double *x, const double *g, double delta, double target,
                          int max_cg, CgWork *w, int *boundary, Result *res)
{
    int n = obj->n;
    for (int i = 0; i < n; i++) {
        w->p[i] = 0.0;
        w->r[i] = -g[i];
        w->d[i] = -g[i];
    }
    double rr = vec_dot(w->r, w->r, n), m = 0.0;
    *boundary = 0;
    for (int j = 0; j < max_cg && sqrt(rr) > target; j++) {
        hess_times(obj, x, w->d, w, res);
        res->cg_iters++;
        double dhd = vec_dot(w->d, w->hd, n), alpha = rr / dhd;
        int neg = dhd <= 0.0;
        double reach =
            vec_dot(w->p, w->p, n) + alpha * (2 * vec_dot(w->p, w->d, n) + alpha * vec_dot(w->d, w->d, n));
        if (neg || reach >= delta * delta) { /* reach = ||p + alpha d||^2 */
            res->neg_curv += neg;
            res->boundary += !neg;
            *boundary = 1;
            return cg_step(w, to_boundary(w->p, w->d, delta, n), dhd, m, n);
        }
        m = cg_step(w, alpha, dhd, m, n);
        for (int i = 0; i < n; i++)
            w->r[i] -= alpha * w->hd[i];
        double rr_new = vec_dot(w->r, w->r, n), beta = rr_new / rr;
        for (int i = 0; i < n; i++)
            w->d[i] = w->r[i] + beta * w->d[i];
        rr = rr_new;
    }
    return m;
}

/* Eisenstat-Walker choice 2 with its safeguard: solve accurately only once
 * the gradient falls fast, i.e. once Newton's local convergence sets in. */
static double forcing_term(long k, double gnorm, double gnorm_prev, double eta_prev)
{
    if (k == 0)
        return EW_ETA0;
    double eta = EW_GAMMA * pow(gnorm / gnorm_prev, EW_ALPHA);
    double floor = EW_GAMMA * pow(eta_prev, EW_ALPHA);
    if (floor > 0.1)
        eta = fmax(eta, floor);
    return fmin(eta, EW_ETA_MAX);
}

/* The trust-region radius after a step with ratio rho = actual / predicted
 * decrease (Nocedal & Wright, Algorithm 4.1). */
static double new_radius(double delta, double rho, int boundary)
{
    if (rho < 0.25)
        return 0.25 * delta;
    if (rho > 0.75 && boundary)
        return fmin(2.0 * delta, TR_DELTA_MAX);
    return delta;
}

int newton_cg(const Objective *obj, double *x, const Limits *lim, Result *res)
{
    int n = obj->n;
    size_t bytes = sizeof(double) * (size_t)n;
    double *g = malloc(bytes), *xt = malloc(bytes);
    CgWork w = {malloc(bytes), malloc(bytes), malloc(bytes), malloc(bytes), malloc(bytes)};
    int ok = g && xt && w.p && w.r && w.d && w.hd && w.gs;
    memset(res, 0, sizeof *res);
    double t_start = wall_seconds();
    if (ok) {
        double f = eval_grad(obj, x, g, res);
        double g2 = sqrt(vec_dot(g, g, n)), g2_prev = g2, eta = EW_ETA0, delta = TR_DELTA0;
        for (long k = 0; !should_stop(lim, res, vec_norm_inf(g, n), k, t_start); k++) {
            eta = forcing_term(k, g2, g2_prev, eta);
            int boundary;
            /* No point in a linear solve finer than the final tolerance. */
            double m = steihaug_cg(obj, x, g, delta, fmax(eta * g2, 0.5 * lim->tol), lim->max_cg, &w,
                                   &boundary, res);
            for (int i = 0; i < n; i++)
                xt[i] = x[i] + w.p[i];
            double ft = obj->f(xt, n);
            res->n_f++;
            double rho = m < 0 ? (f - ft) / -m : -1.0;
            delta = new_radius(delta, rho, boundary);
            res->iters = k + 1;
            if (rho > TR_ACCEPT) {
                memcpy(x, xt, bytes);
                f = eval_grad(obj, x, g, res);
                g2_prev = g2;
                g2 = sqrt(vec_dot(g, g, n));
            } else {
                res->rejected++;
                if (delta < 1e-300) {
                    res->stop = "trust region collapsed";
                    break;
                }
            }
        }
        res->f = f;
        res->gnorm = vec_norm_inf(g, n);
    }
    res->seconds = wall_seconds() - t_start;
    free(g), free(xt), free(w.p), free(w.r), free(w.d), free(w.hd), free(w.gs);
    return ok ? 0 : -1;
}

int gradient_descent(const Objective *obj, double *x, const Limits *lim, Result *res)
{
    int n = obj->n;
    size_t bytes = sizeof(double) * (size_t)n;
    double *g = malloc(bytes), *p = malloc(bytes), *xt = malloc(bytes);
    int ok = g && p && xt;
    memset(res, 0, sizeof *res);
    double t_start = wall_seconds();
    if (ok) {
        double f = eval_grad(obj, x, g, res), t = 0.5;
        for (long k = 0; !should_stop(lim, res, vec_norm_inf(g, n), k, t_start); k++) {
            for (int i = 0; i < n; i++)
                p[i] = -g[i];
            /* Start from twice the last accepted step, so the step can grow back. */
            t = armijo(obj, x, f, p, -vec_dot(g, g, n), 2.0 * t, xt, res);
            if (t == 0.0) {
                res->stop = "line search failed";
                break;
            }
            memcpy(x, xt, bytes);
            f = eval_grad(obj, x, g, res);
            res->iters = k + 1;
        }
        res->f = f;
        res->gnorm = vec_norm_inf(g, n);
    }
    res->seconds = wall_seconds() - t_start;
    free(g), free(p), free(xt);
    return ok ? 0 : -1;
}
